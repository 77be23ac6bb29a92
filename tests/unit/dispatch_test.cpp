#include "app/dispatch.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

int dispatch(std::vector<std::string> args)
{
	std::vector<char *> argv;
	for (auto &a : args)
		argv.push_back(a.data());
	argv.push_back(nullptr);
	return lvs::app::dispatch(static_cast<int>(args.size()), argv.data());
}

} // namespace

TEST_CASE("the personality table names the four tools")
{
	std::vector<std::string> names;
	for (const auto &p : lvs::app::personalities())
		names.emplace_back(p.name);
	CHECK(names == std::vector<std::string>{"ipvsadm", "keepalived", "ipvs-switch", "lvscli"});
}

TEST_CASE("unknown personalities and a bare call are usage errors")
{
	CHECK(dispatch({"lvsbox", "nosuchtool"}) == lvs::app::kUsageExit);
	CHECK(dispatch({"/opt/bin/renamed"}) == lvs::app::kUsageExit);
	CHECK(dispatch({"lvsbox"}) == lvs::app::kUsageExit);
}

TEST_CASE("help and version succeed")
{
	CHECK(dispatch({"lvsbox", "--help"}) == 0);
	CHECK(dispatch({"lvsbox", "--version"}) == 0);
}
