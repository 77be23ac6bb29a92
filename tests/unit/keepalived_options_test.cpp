// keepalived's command line into Settings: what a bad value leaves.
#include "keepalived/options.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

// parse_options' status (-1: go on) for `keepalived ARGS...`.
int parse(std::vector<std::string> args, lvs::keepalived::Settings &s)
{
	args.insert(args.begin(), "keepalived");
	std::vector<char *> argv;
	for (auto &a : args)
		argv.push_back(a.data());
	argv.push_back(nullptr);
	return lvs::keepalived::parse_options(static_cast<int>(args.size()), argv.data(), s);
}

} // namespace

TEST_CASE("-u takes a mask in any base; a bad one leaves the umask alone")
{
	for (const auto &[arg, mask] : std::vector<std::pair<std::string, int>>{
		     {"027", 027}, {"0x12", 022}, {"18", 022}, {"0", 0},
		     // As keepalived 2.2.7: warned about, and no umask is set (not 0).
		     {"xyz", -1}, {"01000", -1}, {"-1", -1}, {"", -1}}) {
		lvs::keepalived::Settings s;
		CAPTURE(arg);
		CHECK(parse({"-u", arg}, s) == -1);
		CHECK(s.umask == mask);
	}
}
