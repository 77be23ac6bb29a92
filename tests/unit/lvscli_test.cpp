// lvscli's pure parts: the checks of ADDRESS PORT [PROTOCOL], and what it
// prints for each kind of reply.
#include "json_contract.hpp"
#include "lvscli/commands.hpp"
#include "lvscli/output.hpp"
#include "lvscli/service.hpp"

#include "core/net/addr.hpp"
#include "keepalived/rpc_results.hpp"

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <string>

using namespace lvs::lvscli;
using lvs::keepalived::change_result;
using lvs::keepalived::definition_result;
using lvs::rpc::decode_reply;

namespace {

// The word as a check leaves it, or "error: WHY".
std::string checked(std::string (*check)(std::string &), std::string word)
{
	std::string why = check(word);
	return why.empty() ? word : "error: " + why;
}

const Command &command(std::string_view name)
{
	for (const auto &c : kCommands)
		if (c.name == name)
			return c;
	FAIL("no command ", name);
	return kCommands[0];
}

const char *kChange = R"({"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","operations":5,"failed":0,)"
		      R"("file":"/var/lib/keepalived/lvscli/TCP_10.0.0.1_80.conf"}})";

} // namespace

TEST_CASE("ADDRESS: IPv4 or IPv6, sent as inet_ntop writes it")
{
	CHECK(checked(check_address, "10.0.0.1") == "10.0.0.1");
	CHECK(checked(check_address, "2001:DB8:0::1") == "2001:db8::1");
	CHECK(checked(check_address, "::ffff:10.0.0.1") == "::ffff:10.0.0.1");
	CHECK(checked(check_address, "10.1") == "error: '10.1' is not an IPv4 or IPv6 address");
	CHECK(checked(check_address, "host.example") == "error: 'host.example' is not an IPv4 or IPv6 address");
	CHECK(checked(check_address, "") == "error: '' is not an IPv4 or IPv6 address");
}

TEST_CASE("PORT: 0 to 65535 in decimal, without leading zeros")
{
	CHECK(checked(check_port, "80") == "80");
	CHECK(checked(check_port, "0") == "0");
	CHECK(checked(check_port, "65535") == "65535");
	CHECK(checked(check_port, "010") == "10");
	for (const char *bad : {"65536", "-1", "0x50", "http", "", "100000", " 80"})
		CHECK(checked(check_port, bad) == std::string("error: '") + bad + "' is not a port (0 to 65535)");
}

TEST_CASE("PROTOCOL: TCP or UDP in any case")
{
	CHECK(checked(check_protocol, "tcp") == "TCP");
	CHECK(checked(check_protocol, "Udp") == "UDP");
	CHECK(checked(check_protocol, "sctp") == "error: 'sctp' is not a protocol (TCP or UDP)");
}

TEST_CASE("output: one line per change, the counts in brackets")
{
	Output o = render(command("add"), decode_reply(kChange), false);
	CHECK(o.out == "added TCP 10.0.0.1:80 (5 operations)\n");
	CHECK(o.err.empty());
	CHECK(o.status == 0);
	auto one = decode_reply(R"({"jsonrpc":"2.0","id":1,"result":{"service":"UDP [::1]:53","operations":1,"failed":2}})");
	CHECK(render(command("set"), one, false).out == "updated UDP [::1]:53 (1 operation, 2 failed)\n");
	CHECK(render(command("del"), decode_reply(kChange), false).out == "deleted TCP 10.0.0.1:80 (5 operations)\n");
}

TEST_CASE("output: show prints the definition as returned, ending in a newline")
{
	auto r = decode_reply(R"({"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80",)"
			      R"("config":"virtual_server 10.0.0.1 80 {\n    lb_algo rr\n}","source":"lvscli"}})");
	CHECK(render(command("show"), r, false).out == "virtual_server 10.0.0.1 80 {\n    lb_algo rr\n}\n");
}

