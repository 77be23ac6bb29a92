#include "ipvs-switch/ipvs_switch.hpp"

#include "core/error.hpp"
#include "core/kmod/kernel.hpp"
#include "ipvs-switch/plan.hpp"
#include "ipvs-switch/settings.hpp"
#include "ipvs-switch/state.hpp"
#include "ipvs-switch/switch.hpp"

#include <cstdio>
#include <getopt.h>
#include <string>
#include <unistd.h>

namespace lvs::ipvs_switch {

namespace {

constexpr int kUsageExit = 2;

void usage(std::FILE *out)
{
	std::fprintf(out,
		     "Usage: ipvs-switch [OPTION]... [orig|fnat]\n"
		     "Switch the kernel between the stock IPVS module and the full-NAT one.\n\n"
		     "  orig                clear the IPVS table, unload the full-NAT module, load ip_vs\n"
		     "  fnat                clear the IPVS table, unload ip_vs and the modules using it,\n"
		     "                      load the full-NAT module\n"
		     "  (no argument)       print the current mode: orig, fnat or none\n\n"
		     "  -c, --config=FILE   settings (default %s)\n"
		     "  -r, --restore       switch to the mode saved by the last switch (in %s),\n"
		     "                      for boot: the kernel does not keep it\n"
		     "  -h, --help          display this help\n",
		     kSettingsFile, kStateFile);
}

} // namespace

int ipvs_switch_main(int argc, char **argv)
{
	static const option longs[] = {
		{"config", required_argument, nullptr, 'c'},
		{"restore", no_argument, nullptr, 'r'},
		{"help", no_argument, nullptr, 'h'},
		{nullptr, 0, nullptr, 0},
	};
	std::string config = kSettingsFile;
	bool restore = false;
	optind = 0;
	opterr = 0;
	for (int c; (c = getopt_long(argc, argv, ":c:rh", longs, nullptr)) != -1;) {
		switch (c) {
		case 'c':
			config = optarg;
			break;
		case 'r':
			restore = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			std::fprintf(stderr, "ipvs-switch: %s option '%s'\n",
				     c == ':' ? "missing argument for" : "unknown", argv[optind - 1]);
			usage(stderr);
			return kUsageExit;
		}
	}
	if (argc - optind > (restore ? 0 : 1)) {
		usage(stderr);
		return kUsageExit;
	}

	Settings settings = load_settings(config);
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
	if (optind == argc) {
		auto mode = mode_name(current_mode(kmod::loaded_modules(), settings));
		std::printf("%.*s\n", static_cast<int>(mode.size()), mode.data());
		return 0;
	}
	auto target = parse_mode(argv[optind]);
	if (!target) {
		std::fprintf(stderr, "ipvs-switch: unknown mode '%s' (orig or fnat)\n", argv[optind]);
		return kUsageExit;
	}
	if (geteuid() != 0)
		throw Error("switching the IPVS module needs root");
	switch_to(*target, settings, stdout);
	save_mode(*target, kStateFile);
	return 0;
}

} // namespace lvs::ipvs_switch
