// keepalived's command line, for what this version does: load a config,
// say what is wrong with it in keepalived's words and exit statuses (-t),
// and dump the effective model (-d, --dump-conf=toml). Without -t or -d, a
// config with vrrp_instance blocks runs the VRRP child in the foreground
// (-l logs to the console, -V keeps the addresses at stop); the rest of
// the daemon is a later issue: other configs are refused with exit 2.
#include "keepalived/keepalived.hpp"
#include "keepalived/vrrp_child.hpp"

#include "core/config/emit.hpp"
#include "core/config/load.hpp"
#include "core/config/toml.hpp"

#include <cstdio>
#include <getopt.h>
#include <string>
#include <vector>

namespace lvs::keepalived {

namespace {

constexpr int kUsageExit = 2;
constexpr const char *kDefaultConfig = "/etc/keepalived/keepalived.conf";

enum class Key { UseFile, ConfigTest, DumpConf, AllConfig, ConfigId, Help, Version, Daemon, LogConsole, KeepVips };

// keepalived 2.2.7's options: ours first, then the daemon's, which are
// accepted and have no effect in this version.
struct Option {
	const char *name;
	char letter;
	int has_arg;
	Key key;
	const char *help;
};

constexpr Option kOptions[] = {
	{"use-file", 'f', required_argument, Key::UseFile,
	 "-f, --use-file=FILE          Use the specified configuration file\n"
	 "                               default '/etc/keepalived/keepalived.conf'\n"},
	{"config-test", 't', optional_argument, Key::ConfigTest,
	 "-t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to\n"
	 "                               stderr by default\n"},
	{"dump-conf", 'd', optional_argument, Key::DumpConf,
	 "-d, --dump-conf[=toml]       Dump the effective configuration (keepalived.conf,\n"
	 "                               or TOML) to stdout\n"},
	{"all-config", 'e', no_argument, Key::AllConfig,
	 "-e, --all-config             Error if any configuration file missing\n"},
	{"config-id", 'i', required_argument, Key::ConfigId,
	 "-i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
	 "                               or any lines beginning @^ that do match.\n"
	 "                               The config-id defaults to the node name if option not used\n"},
	{"version", 'v', no_argument, Key::Version, "-v, --version                Display the version number\n"},
	{"help", 'h', no_argument, Key::Help, "-h, --help                   Display this help message\n"},
	{"vrrp", 'P', no_argument, Key::Daemon, nullptr},
	{"check", 'C', no_argument, Key::Daemon, nullptr},
	{"no_bfd", 'B', no_argument, Key::Daemon, nullptr},
	{"all", 0, no_argument, Key::Daemon, nullptr},
	{"log-console", 'l', no_argument, Key::LogConsole, nullptr},
	{"log-detail", 'D', no_argument, Key::Daemon, nullptr},
	{"log-facility", 'S', required_argument, Key::Daemon, nullptr},
	{"no-syslog", 'G', no_argument, Key::Daemon, nullptr},
	{"umask", 'u', required_argument, Key::Daemon, nullptr},
	{"release-vips", 'X', no_argument, Key::Daemon, nullptr},
	{"dont-release-vrrp", 'V', no_argument, Key::KeepVips, nullptr},
	{"dont-release-ipvs", 'I', no_argument, Key::Daemon, nullptr},
	{"dont-respawn", 'R', no_argument, Key::Daemon, nullptr},
	{"dont-fork", 'n', no_argument, Key::Daemon, nullptr},
	{"pid", 'p', required_argument, Key::Daemon, nullptr},
	{"vrrp_pid", 'r', required_argument, Key::Daemon, nullptr},
	{"checkers_pid", 'c', required_argument, Key::Daemon, nullptr},
	{"bfd_pid", 'b', required_argument, Key::Daemon, nullptr},
	{"address-monitoring", 'a', no_argument, Key::Daemon, nullptr},
	{"snmp", 'x', no_argument, Key::Daemon, nullptr},
	{"snmp-agent-socket", 'A', required_argument, Key::Daemon, nullptr},
	{"namespace", 's', required_argument, Key::Daemon, nullptr},
	{"core-dump", 'm', no_argument, Key::Daemon, nullptr},
	{"core-dump-pattern", 'M', optional_argument, Key::Daemon, nullptr},
	{"signum", 0, required_argument, Key::Daemon, nullptr},
	{"debug", 0, optional_argument, Key::Daemon, nullptr},
};

struct Args {
	std::string file = kDefaultConfig;
	bool test = false;
	std::string test_log; // -t=FILE: diagnostics go there
	bool dump = false;
	bool dump_toml = false;
	config::LoadOptions load;
	VrrpChildOptions vrrp;
};

void usage(std::FILE *out)
{
	std::fprintf(out, "Usage: keepalived [OPTION...]\n");
	for (const auto &o : kOptions)
		if (o.help)
			std::fprintf(out, "  %s", o.help);
	std::fprintf(out, "\nThis version checks and dumps configurations and runs VRRP in the\n"
			  "foreground; the other daemon options are accepted and not acted upon.\n");
}

// getopt_long's tables, from kOptions.
struct GetoptTables {
	std::string shorts = ":";
	std::vector<option> longs;
	GetoptTables()
	{
		for (const auto &o : kOptions) {
			int val = o.letter ? o.letter : 0x100 + static_cast<int>(&o - kOptions);
			longs.push_back({o.name, o.has_arg, nullptr, val});
			if (!o.letter)
				continue;
			shorts += o.letter;
			if (o.has_arg == required_argument)
				shorts += ':';
			else if (o.has_arg == optional_argument)
				shorts += "::";
		}
		longs.push_back({nullptr, 0, nullptr, 0});
	}
};

const Option *option_for(int val)
{
	for (const auto &o : kOptions)
		if ((o.letter && o.letter == val) || 0x100 + static_cast<int>(&o - kOptions) == val)
			return &o;
	return nullptr;
}

// Returns -1 to go on, or the exit status.
int parse(int argc, char **argv, Args &args)
{
	static const GetoptTables tables;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, tables.shorts.c_str(), tables.longs.data(), nullptr)) != -1) {
		const Option *o = option_for(c);
		if (c == '?' || c == ':' || !o) {
			std::fprintf(stderr, "keepalived: %s option '%s'\n", c == ':' ? "missing argument for" : "unknown",
				     argv[optind - 1]);
			usage(stderr);
			return kUsageExit;
		}
		switch (o->key) {
		case Key::UseFile:
			args.file = optarg;
			break;
		case Key::ConfigTest:
			args.test = true;
			args.test_log = optarg ? optarg : "";
			break;
		case Key::DumpConf:
			args.dump = true;
			args.dump_toml = optarg && std::string(optarg) == "toml";
			if (optarg && !args.dump_toml) {
				std::fprintf(stderr, "keepalived: --dump-conf takes no value or 'toml'\n");
				return kUsageExit;
			}
			break;
		case Key::AllConfig:
			args.load.include_errors = true;
			break;
		case Key::ConfigId:
			args.load.config_id = optarg;
			break;
		case Key::Help:
			usage(stdout);
			return 0;
		case Key::Version:
			std::printf("Keepalived v2.2.7 configuration (lvsbox %s)\n", LVSBOX_VERSION);
			return 0;
		case Key::LogConsole:
			args.vrrp.log_console = true;
			break;
		case Key::KeepVips:
			args.vrrp.keep_vips = true;
			break;
		case Key::Daemon:
			break;
		}
	}
	if (optind < argc) {
		std::fprintf(stderr, "keepalived: unexpected argument '%s'\n", argv[optind]);
		return kUsageExit;
	}
	return -1;
}

