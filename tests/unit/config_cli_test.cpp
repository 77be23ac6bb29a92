// keepalived's command line in this version: -t and its exit statuses,
// -d and --dump-conf=toml, and which configs run (only VRRP ones).
#include "keepalived/keepalived.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

const std::string kCorpus = (std::filesystem::path(__FILE__).parent_path() / "../keepalived").string();

int run(std::vector<std::string> args)
{
	std::vector<char *> argv;
	for (auto &a : args)
		argv.push_back(a.data());
	argv.push_back(nullptr);
	return lvs::keepalived::keepalived_main(static_cast<int>(args.size()), argv.data());
}

} // namespace

TEST_CASE("-t exits as keepalived 2.2.7 does: 0, 4, 5 or 6")
{
	CHECK(run({"keepalived", "-t", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 0);
	CHECK(run({"keepalived", "--config-test", "--use-file=" + kCorpus + "/bad_unknown_keyword.conf"}) == 5);
	CHECK(run({"keepalived", "-t", "-f", kCorpus + "/bad_script_security.conf"}) == 6);
	CHECK(run({"keepalived", "-t", "-f", "/nonexistent/keepalived.conf"}) == 4);
	CHECK(run({"keepalived", "-t", "-e", "-f", kCorpus + "/good_missing_include.conf"}) == 4);
	CHECK(run({"keepalived", "-t", "-i", "main", "-f", kCorpus + "/good_conditional.conf"}) == 0);
	CHECK(run({"keepalived", "-t", "-i", "backup", "-f", kCorpus + "/good_conditional.conf"}) == 5);
}

TEST_CASE("-d and --dump-conf=toml dump the effective model")
{
	CHECK(run({"keepalived", "-d", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 0);
	CHECK(run({"keepalived", "--dump-conf=toml", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 0);
	CHECK(run({"keepalived", "--dump-conf=yaml", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 2);
}

TEST_CASE("without -t or -d only VRRP runs: other configs exit 2, a missing one 4")
{
	CHECK(run({"keepalived", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 2);
	CHECK(run({"keepalived", "--dont-fork", "-D", "-f", kCorpus + "/good_minimal_lvs.conf"}) == 2);
	CHECK(run({"keepalived", "-f", "/nonexistent/keepalived.conf"}) == 4);
	CHECK(run({"keepalived", "--bogus"}) == 2);
	CHECK(run({"keepalived", "-h"}) == 0);
	CHECK(run({"keepalived", "-v"}) == 0);
}
