#include "app/usage.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace lvs::app {

int usage_error(std::string_view tool, std::string_view why)
{
	std::fprintf(stderr, "%.*s: %.*s; try '%.*s --help'\n", static_cast<int>(tool.size()), tool.data(),
		     static_cast<int>(why.size()), why.data(), static_cast<int>(tool.size()), tool.data());
	return kUsageExit;
}

std::optional<int> parse_command_line(CLI::App &cli, int argc, char **argv)
{
	try {
		cli.parse(argc, argv);
	} catch (const CLI::CallForHelp &) {
		std::fputs(cli.help().c_str(), stdout);
		return 0;
	} catch (const CLI::CallForVersion &e) {
		std::printf("%s\n", e.what());
		return 0;
	} catch (const CLI::ParseError &e) {
		return usage_error(cli.get_name(), e.what());
	}
	return std::nullopt;
}

} // namespace lvs::app
