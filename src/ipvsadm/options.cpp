#include "ipvsadm/options.hpp"

#include <algorithm>
#include <array>
#include <linux/ip_vs.h>

namespace lvs::ipvsadm {

namespace {

using enum Arg;
using enum Section;

// Table order is -h order within each section; the help texts are 1.31's,
// byte for byte, since users diff them.
constexpr Option kOptions[] = {
	{Key::AddService, "add-service", 'A', None, Cmd::Add, Col::None, Commands,
	 "  --add-service     -A        add virtual service with options\n"},
	{Key::EditService, "edit-service", 'E', None, Cmd::Edit, Col::None, Commands,
	 "  --edit-service    -E        edit virtual service with options\n"},
	{Key::DeleteService, "delete-service", 'D', None, Cmd::Del, Col::None, Commands,
	 "  --delete-service  -D        delete virtual service\n"},
	{Key::Clear, "clear", 'C', None, Cmd::Flush, Col::None, Commands,
	 "  --clear           -C        clear the whole table\n"},
	{Key::Restore, "restore", 'R', None, Cmd::Restore, Col::None, Commands,
	 "  --restore         -R        restore rules from stdin\n"},
	{Key::Save, "save", 'S', None, Cmd::Save, Col::None, Commands,
	 "  --save            -S        save rules to stdout\n"},
	{Key::AddServer, "add-server", 'a', None, Cmd::AddDest, Col::None, Commands,
	 "  --add-server      -a        add real server with options\n"},
	{Key::EditServer, "edit-server", 'e', None, Cmd::EditDest, Col::None, Commands,
	 "  --edit-server     -e        edit real server with options\n"},
	{Key::DeleteServer, "delete-server", 'd', None, Cmd::DelDest, Col::None, Commands,
	 "  --delete-server   -d        delete real server\n"},
	{Key::List, "list", 'L', None, Cmd::List, Col::None, Commands,
	 "  --list            -L|-l     list the table\n"},
	{Key::ListLower, "list", 'l', None, Cmd::List, Col::None, Commands, ""},
	{Key::Zero, "zero", 'Z', None, Cmd::Zero, Col::None, Commands,
	 "  --zero            -Z        zero counters in a service or all services\n"},
	{Key::Set, "set", '\0', None, Cmd::Timeout, Col::None, Commands,
	 "  --set tcp tcpfin udp        set connection timeout values\n"},
	{Key::StartDaemon, "start-daemon", '\0', Required, Cmd::StartDaemon, Col::None, Commands,
	 "  --start-daemon              start connection sync daemon\n"},
	{Key::StopDaemon, "stop-daemon", '\0', Required, Cmd::StopDaemon, Col::None, Commands,
	 "  --stop-daemon               stop connection sync daemon\n"},
	{Key::Help, "help", 'h', None, Cmd::None, Col::None, Commands,
	 "  --help            -h        display this help message\n"},
	{Key::Version, "version", 'v', None, Cmd::None, Col::None, Commands, ""},
	// Alibaba LVS's local-address commands (full NAT), its letters and
	// help lines; none of these letters or names is 1.31's.
	{Key::AddLaddr, "add-laddr", 'P', None, Cmd::AddLaddr, Col::None, Hidden,
	 "  --add-laddr       -P        add local address\n"},
	{Key::DelLaddr, "del-laddr", 'Q', None, Cmd::DelLaddr, Col::None, Hidden,
	 "  --del-laddr       -Q        del local address\n"},
	{Key::GetLaddr, "get-laddr", 'G', None, Cmd::GetLaddr, Col::None, Hidden,
	 "  --get-laddr       -G        get local address\n"},

	{Key::TcpService, "tcp-service", 't', Required, Cmd::None, Col::Service, Service,
	 "  --tcp-service|-t  service-address   service-address is host[:port]\n"},
	{Key::UdpService, "udp-service", 'u', Required, Cmd::None, Col::Service, Service,
	 "  --udp-service|-u  service-address   service-address is host[:port]\n"},
	{Key::SctpService, "sctp-service", '\0', Required, Cmd::None, Col::Service, Service,
	 "  --sctp-service    service-address   service-address is host[:port]\n"},
	{Key::FwmarkService, "fwmark-service", 'f', Required, Cmd::None, Col::Service, Service,
	 "  --fwmark-service|-f fwmark          fwmark is an integer greater than zero\n"},

	{Key::Ipv6, "ipv6", '6', None, Cmd::None, Col::None, Options,
	 "  --ipv6         -6                   fwmark entry uses IPv6\n"},
	{Key::Scheduler, "scheduler", 's', Required, Cmd::None, Col::Scheduler, Options,
	 "  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,\n"
	 "                                      the default scheduler is wlc.\n"},
	{Key::Pe, "pe", '\0', Required, Cmd::None, Col::Pe, Options,
	 "  --pe            engine              alternate persistence engine may be sip,\n"
	 "                                      not set by default.\n"},
	{Key::Persistent, "persistent", 'p', Optional, Cmd::None, Col::Persistent, Options,
	 "  --persistent   -p [timeout]         persistent service\n"},
	{Key::Netmask, "netmask", 'M', Required, Cmd::None, Col::Netmask, Options,
	 "  --netmask      -M netmask           persistent granularity mask\n"},
	{Key::RealServer, "real-server", 'r', Required, Cmd::None, Col::Server, Options,
	 "  --real-server  -r server-address    server-address is host (and port)\n"},
	{Key::Gatewaying, "gatewaying", 'g', None, Cmd::None, Col::Forward, Options,
	 "  --gatewaying   -g                   gatewaying (direct routing) (default)\n"},
	{Key::Ipip, "ipip", 'i', None, Cmd::None, Col::Forward, Options,
	 "  --ipip         -i                   ipip encapsulation (tunneling)\n"},
	{Key::Masquerading, "masquerading", 'm', None, Cmd::None, Col::Forward, Options,
	 "  --masquerading -m                   masquerading (NAT)\n"},
	// Long only: 1.31 gives -b to --sched-flags (Alibaba's FULLNAT took it).
	{Key::FullNat, "fullnat", '\0', None, Cmd::None, Col::Forward, Hidden,
	 "  --fullnat                           full NAT (FULLNAT kernels and our module)\n"},
	{Key::TunType, "tun-type", '\0', Required, Cmd::None, Col::TunType, Options,
	 "  --tun-type      type                one of ipip|gue|gre,\n"
	 "                                      the default tunnel type is ipip.\n"},
	{Key::TunPort, "tun-port", '\0', Required, Cmd::None, Col::TunPort, Options,
	 "  --tun-port      port                tunnel destination port\n"},
	{Key::TunNoCsum, "tun-nocsum", '\0', None, Cmd::None, Col::TunNoCsum, Options,
	 "  --tun-nocsum                        tunnel encapsulation without checksum\n"},
	{Key::TunCsum, "tun-csum", '\0', None, Cmd::None, Col::TunCsum, Options,
	 "  --tun-csum                          tunnel encapsulation with checksum\n"},
	{Key::TunRemCsum, "tun-remcsum", '\0', None, Cmd::None, Col::TunRemCsum, Options,
	 "  --tun-remcsum                       tunnel encapsulation with remote checksum\n"},
	{Key::Weight, "weight", 'w', Required, Cmd::None, Col::Weight, Options,
	 "  --weight       -w weight            capacity of real server\n"},
	{Key::UThreshold, "u-threshold", 'x', Required, Cmd::None, Col::UThreshold, Options,
	 "  --u-threshold  -x uthreshold        upper threshold of connections\n"},
	{Key::LThreshold, "l-threshold", 'y', Required, Cmd::None, Col::LThreshold, Options,
	 "  --l-threshold  -y lthreshold        lower threshold of connections\n"},
	{Key::Connection, "connection", 'c', None, Cmd::None, Col::Connection, Options,
	 "  --connection   -c                   output of current IPVS connections\n"},
	{Key::Timeout, "timeout", '\0', None, Cmd::None, Col::Timeout, Options,
	 "  --timeout                           output of timeout (tcp tcpfin udp)\n"},
	{Key::Daemon, "daemon", '\0', None, Cmd::None, Col::Daemon, Options,
	 "  --daemon                            output of daemon information\n"},
	{Key::Stats, "stats", '\0', None, Cmd::None, Col::Stats, Options,
	 "  --stats                             output of statistics information\n"},
	{Key::Rate, "rate", '\0', None, Cmd::None, Col::Rate, Options,
	 "  --rate                              output of rate information\n"},
	{Key::Exact, "exact", 'X', None, Cmd::None, Col::Exact, Options,
	 "  --exact                             expand numbers (display exact values)\n"},
	{Key::Thresholds, "thresholds", '\0', None, Cmd::None, Col::Thresholds, Options,
	 "  --thresholds                        output of thresholds information\n"},
	{Key::PersistentConn, "persistent-conn", '\0', None, Cmd::None, Col::PersistentConn, Options,
	 "  --persistent-conn                   output of persistent connection info\n"},
	{Key::TunInfo, "tun-info", '\0', None, Cmd::None, Col::TunInfo, Options,
	 "  --tun-info                          output of tunnel information\n"},
	{Key::NoSort, "nosort", '\0', None, Cmd::None, Col::NoSort, Options,
	 "  --nosort                            disable sorting output of service/server entries\n"},
	{Key::Sort, "sort", '\0', None, Cmd::None, Col::None, Options,
	 "  --sort                              does nothing, for backwards compatibility\n"},
	{Key::Ops, "ops", 'o', None, Cmd::None, Col::Ops, Options,
	 "  --ops          -o                   one-packet scheduling\n"},
	{Key::Numeric, "numeric", 'n', None, Cmd::None, Col::Numeric, Options,
	 "  --numeric      -n                   numeric output of addresses and ports\n"},
	{Key::SchedFlags, "sched-flags", 'b', Required, Cmd::None, Col::SchedFlags, Options,
	 "  --sched-flags  -b flags             scheduler flags (comma-separated)\n"},
	{Key::Json, "json", '\0', None, Cmd::None, Col::Json, Hidden,
	 "  --json                              list as one JSON document\n"},
	{Key::Laddr, "laddr", 'z', Required, Cmd::None, Col::LocalAddress, Hidden,
	 "  --laddr        -z local-address     local address of a full-NAT service\n"},

	{Key::SyncId, "syncid", '\0', Required, Cmd::None, Col::SyncId, Daemon,
	 "  --syncid sid                        syncid for connection sync (default=255)\n"},
	{Key::SyncMaxlen, "sync-maxlen", '\0', Required, Cmd::None, Col::SyncMaxlen, Daemon,
	 "  --sync-maxlen length                Max sync message length (default=1472)\n"},
	{Key::McastInterface, "mcast-interface", '\0', Required, Cmd::None, Col::McastIfn, Daemon,
	 "  --mcast-interface interface         multicast interface for connection sync\n"},
	{Key::McastGroup, "mcast-group", '\0', Required, Cmd::None, Col::McastGroup, Daemon,
	 "  --mcast-group address               IPv4/IPv6 group (default=224.0.0.81)\n"},
	{Key::McastPort, "mcast-port", '\0', Required, Cmd::None, Col::McastPort, Daemon,
	 "  --mcast-port port                   UDP port (default=8848)\n"},
	{Key::McastTtl, "mcast-ttl", '\0', Required, Cmd::None, Col::McastTtl, Daemon,
	 "  --mcast-ttl ttl                     Multicast TTL (default=1)\n"},
};

constexpr std::array<std::string_view, 17> kCommandNames = {
	"add-service", "edit-service", "delete-service", "flush", "list", "add-server", "delete-server",
	"edit-server", "set", "start-daemon", "stop-daemon", "restore", "save", "zero",
	"add-laddr", "del-laddr", "get-laddr",
};

constexpr std::array<std::string_view, kColumns> kColumnNames = {
	"numeric", "connection", "service-address", "scheduler", "persistent", "netmask",
	"real-server", "forwarding-method", "weight", "u-threshold", "l-threshold",
	"mcast-interface", "timeout", "daemon", "stats", "rate", "thresholds", "persistent-conn",
	"nosort", "syncid", "exact", "ops", "pe", "sched-flags", "mcast-group", "mcast-port",
	"mcast-ttl", "sync-maxlen", "tun-info", "tun-type", "tun-port", "tun-nocsum", "tun-csum",
	"tun-remcsum", "json", "local-address",
};

// 1.31's commands_v_options, one row per command, one character per column
// in Col order. The last two columns are ours: --json, legal with -L and
// -G, and -z, required by -P and -Q. The last three rows are Alibaba
// LVS's: -P and -Q need a service and -z, -G takes a service or none (and,
// as there, no -n: its addresses are always numeric).
//                                            0         1         2         3
//                                            012345678901234567890123456789012345
constexpr std::array<std::string_view, 17> kLegality = {
	/* add-service    */ "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxxxx",
	/* edit-service   */ "xx+   xxxxxxxxxxxxxxx   xxxxxxxxxxxx",
	/* delete-service */ "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* flush          */ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* list           */ " 11xxxxxxxxx11       xxxxxxx xxxxx x",
	/* add-server     */ "xx+xxx+    xxxxxxxxxxxxxxxxxx     xx",
	/* delete-server  */ "xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* edit-server    */ "xx+xxx+    xxxxxxxxxxxxxxxxxx     xx",
	/* set            */ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* start-daemon   */ "xxxxxxxxxxx xxxxxxx xxxx    xxxxxxxx",
	/* stop-daemon    */ "xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxx",
	/* restore        */ "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* save           */ " xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* zero           */ "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	/* add-laddr      */ "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx+",
	/* del-laddr      */ "xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx+",
	/* get-laddr      */ "xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx x",
};
static_assert(kLegality.size() == kCommandNames.size());
static_assert(std::all_of(kLegality.begin(), kLegality.end(),
			  [](std::string_view row) { return row.size() == kColumns; }));

// IP_VS_SVC_F_SCHED_MH_*, which the uapi header lacks, are the kernel's
// names for the same bits as sh's.
constexpr SchedFlag kSchedFlags[] = {
	{"flag-1", IP_VS_SVC_F_SCHED1, ""},
	{"flag-2", IP_VS_SVC_F_SCHED2, ""},
	{"flag-3", IP_VS_SVC_F_SCHED3, ""},
	{"sh-fallback", IP_VS_SVC_F_SCHED1, "sh"},
	{"sh-port", IP_VS_SVC_F_SCHED2, "sh"},
	{"mh-fallback", IP_VS_SVC_F_SCHED1, "mh"},
	{"mh-port", IP_VS_SVC_F_SCHED2, "mh"},
};

size_t row(Cmd cmd)
{
	return static_cast<size_t>(cmd) - 1;
}

std::string section_text(Section s)
{
	std::string text;
	for (const Option &o : kOptions)
		if (o.section == s)
			text += o.help;
	return text;
}

} // namespace

std::span<const Option> options()
{
	return kOptions;
}

const Option *find_long(std::string_view name)
{
	for (const Option &o : kOptions)
		if (o.long_name == name)
			return &o;
	return nullptr;
}

const Option *find_short(char letter)
{
	if (letter == '\0')
		return nullptr;
	for (const Option &o : kOptions)
		if (o.short_name == letter)
			return &o;
	return nullptr;
}

std::string_view command_name(Cmd cmd)
{
	return kCommandNames.at(row(cmd));
}

std::string_view column_name(Col col)
{
	return kColumnNames.at(static_cast<size_t>(col));
}

char legality(Cmd cmd, Col col)
{
	return kLegality.at(row(cmd)).at(static_cast<size_t>(col));
}

std::span<const SchedFlag> sched_flags()
{
	return kSchedFlags;
}

std::vector<std::string_view> sched_flag_names(uint32_t flags, std::string_view sched)
{
	std::string_view family = sched == "sh" || sched == "mh" ? sched : "";
	std::vector<std::string_view> names;
	for (const SchedFlag &f : kSchedFlags)
		if (f.sched == family && (flags & f.bit))
			names.push_back(f.name);
	return names;
}

std::string_view version_line()
{
	return "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n";
}

std::string usage(std::string_view program)
{
	std::string p(program);
	std::string text(version_line());
	text += "Usage:\n";
	for (const char *form : {
		     " -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n",
		     " -D virtual-service\n", " -C\n", " -R\n", " -S [-n]\n",
		     " -a|e virtual-service -r server-address [options]\n",
		     " -d virtual-service -r server-address\n", " -L|l [virtual-service] [options]\n",
		     " -Z [virtual-service]\n", " --set tcp tcpfin udp\n",
		     " --start-daemon {master|backup} [daemon-options]\n",
		     " --stop-daemon {master|backup}\n", " -h\n"})
		text += "  " + p + form;
	text += "\nCommands:\nEither long or short options are allowed.\n";
	text += section_text(Commands);
	text += "\nvirtual-service:\n";
	text += section_text(Service);
	text += "\nOptions:\n";
	text += section_text(Options);
	text += "Daemon Options:\n";
	text += section_text(Daemon);
	return text;
}

} // namespace lvs::ipvsadm
