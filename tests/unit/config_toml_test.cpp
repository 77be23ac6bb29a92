// The model as keepalived.conf (-d) and as TOML (--dump-conf=toml), and a
// TOML config read back to the same model.
#include "core/config/emit.hpp"
#include "core/config/load.hpp"
#include "core/config/toml.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace lvs::config;

namespace {

const std::filesystem::path kCorpus = std::filesystem::path(__FILE__).parent_path() / "../keepalived";

std::string dump(const Config &cfg)
{
	return to_conf(emit(cfg));
}

std::string temp_file(const std::string &suffix, const std::string &text)
{
	char name[] = "/tmp/lvsbox-toml-XXXXXX";
	int fd = mkstemp(name);
	close(fd);
	std::string path = std::string(name) + suffix;
	std::rename(name, path.c_str());
	std::ofstream(path) << text;
	return path;
}

} // namespace

TEST_CASE("the keepalived.conf dump loads back to the same model")
{
	for (const char *name : {"good_checkers.conf", "good_vs_keywords.conf", "guide_vxlan.conf", "good_vsg.conf",
				 "good_global_lvs.conf", "guide_client_list.conf"}) {
		Loaded first = load_file((kCorpus / name).string());
		REQUIRE_MESSAGE(first.diags.exit_status() == 0, name);
		std::string once = dump(first.config);
		Loaded again = load_text(once, "dump.conf");
		CHECK_MESSAGE(again.diags.exit_status() == 0, name);
		CHECK_MESSAGE(dump(again.config) == once, name);
	}
}

TEST_CASE("TOML written from a model reads back to the same model")
{
	for (const char *name : {"guide_vxlan.conf", "good_vsg.conf", "guide_draining.conf", "good_sorry_server.conf"}) {
		Loaded first = load_file((kCorpus / name).string());
		std::string path = temp_file(".toml", to_toml(first.config));
		Loaded back = load_file(path);
		std::remove(path.c_str());
		CHECK_MESSAGE(back.diags.exit_status() == 0, name);
		CHECK_MESSAGE(dump(back.config) == dump(first.config), name);
	}
}

TEST_CASE("a hand-written TOML config gets the checks of keepalived.conf, with TOML lines")
{
	std::string path = temp_file(".toml", R"(
[[virtual_server]]
_args = ["10.0.0.1", 80]
lb_algo = "rr"
lb_kind = "FNAT"
protocol = "TCP"
persistence_timeout = true
tcp_draining_timeout = 9999

[[virtual_server.real_server]]
_args = ["10.0.0.2", 80]
weight = 3

[[virtual_server.real_server.TCP_CHECK]]
connect_timeout = 2
nb_get_retry = 4
)");
	Loaded l = load_file(path);
	std::remove(path.c_str());
	const VirtualServer &vs = l.config.virtual_servers.at(0);
	CHECK(vs.persistence_timeout == 360);
	CHECK(vs.forward.kind == Forward::fnat);
	CHECK(vs.real_servers.at(0).weight == 3);
	CHECK(vs.real_servers.at(0).checkers.at(0).retry == 4);
	REQUIRE(l.diags.failed());
	CHECK(l.diags.format(l.diags.all().at(1)).find(": Line 8) tcp_draining_timeout 9999 must be in [0, 3600]") !=
	      std::string::npos);
}

TEST_CASE("value blocks are arrays of lines; a block with a name takes _args and _lines")
{
	std::string path = temp_file(".toml", R"(
[[local_address_group]]
_args = ["lg"]
_lines = ["10.0.0.10", "10.0.0.20-29 lo"]
)");
	Loaded l = load_file(path);
	std::remove(path.c_str());
	const auto &g = l.config.local_address_groups.at(0);
	CHECK(g.name == "lg");
	CHECK(g.addresses.size() == 2);
	CHECK(g.addresses[1].dev == "lo");
}

TEST_CASE("a TOML syntax error is reported at its line")
{
	std::string path = temp_file(".toml", "[[virtual_server]\n");
	Loaded l = load_file(path);
	std::remove(path.c_str());
	CHECK(l.diags.exit_status() == kExitConfigError);
	CHECK(l.diags.all().at(0).loc.line == 1);
}

TEST_CASE("a regex with backslashes, quotes and blanks survives both dumps")
{
	Loaded first = load_text("virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
				 " real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n    path /\n"
				 "    regex 'a\\\\d+ \"q\" it\\'s'\n   }\n  }\n }\n}\n",
				 "t.conf");
	REQUIRE(first.diags.exit_status() == 0);
	auto regex = [](const Config &c) {
		return std::get<HttpCheck>(*c.virtual_servers.at(0).real_servers.at(0).checkers.at(0).detail).urls.at(0).regex;
	};
	REQUIRE(regex(first.config) == "a\\d+ \"q\" it's");
	Loaded conf = load_text(dump(first.config), "dump.conf");
	CHECK(regex(conf.config) == regex(first.config));
	std::string path = temp_file(".toml", to_toml(first.config));
	Loaded toml = load_file(path);
	std::remove(path.c_str());
	CHECK(regex(toml.config) == regex(first.config));
}