TEST_CASE("output: a fault is its diagnostics (each with its line), else lvscli: MESSAGE, on stderr; status 1")
{
	auto r = decode_reply(R"({"jsonrpc":"2.0","id":1,"error":{"code":-22,"message":"svc.conf: not added",)"
			      R"("data":{"diagnostics":["svc.conf:3: unknown keyword 'x'"]}}})");
	Output o = render(command("add"), r, false);
	CHECK(o.out.empty());
	CHECK(o.err == "svc.conf:3: unknown keyword 'x'\n");
	CHECK(o.status == 1);
	auto exists = decode_reply(R"({"jsonrpc":"2.0","id":1,"error":{"code":-17,"message":"TCP 10.0.0.1:80 exists"}})");
	CHECK(render(command("add"), exists, false).err == "lvscli: TCP 10.0.0.1:80 exists\n");
	auto warned = decode_reply(R"({"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","operations":2,)"
				   R"("failed":0,"warnings":["(svc.conf: Line 4) a note"]}})");
	Output w = render(command("add"), warned, false);
	CHECK(w.err == "(svc.conf: Line 4) a note\n");
	CHECK(w.status == 0);
}

TEST_CASE("output: --json prints schema_version, then the result or the error object as the server sent it")
{
	Output ok = render(command("add"), decode_reply(kChange), true);
	CHECK(ok.out == R"({"schema_version":1,"service":"TCP 10.0.0.1:80","operations":5,"failed":0,)"
			R"("file":"/var/lib/keepalived/lvscli/TCP_10.0.0.1_80.conf"})"
			"\n");
	CHECK(ok.status == 0);
	Output bad = render(command("del"),
			    decode_reply(R"({"jsonrpc":"2.0","id":1,"error":{"message":"no such service","code":-2}})"),
			    true);
	CHECK(bad.out == "{\"schema_version\":1,\"message\":\"no such service\",\"code\":-2}\n");
	CHECK(bad.err.empty());
	CHECK(bad.status == 1);
	// A result without what the method promises is no document either.
	CHECK_THROWS_AS(render(command("show"), decode_reply(kChange), true), lvs::rpc::ClientError);
}

namespace {

// What lvscli prints for the result keepalived's server makes.
std::string printed(std::string_view name, const lvs::rpc::Json &result)
{
	lvs::rpc::Reply reply{result, std::nullopt};
	return render(command(name), reply, true).out;
}

} // namespace

TEST_CASE("output: --json of keepalived's results names the service as ipvsadm --json does")
{
	lvs::ipvs::ServiceKey web{AF_INET, IPPROTO_TCP, *lvs::net::parse_ipv4_liberal("10.0.0.1"), 80, 0};
	CHECK(printed("del", change_result(web, 1, "/f.conf", {})) ==
	      R"({"schema_version":1,"service":"TCP 10.0.0.1:80","family":"inet","protocol":"tcp",)"
	      R"("address":"10.0.0.1","port":80,"fwmark":0,"operations":1,"failed":0,"file":"/f.conf"})"
	      "\n");
}

TEST_CASE("output: --json documents are the ones JSON OUTPUT in lvscli(8) documents")
{
	lvs::ipvs::ServiceKey web{AF_INET, IPPROTO_TCP, *lvs::net::parse_ipv4_liberal("10.0.0.1"), 80, 0};
	lvs::ipvs::ServiceKey dns{AF_INET6, IPPROTO_UDP, *lvs::net::parse_ipv6("2001:db8::1"), 53, 0};
	lvs::ipvs::ServiceKey mark{AF_INET, 0, {}, 0, 7};
	json_contract::check("lvscli.8", "change",
			     {printed("add", change_result(web, 5, "/f.conf", {"(svc.conf: Line 4) a note"})),
			      printed("set", change_result(dns, 2, "/g.conf", {})),
			      printed("del", change_result(mark, 1, "/h.conf", {}))});
	json_contract::check("lvscli.8", "definition",
			     {printed("show", definition_result(web, "virtual_server 10.0.0.1 80 {\n}\n", "")),
			      printed("show", definition_result(mark, "virtual_server fwmark 7 {\n}\n", "/h.conf"))});
	auto error = [](const char *object) {
		return render(command("add"),
			      decode_reply(std::string(R"({"jsonrpc":"2.0","id":1,"error":)") + object + "}"), true)
			.out;
	};
	json_contract::check("lvscli.8", "error",
			     {error(R"({"code":-22,"message":"m","data":{"diagnostics":["svc.conf:3: x"]}})"),
			      error(R"({"code":-17,"message":"TCP 10.0.0.1:80 exists"})")});
}
