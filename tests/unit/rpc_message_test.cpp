// The JSON-RPC client's messages (core/rpc/message.*): requests as they go
// on the wire, and replies read back, well formed or not.
#include "core/rpc/message.hpp"
#include "core/rpc/protocol.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

using namespace lvs::rpc;

namespace {

// The errno of the ClientError f throws, 0 when it throws none.
template <class F>
int client_errno(F f)
{
	try {
		f();
	} catch (const ClientError &e) {
		return e.error();
	}
	return 0;
}

std::string message_of(const std::string &reply)
{
	try {
		decode_reply(reply);
	} catch (const ClientError &e) {
		return e.what();
	}
	return "(no error)";
}

} // namespace

TEST_CASE("requests: the members in protocol.hpp's order, the config escaped by the JSON writer")
{
	CHECK(request_line(kAdd, config_params("virtual_server 10.0.0.1 80 {\n\tlb_algo \"rr\" \\\n}\n", "svc.conf")) ==
	      R"({"jsonrpc":"2.0","id":1,"method":"virtual_server.add","params":{"config":)"
	      R"("virtual_server 10.0.0.1 80 {\n\tlb_algo \"rr\" \\\n}\n","name":"svc.conf"}})"
	      "\n");
	CHECK(request_line(kUpdate, config_params("x", std::nullopt)) ==
	      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"virtual_server.update\",\"params\":{\"config\":\"x\"}}\n");
	CHECK(request_line(kDelete, service_params({"2001:db8::1", 53, "UDP"})) ==
	      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"virtual_server.delete\",\"params\":"
	      "{\"address\":\"2001:db8::1\",\"port\":53,\"protocol\":\"UDP\"}}\n");
	CHECK(request_line(kGet, service_params({"10.0.0.1", 80, "TCP"})) ==
	      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"virtual_server.get\",\"params\":"
	      "{\"address\":\"10.0.0.1\",\"port\":80,\"protocol\":\"TCP\"}}\n");
}

TEST_CASE("requests: a config over kMaxConfig or not UTF-8 is refused, never altered; a name may be any bytes")
{
	std::string limit(kMaxConfig, 'x');
	CHECK(client_errno([&] { config_params(limit, "big.conf"); }) == 0);
	CHECK(client_errno([&] { config_params(limit + "x", "big.conf"); }) == E2BIG);
	try {
		config_params(limit + "x", "big.conf");
	} catch (const ClientError &e) {
		CHECK(std::string(e.what()) == "big.conf: over the 960 KiB a call may carry");
	}
	CHECK(client_errno([] { config_params("# caf\xe9\n", "latin1.conf"); }) == EINVAL);
	CHECK(client_errno([] { config_params("# caf\xc3\xa9\n", "utf8.conf"); }) == 0);
	CHECK(request_line(kAdd, config_params("x", "caf\xe9.conf")).find("\"name\":\"caf\xef\xbf\xbd.conf\"") !=
	      std::string::npos);
}

TEST_CASE("replies: a result, as the server sent it, members in its order")
{
	Reply r = decode_reply(R"({"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","operations":5,)"
			       R"("failed":0,"file":"/var/lib/keepalived/lvscli/a.conf"}})");
	CHECK_FALSE(r.error);
	CHECK(r.body.dump() ==
	      R"({"service":"TCP 10.0.0.1:80","operations":5,"failed":0,"file":"/var/lib/keepalived/lvscli/a.conf"})");
	Change c = change_of(r.body);
	CHECK(c.service == "TCP 10.0.0.1:80");
	CHECK(c.operations == 5);
	CHECK(c.failed == 0);
	CHECK(c.file == "/var/lib/keepalived/lvscli/a.conf");

	Definition d = definition_of(decode_reply(R"({"jsonrpc":"2.0","id":1,"result":{"service":"UDP [::1]:53",)"
						  R"("config":"virtual_server ::1 53 {\n}\n","source":"lvscli"}})")
					     .body);
	CHECK(d.service == "UDP [::1]:53");
	CHECK(d.config == "virtual_server ::1 53 {\n}\n");
	CHECK(d.source == "lvscli");
}

