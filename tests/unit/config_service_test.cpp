// One virtual server given over JSON-RPC: read against the root config
// (its local_address_group), exactly one `virtual_server ADDRESS PORT`
// and nothing else, each refusal at its line in the caller's text.
#include "core/config/load.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lvs;

namespace {

const char *kRoot = "global_defs {\n router_id lb1\n}\n"
		    "local_address_group laddr {\n 10.0.9.1-2\n}\n";

std::vector<std::string> said(const config::Loaded &l)
{
	std::vector<std::string> out;
	for (const auto &d : l.diags.all())
		out.push_back(l.diags.format(d));
	return out;
}

} // namespace

TEST_CASE("load_service: one full-NAT service naming the root's local_address_group")
{
	config::Config root = lvstest::load(kRoot);
	config::Loaded l = config::load_service("virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind FNAT\n"
						" protocol TCP\n laddr_group_name laddr\n"
						" real_server 10.0.1.1 80 {\n }\n}\n",
						"svc.conf", root);
	CHECK_FALSE(l.diags.failed());
	REQUIRE(l.config.virtual_servers.size() == 1);
	CHECK(config::peek(l.config.virtual_servers[0].rare).laddr_group_name == "laddr");
	CHECK(l.diags.file(1) == "svc.conf");
}

TEST_CASE("load_service: what does not belong is refused at its line and never parsed")
{
	config::Config root = lvstest::load(kRoot);
	config::Loaded l = config::load_service("global_defs {\n router_id evil\n}\n"
						"include /etc/keepalived/other.conf\n"
						"virtual_server 10.0.0.1 80 {\n protocol TCP\n nonsense 1\n}\n"
						"virtual_server 10.0.0.2 80 {\n}\n"
						"virtual_server group g {\n}\n"
						"local_address_group x {\n 10.0.9.9\n}\n",
						"svc.conf", root);
	CHECK(l.diags.failed());
	auto lines = said(l);
	auto has = [&](const std::string &text) {
		return std::find(lines.begin(), lines.end(), text) != lines.end();
	};
	CHECK(has("(svc.conf: Line 1) 'global_defs' is not allowed here: give one virtual_server, and keep the rest "
		  "in keepalived.conf"));
	CHECK(has("(svc.conf: Line 4) include is not allowed here: give the text itself"));
	CHECK(has("(svc.conf: Line 7) Unknown keyword 'nonsense'"));
	CHECK(has("(svc.conf: Line 9) one virtual_server per call; the first is at line 5"));
	CHECK(has("(svc.conf: Line 11) virtual_server group is not supported here: give one address and port"));
	CHECK(has("(svc.conf: Line 13) 'local_address_group' is not allowed here: give one virtual_server, and keep "
		  "the rest in keepalived.conf"));
	REQUIRE(l.config.virtual_servers.size() == 1);
	CHECK(l.config.global.router_id == "lb1");
	CHECK(l.config.local_address_groups.size() == 1);
	for (const auto &line : lines)
		CHECK_MESSAGE(line.find("Line") != std::string::npos, line);
}

TEST_CASE("load_service: no service at all, fwmark, an unknown group name")
{
	config::Config root = lvstest::load(kRoot);
	CHECK(said(config::load_service("", "e", root)) == std::vector<std::string>{"no virtual_server given"});
	auto fw = said(config::load_service("virtual_server fwmark 1 {\n}\n", "f", root));
	CHECK(std::find(fw.begin(), fw.end(), "(f: Line 1) virtual_server fwmark is not supported here: give one "
					       "address and port") != fw.end());
	config::Loaded g = config::load_service("virtual_server 10.0.0.1 80 {\n lb_kind FNAT\n protocol TCP\n"
						" laddr_group_name other\n}\n",
						"g", root);
	CHECK(g.diags.failed());
}
