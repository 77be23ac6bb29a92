// Maps the name lvsbox was called by to a personality. The table is the one
// place that lists them; help, install links and tests all read it.
#pragma once

#include "app/usage.hpp"

#include <span>
#include <string_view>

namespace lvs::app {

// A personality's entry point: argv[0] is the personality's own name.
using Entry = int (*)(int argc, char **argv);

struct Personality {
	std::string_view name;
	std::string_view summary;
	Entry entry;
};

std::span<const Personality> personalities();

// Runs the personality named by argv[0]'s basename or, when lvsbox is called
// by another name, by argv[1]. Returns the process exit status.
int dispatch(int argc, char **argv);

} // namespace lvs::app
