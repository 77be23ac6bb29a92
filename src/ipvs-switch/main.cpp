#include "ipvs-switch/ipvs_switch.hpp"

#include "app/usage.hpp"
#include "core/error.hpp"
#include "core/kmod/kernel.hpp"
#include "ipvs-switch/plan.hpp"
#include "ipvs-switch/settings.hpp"
#include "ipvs-switch/state.hpp"
#include "ipvs-switch/switch.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <string>
#include <unistd.h>

namespace lvs::ipvs_switch {

namespace {

// A word after the mode, or an option CLI11 does not know: said in our
// words, as CLI11 has only "The following argument was not expected".
std::string extra_word(const std::string &word, const std::string &mode)
{
	if (word.starts_with('-'))
		return "unknown option " + word;
	return "one mode at a time, not '" + mode + "' and '" + word + "'";
}

} // namespace

// ipvs-switch's command line is ours, with no older tool's output to
// match byte for byte: CLI11 reads it and writes the help from the same
// declarations. A usage error changes nothing.
int ipvs_switch_main(int argc, char **argv)
{
	std::string config = kSettingsFile;
	bool restore = false;
	std::string mode;
	CLI::App app("Switch the kernel between the stock IPVS module and the full-NAT one.", "ipvs-switch");
	app.get_formatter()->column_width(20);
	app.set_help_flag("-h,--help", "display this help");
	app.set_version_flag("--version", "ipvs-switch (lvsbox) " LVSBOX_VERSION, "display the version");
	app.allow_extras();
	CLI::Option *given = app.add_option("mode", mode,
					    "orig or fnat (see Modes); without it, print the current mode:\n"
					    "orig, fnat or none")
				     ->type_name("");
	CLI::Option *named = app.add_option("-c,--config", config,
					    std::string("settings (default ") + kSettingsFile + ")")
				     ->type_name("FILE");
	app.add_flag("-r,--restore", restore,
		     std::string("switch to the mode saved by the last switch (in\n") + kStateFile +
			     "), for boot: the kernel does not keep it");
	app.footer("Modes:\n"
		   "  orig  clear the IPVS table, unload the full-NAT module, load ip_vs\n"
		   "  fnat  clear the IPVS table, unload ip_vs and the modules using it,\n"
		   "        load the full-NAT module");
	if (auto status = app::parse_command_line(app, argc, argv))
		return *status;
	if (auto extra = app.remaining(); !extra.empty())
		return app::usage_error("ipvs-switch", extra_word(extra.front(), mode));
	if (restore && given->count())
		return app::usage_error("ipvs-switch", "--restore takes no mode");
	std::optional<Mode> target;
	if (given->count() && !(target = parse_mode(mode)))
		return app::usage_error("ipvs-switch", "unknown mode '" + mode + "' (orig or fnat)");

	Settings settings = load_settings(config, named->count() > 0);
	if (restore) {
		auto saved = saved_mode(kStateFile);
		Mode now = current_mode(kmod::loaded_modules(), settings);
		if (!saved || *saved == now) {
			auto name = mode_name(now);
			std::printf("%s; the mode is %.*s\n", saved ? "nothing to restore" : "no saved mode",
				    static_cast<int>(name.size()), name.data());
			return 0;
		}
		if (geteuid() != 0)
			throw Error("switching the IPVS module needs root");
		switch_to(*saved, settings, stdout);
		return 0;
	}
	if (!target) {
		auto name = mode_name(current_mode(kmod::loaded_modules(), settings));
		std::printf("%.*s\n", static_cast<int>(name.size()), name.data());
		return 0;
	}
	if (geteuid() != 0)
		throw Error("switching the IPVS module needs root");
	switch_to(*target, settings, stdout);
	save_mode(*target, kStateFile);
	return 0;
}

} // namespace lvs::ipvs_switch
