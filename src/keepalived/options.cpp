#include "keepalived/options.hpp"

#include "app/usage.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <getopt.h>
#include <vector>

namespace lvs::keepalived {

namespace {

using app::kUsageExit;

constexpr Option kOptions[] = {
	{"use-file", 'f', required_argument, Key::UseFile,
	 "  -f, --use-file=FILE          Use the specified configuration file\n"
	 "                                default '/etc/keepalived/keepalived.conf'\n"},
	{"vrrp", 'P', no_argument, Key::Vrrp, "  -P, --vrrp                   Only run with VRRP subsystem\n"},
	{"check", 'C', no_argument, Key::Check, "  -C, --check                  Only run with Health-checker subsystem\n"},
	{"no_bfd", 'B', no_argument, Key::NoBfd, "  -B, --no_bfd                 Don't run BFD subsystem\n"},
	{"all", 0, no_argument, Key::All,
	 "      --all                    Force all child processes to run, even if have no configuration\n"},
	{"log-console", 'l', no_argument, Key::LogConsole, "  -l, --log-console            Log messages to local console\n"},
	{"log-detail", 'D', no_argument, Key::LogDetail, "  -D, --log-detail             Detailed log messages\n"},
	{"log-facility", 'S', required_argument, Key::LogFacility,
	 "  -S, --log-facility=([0-7]|local[0-7]|user|daemon)\n"
	 "                               Set syslog facility to LOG_LOCAL[0-7], user or daemon (default)\n"},
	{"log-file", 'g', optional_argument, Key::LogFile,
	 "  -g, --log-file=FILE          Also log to FILE (default /tmp/keepalived.log)\n"},
	{"flush-log-file", 0, no_argument, Key::FlushLogFile,
	 "      --flush-log-file         Flush log file on write\n"},
	{"no-syslog", 'G', no_argument, Key::NoSyslog, "  -G, --no-syslog              Don't log via syslog\n"},
	{"umask", 'u', required_argument, Key::Umask,
	 "  -u, --umask=MASK             umask for file creation (in numeric form)\n"},
	{"release-vips", 'X', no_argument, Key::ReleaseVips,
	 "  -X, --release-vips           Drop VIP on transition from signal.\n"},
	{"dont-release-vrrp", 'V', no_argument, Key::DontReleaseVrrp,
	 "  -V, --dont-release-vrrp      Don't remove VRRP VIPs and VROUTEs on daemon stop\n"},
	{"dont-release-ipvs", 'I', no_argument, Key::DontReleaseIpvs,
	 "  -I, --dont-release-ipvs      Don't remove IPVS topology on daemon stop\n"},
	{"dont-respawn", 'R', no_argument, Key::DontRespawn,
	 "  -R, --dont-respawn           Don't respawn child processes\n"},
	{"dont-fork", 'n', no_argument, Key::DontFork, "  -n, --dont-fork              Don't fork the daemon process\n"},
	{"dump-conf", 'd', optional_argument, Key::DumpConf,
	 "  -d, --dump-conf[=toml]       Dump the configuration data (keepalived.conf, or TOML)\n"},
	{"pid", 'p', required_argument, Key::Pid,
	 "  -p, --pid=FILE               Use specified pidfile for parent process\n"},
	{"vrrp_pid", 'r', required_argument, Key::VrrpPid,
	 "  -r, --vrrp_pid=FILE          Use specified pidfile for VRRP child process\n"},
	{"checkers_pid", 'c', required_argument, Key::CheckersPid,
	 "  -c, --checkers_pid=FILE      Use specified pidfile for checkers child process\n"},
	{"rpc-socket", 0, required_argument, Key::RpcSocket,
	 "      --rpc-socket=PATH        Serve lvscli's JSON-RPC there ('' for none)\n"
	 "                                default '/run/keepalived/lvscli.sock'\n"},
	{"rpc-state-dir", 0, required_argument, Key::RpcStateDir,
	 "      --rpc-state-dir=DIR      Keep the services lvscli added there\n"
	 "                                default '/var/lib/keepalived/lvscli'\n"},
	{"address-monitoring", 'a', no_argument, Key::AddressMonitoring,
	 "  -a, --address-monitoring     Report all address additions/deletions notified via netlink\n"},
	{"bfd_pid", 'b', required_argument, Key::BfdPid,
	 "  -b, --bfd_pid=FILE           Use specified pidfile for BFD child process\n"},
	{"snmp", 'x', no_argument, Key::Snmp, "  -x, --snmp                   Enable SNMP subsystem\n"},
	{"snmp-agent-socket", 'A', required_argument, Key::SnmpSocket,
	 "  -A, --snmp-agent-socket=FILE Use the specified socket for master agent\n"},
	{"namespace", 's', required_argument, Key::Namespace,
	 "  -s, --namespace=NAME         Run in network namespace NAME (overrides config)\n"},
	{"core-dump", 'm', no_argument, Key::CoreDump,
	 "  -m, --core-dump              Produce core dump if terminate abnormally\n"},
	{"core-dump-pattern", 'M', optional_argument, Key::CorePattern,
	 "  -M, --core-dump-pattern=PATN Also set /proc/sys/kernel/core_pattern to PATN (default 'core')\n"},
	{"all-config", 'e', no_argument, Key::AllConfig,
	 "  -e, --all-config             Error if any configuration file missing (same as includet)\n"},
	{"config-id", 'i', required_argument, Key::ConfigId,
	 "  -i, --config-id id           Skip any configuration lines beginning '@' that don't match id\n"
	 "                                or any lines beginning @^ that do match.\n"
	 "                                The config-id defaults to the node name if option not used\n"},
	{"signum", 0, required_argument, Key::Signum,
	 "      --signum=SIGFUNC         Return signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON\n"},
	{"config-test", 't', optional_argument, Key::ConfigTest,
	 "  -t, --config-test[=LOG_FILE] Check the configuration for obvious errors, output to\n"
	 "                                stderr by default\n"},
	{"version", 'v', no_argument, Key::Version, "  -v, --version                Display the version number\n"},
	{"help", 'h', no_argument, Key::Help, "  -h, --help                   Display this help message\n"},
};

void usage(std::FILE *out)
{
	std::fprintf(out, "Usage: keepalived [OPTION...]\n");
	for (const auto &o : kOptions)
		std::fputs(o.help, out);
}

// -u/--umask as keepalived 2.2.7's set_umask() reads it (strtoll, any
// base; only permission bits). A bad mask is warned about in its words,
// with the newline 2.2.7 forgets, and leaves the umask alone.
int parse_umask(const char *arg)
{
	char *end = nullptr;
	long mask = std::strtol(arg, &end, 0);
	if (!*arg || *end || mask < 0 || mask & ~0777L) {
		std::fprintf(stderr, "Invalid --umask option %s\n", arg);
		return -1;
	}
	return static_cast<int>(mask);
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

// What getopt_long's '?' or ':' (c) stopped at, in a phrase. An unknown
// short option may stand inside a cluster (-nQ), where only optopt has it;
// any other error ends the word it is in, argv[optind - 1].
std::string getopt_error(int c, char **argv)
{
	if (c == '?' && optopt && !option_for(optopt))
		return std::string("unknown option -") + static_cast<char>(optopt);
	std::string word = argv[optind - 1];
	word = word.substr(0, word.find('='));
	if (c == '?')
		return optopt ? "option " + word + " takes no argument" : "unknown option " + word;
	if (!word.starts_with("--"))
		word = {'-', static_cast<char>(optopt)};
	return "option " + word + " needs an argument";
}

// --signum: the numbers keepalived 2.2.7 gives (STATS_CLEAR and JSON are
// real-time signals there; our daemon ignores them rather than die).
int signum(const std::string &name)
{
	static const struct {
		const char *name;
		int sig;
	} kSigs[] = {{"STOP", SIGTERM}, {"RELOAD", SIGHUP},	   {"DATA", SIGUSR1},
		     {"STATS", SIGUSR2}, {"STATS_CLEAR", SIGRTMAX - 1}, {"JSON", SIGRTMIN + 2}};
	for (const auto &s : kSigs)
		if (name == s.name)
			return s.sig;
	return -1;
}

// The daemon's switches; -1 to go on, or an exit status.
int daemon_option(Key key, const char *arg, Settings &s)
{
	switch (key) {
	case Key::Vrrp:
		s.vrrp_only = true;
		break;
	case Key::Check:
		s.check_only = true;
		break;
	case Key::All:
		s.all = true;
		break;
	case Key::LogConsole:
		s.log.console = true;
		break;
	case Key::LogDetail:
		s.log.detail = true;
		break;
	case Key::LogFacility:
		// keepalived 2.2.7 says "Invalid log facility" and goes on
		// logging as daemon, where whoever asked for another would not
		// look: a usage error here.
		if (int f = sys::log_facility(arg); f >= 0)
			s.log.facility = f;
		else
			return app::usage_error("keepalived", std::string("invalid log facility '") + arg +
					   "' (0-7, local0-local7, user or daemon)");
		break;
	case Key::LogFile:
		s.log.file = arg ? arg : "/tmp/keepalived.log";
		break;
	case Key::NoSyslog:
		s.log.syslog = false;
		break;
	case Key::Umask:
		if (int mask = parse_umask(arg); mask >= 0)
			s.umask = mask;
		break;
	case Key::DontReleaseIpvs:
		s.dont_release_ipvs = true;
		break;
	case Key::DontReleaseVrrp:
		s.dont_release_vrrp = true;
		break;
	case Key::DontRespawn:
		s.dont_respawn = true;
		break;
	case Key::DontFork:
		s.dont_fork = true;
		break;
	case Key::Pid:
		s.pid_file = arg;
		break;
	case Key::VrrpPid:
		s.vrrp_pid_file = arg;
		break;
	case Key::CheckersPid:
		s.checkers_pid_file = arg;
		break;
	case Key::RpcSocket:
		s.rpc_socket = arg;
		break;
	case Key::RpcStateDir:
		s.rpc_state_dir = arg;
		break;
	case Key::Namespace:
		// Silently programming the wrong namespace's table would be worse.
		std::fprintf(stderr, "keepalived: network namespaces (-s) are not supported in this version\n");
		return kUsageExit;
	default:
		break; // VRRP, BFD, SNMP and core-dump switches: nothing to do here
	}
	return -1;
}

} // namespace

std::span<const Option> options()
{
	return kOptions;
}

int parse_options(int argc, char **argv, Settings &s)
{
	static const GetoptTables tables;
	optind = 0;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, tables.shorts.c_str(), tables.longs.data(), nullptr)) != -1) {
		const Option *o = option_for(c);
		if (c == '?' || c == ':')
			return app::usage_error("keepalived", getopt_error(c, argv));
		switch (o->key) {
		case Key::UseFile:
			s.file = optarg;
			break;
		case Key::ConfigTest:
			s.test = true;
			s.test_log = optarg ? optarg : "";
			break;
		case Key::DumpConf:
			s.dump = true;
			s.dump_toml = optarg && std::string(optarg) == "toml";
			if (optarg && !s.dump_toml)
				return app::usage_error("keepalived", "--dump-conf takes no value or 'toml'");
			break;
		case Key::AllConfig:
			s.load.include_errors = true;
			break;
		case Key::ConfigId:
			s.load.config_id = optarg;
			break;
		case Key::Signum: {
			int sig = signum(optarg);
			if (sig < 0) {
				std::fprintf(stderr, "Unknown sigfunc %s\n", optarg);
				return 1;
			}
			std::printf("%d\n", sig);
			return 0;
		}
		case Key::Help:
			usage(stdout);
			return 0;
		case Key::Version:
			std::printf("Keepalived v2.2.7 (lvsbox %s)\n", LVSBOX_VERSION);
			return 0;
		default:
			if (int status = daemon_option(o->key, optarg, s); status >= 0)
				return status;
		}
	}
	if (optind < argc)
		return app::usage_error("keepalived", std::string("unexpected argument '") + argv[optind] + "'");
	return -1;
}

} // namespace lvs::keepalived