int check(const Args &args)
{
	config::Loaded loaded = config::load_file(args.file, args.load);
	std::FILE *log = stderr;
	if (!args.test_log.empty() && !(log = std::fopen(args.test_log.c_str(), "we"))) {
		std::perror(args.test_log.c_str());
		return config::kExitConfigFatal;
	}
	for (const auto &d : loaded.diags.all())
		std::fprintf(log, "%s\n", loaded.diags.format(d).c_str());
	if (log != stderr)
		std::fclose(log);
	if (args.dump) {
		std::string text = args.dump_toml ? config::to_toml(loaded.config)
						  : config::to_conf(config::emit(loaded.config));
		std::fwrite(text.data(), 1, text.size(), stdout);
	}
	if (!loaded.read)
		return config::kExitConfigFatal;
	return loaded.diags.exit_status();
}

// Until the daemon's parent exists: a config with VRRP instances runs its
// VRRP child in the foreground; anything else is not built yet.
int run_vrrp(const Args &args)
{
	config::Loaded loaded = config::load_file(args.file, args.load);
	for (const auto &d : loaded.diags.all())
		std::fprintf(stderr, "%s\n", loaded.diags.format(d).c_str());
	if (!loaded.read)
		return config::kExitConfigFatal;
	if (loaded.config.vrrp.instances.empty()) {
		std::fprintf(stderr, "keepalived: only the VRRP part of the daemon is built in this version; use -t "
				     "to check a configuration\n");
		return kUsageExit;
	}
	return vrrp_child(loaded.config, args.vrrp);
}

} // namespace

int keepalived_main(int argc, char **argv)
{
	Args args;
	if (int status = parse(argc, argv, args); status >= 0)
		return status;
	if (!args.test && !args.dump)
		return run_vrrp(args);
	return check(args);
}

} // namespace lvs::keepalived
