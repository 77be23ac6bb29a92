// How every personality but ipvsadm (whose words are ipvsadm 1.31's) says
// that its command line is wrong, and reads one declared with CLI11.
#pragma once

#include <optional>
#include <string_view>

namespace CLI {
class App;
}

namespace lvs::app {

// Exit status for usage errors.
inline constexpr int kUsageExit = 2;

// Prints "TOOL: WHY; try 'TOOL --help'" as one line on stderr and returns
// kUsageExit. One line rather than the help: the help would push what is
// wrong off the screen.
int usage_error(std::string_view tool, std::string_view why);

// Parses argv into `cli` (named as its personality). Returns the exit
// status when the command line ends the run: after printing the help
// (--help) or the version (--version) on stdout, or a usage error on
// stderr; nullopt to go on.
std::optional<int> parse_command_line(CLI::App &cli, int argc, char **argv);

} // namespace lvs::app
