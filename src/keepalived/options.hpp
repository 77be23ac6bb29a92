// keepalived 2.2.7's command line: one table of options, from which the
// help text (and man/keepalived.8 and the completions, by hand) come, and
// the settings a run takes from it.
#pragma once

#include "core/config/load.hpp"
#include "core/rpc/protocol.hpp"
#include "core/sys/log.hpp"

#include <span>
#include <string>

namespace lvs::keepalived {

enum class Key {
	UseFile, Vrrp, Check, NoBfd, All, LogConsole, LogDetail, LogFacility, LogFile, FlushLogFile, NoSyslog,
	Umask, ReleaseVips, DontReleaseVrrp, DontReleaseIpvs, DontRespawn, DontFork, DumpConf, Pid, VrrpPid,
	CheckersPid, RpcSocket, RpcStateDir, AddressMonitoring, BfdPid, Snmp, SnmpSocket, Namespace, CoreDump, CorePattern, AllConfig,
	ConfigId, Signum, ConfigTest, Version, Help,
};

struct Option {
	const char *name; // long name
	char letter;      // 0: long only
	int has_arg;      // getopt's no_argument, required_argument, optional_argument
	Key key;
	const char *help; // as `keepalived -h` prints it
};

std::span<const Option> options();

// What a run is asked to do.
struct Settings {
	std::string file = "/etc/keepalived/keepalived.conf";
	config::LoadOptions load;
	bool test = false;
	std::string test_log; // -t=FILE: diagnostics go there
	bool dump = false;
	bool dump_toml = false;
	bool vrrp_only = false, check_only = false, all = false;
	sys::LogOptions log;
	bool dont_release_ipvs = false;
	bool dont_release_vrrp = false;
	bool dont_respawn = false;
	bool dont_fork = false;
	int umask = -1; // -1: leave it
	std::string pid_file = "/run/keepalived.pid";
	std::string checkers_pid_file = "/run/checkers.pid"; // EulerOS's name (keepalived: keepalived_checkers.pid)
	std::string vrrp_pid_file = "/run/vrrp.pid";
	// lvscli's JSON-RPC (checker process): the socket (empty: none), and
	// the directory of the services added over it, read after the config.
	std::string rpc_socket{rpc::kDefaultSocket};
	std::string rpc_state_dir = "/var/lib/keepalived/lvscli";
};

// Fills settings from argv. Returns -1 to go on, or the exit status (after
// -h, -v, --signum or a usage error, all printed).
int parse_options(int argc, char **argv, Settings &settings);

} // namespace lvs::keepalived