TEST_CASE("replies: an error with its diagnostics, data optional, id null when the server could not read ours")
{
	Reply r = decode_reply(R"({"jsonrpc":"2.0","id":1,"error":{"code":-22,"message":"svc.conf: bad config",)"
			       R"("data":{"diagnostics":["svc.conf:3: unknown keyword 'x'","svc.conf:5: no real server"]}}})");
	REQUIRE(r.error);
	CHECK(r.error->code == -EINVAL);
	CHECK(r.error->message == "svc.conf: bad config");
	CHECK(r.error->diagnostics ==
	      std::vector<std::string>{"svc.conf:3: unknown keyword 'x'", "svc.conf:5: no real server"});
	CHECK(r.body.dump() == R"({"code":-22,"message":"svc.conf: bad config","data":{"diagnostics":)"
			       R"(["svc.conf:3: unknown keyword 'x'","svc.conf:5: no real server"]}})");

	Reply parse = decode_reply(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
	REQUIRE(parse.error);
	CHECK(parse.error->code == kParseError);
	CHECK(parse.error->diagnostics.empty());
}

TEST_CASE("replies: anything but a JSON-RPC 2.0 response to request 1 is EBADMSG, saying why")
{
	const std::pair<const char *, const char *> bad[] = {
		{"", "not JSON"},
		{"{\"jsonrpc\":\"2.0\",", "not JSON"},
		{"[1]", "not a JSON object"},
		{R"({"id":1,"result":{}})", "not JSON-RPC 2.0"},
		{R"({"jsonrpc":"1.0","id":1,"result":{}})", "not JSON-RPC 2.0"},
		{R"({"jsonrpc":"2.0","id":1})", "neither \"result\" nor \"error\", or both"},
		{R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":""}})",
		 "neither \"result\" nor \"error\", or both"},
		{R"({"jsonrpc":"2.0","id":2,"result":{}})", "not the answer to request 1"},
		{R"({"jsonrpc":"2.0","result":{}})", "not the answer to request 1"},
		{R"({"jsonrpc":"2.0","id":null,"result":{}})", "not the answer to request 1"},
		{R"({"jsonrpc":"2.0","id":1,"error":"no"})", "\"error\" is not an object"},
		{R"({"jsonrpc":"2.0","id":1,"error":{"code":"-22","message":"x"}})", "no integer \"code\""},
		{R"({"jsonrpc":"2.0","id":1,"error":{"code":-22}})", "no string \"message\""},
		{R"({"jsonrpc":"2.0","id":1,"error":{"code":-99999999999,"message":"x"}})", "error code out of range"},
		{R"({"jsonrpc":"2.0","id":1,"error":{"code":-22,"message":"x","data":{"diagnostics":"a"}}})",
		 "\"diagnostics\" is not an array"},
		{R"({"jsonrpc":"2.0","id":1,"error":{"code":-22,"message":"x","data":{"diagnostics":[1]}}})",
		 "a diagnostic is not a string"},
	};
	for (const auto &[reply, why] : bad) {
		CAPTURE(reply);
		CHECK(client_errno([&] { decode_reply(reply); }) == EBADMSG);
		CHECK(message_of(reply) == std::string("unreadable reply: ") + why);
	}
}

TEST_CASE("replies: a result that lacks what its method promises is EBADMSG")
{
	CHECK(client_errno([] { change_of(Json::array()); }) == EBADMSG);
	CHECK(client_errno([] { change_of(Json::parse(R"({"service":"TCP 10.0.0.1:80","failed":0})")); }) == EBADMSG);
	CHECK(client_errno([] { change_of(Json::parse(R"({"service":"s","operations":"5","failed":0})")); }) ==
	      EBADMSG);
	CHECK(client_errno([] { definition_of(Json::parse(R"({"service":"TCP 10.0.0.1:80"})")); }) == EBADMSG);
	CHECK(change_of(Json::parse(R"({"service":"s","operations":1,"failed":0})")).file.empty());
}

TEST_CASE("faults as errnos: a negative errno stands for itself, everything else is EPROTO")
{
	CHECK(fault_errno({-EINVAL, "", {}}) == -EINVAL);
	CHECK(fault_errno({-EEXIST, "", {}}) == -EEXIST);
	CHECK(fault_errno({-4095, "", {}}) == -4095);
	CHECK(fault_errno({kParseError, "", {}}) == -EPROTO);
	CHECK(fault_errno({kMethodNotFound, "", {}}) == -EPROTO);
	CHECK(fault_errno({-4096, "", {}}) == -EPROTO);
	CHECK(fault_errno({0, "", {}}) == -EPROTO);
	CHECK(fault_errno({22, "", {}}) == -EPROTO);
}
