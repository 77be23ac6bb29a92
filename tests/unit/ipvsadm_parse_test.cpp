// ipvsadm's argument parsing apart from the kernel: every check of 1.31,
// in its order, with its message and exit status (the expectations are
// Debian's ipvsadm 1.31's, from shared/reference/ipvsadm-1.31-outputs and
// runs of the real binary), and popt's way of reading arguments.
#include "ipvsadm/errors.hpp"
#include "ipvsadm/options.hpp"
#include "ipvsadm/parse.hpp"

#include "core/net/addr.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <sstream>

#include "ip_vs_fnat_uapi.h" // after <linux/ip_vs.h>

using namespace lvs::ipvsadm;

namespace {

std::vector<std::string> words(const std::string &line)
{
	std::vector<std::string> argv{"ipvsadm"};
	std::istringstream in(line);
	for (std::string w; in >> w;)
		argv.push_back(w);
	return argv;
}

Command ok(const std::string &line)
{
	Parsed p = parse(words(line));
	REQUIRE_MESSAGE(p.command, line);
	return *p.command;
}

// What the process would print and exit with.
std::pair<std::string, int> stop(const std::vector<std::string> &argv)
{
	try {
		Parsed p = parse(argv);
		if (!p.command)
			return {p.error, 255};
	} catch (const Exit &e) {
		return {e.text(), e.status()};
	}
	return {"(accepted)", 0};
}

std::pair<std::string, int> stop(const std::string &line)
{
	return stop(words(line));
}

std::pair<std::string, int> failed(const std::string &message)
{
	return {message + "\n", 2};
}

const std::pair<std::string, int> kTryHelp{
	"Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n", 255};

} // namespace

TEST_CASE("1.31's validation messages and statuses")
{
	struct Case {
		const char *args;
		const char *message;
	};
	const Case cases[] = {
		{"-A -t 10.0.0.9", "Zero port specified for non-persistent service"},
		{"-A -t 10.0.0.9:80 -o", "One-Packet Scheduling is only for UDP virtual services"},
		{"-A -t bogus..host:80", "illegal virtual server address[:port] specified"},
		{"-A -t 10.0.0.9:notaport", "illegal virtual server address[:port] specified"},
		{"-A -f 0", "invalid fwmark value `0' specified"},
		{"-A -f abc", "invalid fwmark value `abc' specified"},
		{"-A -f 4294967296", "invalid fwmark value `4294967296' specified"},
		{"-A -t 10.0.0.9:80 -s rr -b sh-port", "incompatible scheduler flag `sh-port'"},
		{"-A -t 10.0.0.9:80 -s rr -b bogus", "invalid scheduler flag `bogus'"},
		{"-A -t 10.0.0.9:80 -p 0", "invalid timeout value `0' specified"},
		{"-A -t 10.0.0.9:80 -p 99999999", "invalid timeout value `99999999' specified"},
		{"-A -t 10.0.0.9:81 -p 2678401", "invalid timeout value `2678401' specified"},
		{"-A -t 10.0.0.9:80 -M 255.255.0.0x", "illegal virtual server persistent mask specified"},
		{"-A -t [2001:db8::1]:80 -p -M 129", "illegal ipv6 netmask specified"},
		{"-A -t 10.0.0.9:80 -r 1.2.3.4", "Illegal 'real-server' option with the 'add-service' command"},
		{"-a -t 10.0.0.9:80", "You need to supply the 'real-server' option for the 'add-server' command"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -w -1", "illegal weight specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -w 2147483648", "illegal weight specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -x abc", "illegal u_threshold specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -y -3", "illegal l_threshold specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -m -g", "multiple 'forwarding-method' options specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 --tun-type gue", "Tunnel options conflict with forward method"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -i --tun-type gue",
		 "You need to supply the 'tun-port' option for the 'gue' tunnel type"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -i --tun-type gre --tun-port 5",
		 "Illegal 'tun-port' option with the 'gre' tunnel type"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -i --tun-type gue --tun-port 6080 --tun-csum --tun-remcsum",
		 "The option 'tun-remcsum' conflicts with the 'tun-csum' option in the 'gue' tunnel type"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -i --tun-type vxlan", "illegal tunnel type specified"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 -i --tun-port 0", "illegal tunnel port specified"},
		{"-a -t 10.0.0.9:80 -r [2001:db8::1]:80 -m",
		 "Different address family is allowed only for tunneling servers"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.5:abc", "illegal real server address[:port] specified"},
		{"-A -t 10.0.0.9:80 -A -t 10.0.0.8:80", "invalid option `-A'"},
		{"-A -t 10.0.0.9:80 --start-daemon master", "invalid option `master'"},
		{"-L -h", "invalid option `-h'"},
		{"-A -t 10.0.0.9:80 -s rr -s wlc", "multiple 'scheduler' options specified"},
		{"-A -t 10.0.0.9:80 -u 10.0.0.8:80", "multiple 'service-address' options specified"},
		{"-L -c -t 10.0.0.1:80",
		 "The option 'service-address' conflicts with the 'connection' option in the 'list' command"},
		{"-L --stats --timeout", "options conflicts in the list command"},
		{"-L --daemon --persistent-conn", "options conflicts in the list command"},
		{"-L -c --stats", "options conflicts in the list command"},
		{"-C -n", "Illegal 'numeric' option with the 'flush' command"},
		{"-D -t 10.0.0.9:80 -s rr", "Illegal 'scheduler' option with the 'delete-service' command"},
		{"-S --stats", "Illegal 'stats' option with the 'save' command"},
		{"-R -n", "Illegal 'numeric' option with the 'restore' command"},
		{"--stop-daemon master --mcast-interface eth0",
		 "Illegal 'mcast-interface' option with the 'stop-daemon' command"},
		{"--set 1 2", "--set option requires 3 timeout values"},
		{"--set 1 2 x", "invalid timeout value `x' specified"},
		{"--set 1 2 3 4", "unexpected argument 4"},
		{"-Ln extra", "unexpected argument extra"},
		{"--start-daemon foo", "illegal start-daemon parameter specified"},
		{"--stop-daemon foo", "illegal start_daemon specified"},
		{"--start-daemon master --syncid 300", "illegal syncid specified"},
		{"--start-daemon master --mcast-group 10.0.0.1", "invalid IPv4 mcast-group `10.0.0.1'"},
		{"--start-daemon master --mcast-group fe80::1", "invalid IPv6 mcast-group `fe80::1'"},
		{"--start-daemon master --sync-maxlen 65508", "illegal sync-maxlen specified"},
		{"-A -t 10.0.0.9:80 -6", "-6 used before -f\n"},
		{"-A -t 10.0.0.9:80 --json", "Illegal 'json' option with the 'add-service' command"},
		{"-a -t 10.0.0.9:80 -r 1.2.3.4 --fullnat -m", "multiple 'forwarding-method' options specified"},
	};
	for (const Case &c : cases)
		CHECK_MESSAGE(stop(c.args) == failed(c.message), c.args);
}

TEST_CASE("checks run in 1.31's order")
{
	// -b is read after all options, before the legality table.
	CHECK(stop("-a -t 10.0.0.9:80 -b bogus -r 1.1.1.1") == failed("invalid scheduler flag `bogus'"));
	// Unexpected words come before -b.
	CHECK(stop("-E -t 1.2.3.4:80 -b bogus extra") == failed("unexpected argument extra"));
	// Values are checked as they come, before any option is found illegal.
	CHECK(stop("-C -p 0") == failed("invalid timeout value `0' specified"));
	// The table's columns in order: numeric before service-address.
	CHECK(stop("-C -t 1.2.3.4:80 -n") == failed("Illegal 'numeric' option with the 'flush' command"));
}

TEST_CASE("popt: what is not a command first, and its own errors")
{
	for (const char *line : {"-6 -A -f 1", "--bogus", "-t 10.0.0.1:80", "-p 5", "-", "--", "extra",
				 "--numeric=x -L", "-L=", "-L=x", "--lis", "--start-daemon"})
		CHECK_MESSAGE(stop(line) == kTryHelp, line);
	CHECK(stop(std::vector<std::string>{"ipvsadm", ""}) == kTryHelp);
	// Later errors are popt's: printed, status 255, and -R carries on.
	CHECK(stop("-L --bogus") == std::pair<std::string, int>{"--bogus: unknown option\n", 255});
	CHECK(stop("-Lq") == std::pair<std::string, int>{"-Lq: unknown option\n", 255});
	CHECK(stop("-L -t") == std::pair<std::string, int>{"-t: missing argument\n", 255});
	CHECK(stop("-L --numeric=x") ==
	      std::pair<std::string, int>{"--numeric=x: option does not take an argument\n", 255});
	CHECK(stop("-L --tcp-serv 1.2.3.4:80") ==
	      std::pair<std::string, int>{"--tcp-serv: unknown option\n", 255});
}

TEST_CASE("popt: clusters, inline values, optional values, leftovers")
{
	CHECK(ok("-Ln").format.numeric);
	CHECK(ok("-Lnt 10.0.0.1:80").svc.key.port == 80);
	CHECK(ok("-Ln -t10.0.0.1:80").svc.key.port == 80);
	CHECK(ok("-A -t=1.2.3.4:81").svc.key.port == 81);
	CHECK(ok("-Ln --tcp-service=10.0.0.1:80").svc.key.port == 80);
	// -p takes the next word only when it does not start with '-'.
	Command c = ok("-A -t 1.2.3.4:80 -p -s rr");
	CHECK(c.svc.timeout == 360);
	CHECK(c.svc.sched_name == "rr");
	CHECK(ok("-A -t 1.2.3.4:80 -p 60").svc.timeout == 60);
	CHECK(ok("-A -t 1.2.3.4:80 -p=60").svc.timeout == 60);
	CHECK(stop("-A -t 1.2.3.4:80 -pn") == failed("invalid timeout value `n' specified"));
	CHECK(stop("-A -t 1.2.3.4:80 -p=") == failed("invalid timeout value `' specified"));
	// "!#:+" in a value stands for the next plain word, which is used up.
	CHECK(ok("-A -t 1.2.3.4:80 -s w!#:+ lc").svc.sched_name == "wlc");
	CHECK(ok("-A -t 1.2.3.4:80 -s w!#:+").svc.sched_name == "w!#:+");
	// After "--" everything is a leftover.
	CHECK(stop("-Ln -- -x") == failed("unexpected argument -x"));
	// --sort and -6 are not in the table: no "multiple" check.
	CHECK(ok("-Ln --sort --sort").cmd == Cmd::List);
	CHECK(ok("-A -f 5 -6 -6").svc.key.af == AF_INET6);
	CHECK(stop("-Ln --nosort --nosort") == failed("multiple 'nosort' options specified"));
}

TEST_CASE("help and version end the process with status 0 on stdout")
{
	try {
		parse(words("-h"));
		FAIL("no exit");
	} catch (const Exit &e) {
		CHECK(e.status() == 0);
		CHECK(e.to_stdout());
		CHECK(e.text() == usage("ipvsadm"));
	}
	CHECK(stop("--version") == std::pair<std::string, int>{std::string(version_line()), 0});
	CHECK(stop("-v -n") == std::pair<std::string, int>{std::string(version_line()), 0});
}

TEST_CASE("-h is 1.31's text, program name included")
{
	CHECK(usage("ipvsadm") ==
	"ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n"
	"Usage:\n"
	"  ipvsadm -A|E virtual-service [-s scheduler] [-p [timeout]] [-M netmask] [--pe persistence_engine] [-b sched-flags]\n"
	"  ipvsadm -D virtual-service\n"
	"  ipvsadm -C\n"
	"  ipvsadm -R\n"
	"  ipvsadm -S [-n]\n"
	"  ipvsadm -a|e virtual-service -r server-address [options]\n"
	"  ipvsadm -d virtual-service -r server-address\n"
	"  ipvsadm -L|l [virtual-service] [options]\n"
	"  ipvsadm -Z [virtual-service]\n"
	"  ipvsadm --set tcp tcpfin udp\n"
	"  ipvsadm --start-daemon {master|backup} [daemon-options]\n"
	"  ipvsadm --stop-daemon {master|backup}\n"
	"  ipvsadm -h\n"
	"\n"
	"Commands:\n"
	"Either long or short options are allowed.\n"
	"  --add-service     -A        add virtual service with options\n"
	"  --edit-service    -E        edit virtual service with options\n"
	"  --delete-service  -D        delete virtual service\n"
	"  --clear           -C        clear the whole table\n"
	"  --restore         -R        restore rules from stdin\n"
	"  --save            -S        save rules to stdout\n"
	"  --add-server      -a        add real server with options\n"
	"  --edit-server     -e        edit real server with options\n"
	"  --delete-server   -d        delete real server\n"
	"  --list            -L|-l     list the table\n"
	"  --zero            -Z        zero counters in a service or all services\n"
	"  --set tcp tcpfin udp        set connection timeout values\n"
	"  --start-daemon              start connection sync daemon\n"
	"  --stop-daemon               stop connection sync daemon\n"
	"  --help            -h        display this help message\n"
	"\n"
	"virtual-service:\n"
	"  --tcp-service|-t  service-address   service-address is host[:port]\n"
	"  --udp-service|-u  service-address   service-address is host[:port]\n"
	"  --sctp-service    service-address   service-address is host[:port]\n"
	"  --fwmark-service|-f fwmark          fwmark is an integer greater than zero\n"
	"\n"
	"Options:\n"
	"  --ipv6         -6                   fwmark entry uses IPv6\n"
	"  --scheduler    -s scheduler         one of rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh,\n"
	"                                      the default scheduler is wlc.\n"
	"  --pe            engine              alternate persistence engine may be sip,\n"
	"                                      not set by default.\n"
	"  --persistent   -p [timeout]         persistent service\n"
	"  --netmask      -M netmask           persistent granularity mask\n"
	"  --real-server  -r server-address    server-address is host (and port)\n"
	"  --gatewaying   -g                   gatewaying (direct routing) (default)\n"
	"  --ipip         -i                   ipip encapsulation (tunneling)\n"
	"  --masquerading -m                   masquerading (NAT)\n"
	"  --tun-type      type                one of ipip|gue|gre,\n"
	"                                      the default tunnel type is ipip.\n"
	"  --tun-port      port                tunnel destination port\n"
	"  --tun-nocsum                        tunnel encapsulation without checksum\n"
	"  --tun-csum                          tunnel encapsulation with checksum\n"
	"  --tun-remcsum                       tunnel encapsulation with remote checksum\n"
	"  --weight       -w weight            capacity of real server\n"
	"  --u-threshold  -x uthreshold        upper threshold of connections\n"
	"  --l-threshold  -y lthreshold        lower threshold of connections\n"
	"  --connection   -c                   output of current IPVS connections\n"
	"  --timeout                           output of timeout (tcp tcpfin udp)\n"
	"  --daemon                            output of daemon information\n"
	"  --stats                             output of statistics information\n"
	"  --rate                              output of rate information\n"
	"  --exact                             expand numbers (display exact values)\n"
	"  --thresholds                        output of thresholds information\n"
	"  --persistent-conn                   output of persistent connection info\n"
	"  --tun-info                          output of tunnel information\n"
	"  --nosort                            disable sorting output of service/server entries\n"
	"  --sort                              does nothing, for backwards compatibility\n"
	"  --ops          -o                   one-packet scheduling\n"
	"  --numeric      -n                   numeric output of addresses and ports\n"
	"  --sched-flags  -b flags             scheduler flags (comma-separated)\n"
	"Daemon Options:\n"
	"  --syncid sid                        syncid for connection sync (default=255)\n"
	"  --sync-maxlen length                Max sync message length (default=1472)\n"
	"  --mcast-interface interface         multicast interface for connection sync\n"
	"  --mcast-group address               IPv4/IPv6 group (default=224.0.0.81)\n"
	"  --mcast-port port                   UDP port (default=8848)\n"
	"  --mcast-ttl ttl                     Multicast TTL (default=1)\n");
	CHECK(usage("/usr/sbin/ipvsadm").find("  /usr/sbin/ipvsadm -C\n") != std::string::npos);
}

TEST_CASE("service and server addresses as 1.31's parse_service reads them")
{
	Command c = ok("-A -t 10.0.0.9 -p");
	CHECK(c.svc.key.port == 0);
	CHECK(c.svc.flags == IP_VS_SVC_F_PERSISTENT);
	CHECK(c.svc.timeout == 360);
	CHECK(c.svc.netmask == 0xffffffff);
	CHECK(c.svc.sched_name == "wlc");
	// inet_aton's forms.
	CHECK(ok("-A -t 167772161:80").svc.key.addr == *lvs::net::parse_ipv4_liberal("10.0.0.1"));
	CHECK(ok("-A -t 10.1:80").svc.key.addr == *lvs::net::parse_ipv4_liberal("10.0.0.1"));
	// A bracketed IPv4 address loses its port; [v6] needs one.
	CHECK(stop("-A -t [1.2.3.4]:80") == failed("Zero port specified for non-persistent service"));
	CHECK(stop("-A -t [::1]") == failed("illegal virtual server address[:port] specified"));
	c = ok("-A -t [2001:db8::1]:80 -p -M 64");
	CHECK(c.svc.key.af == AF_INET6);
	CHECK(c.svc.key.addr.af == AF_INET6);
	CHECK(c.svc.netmask == 64);
	// Port names through the service's protocol.
	CHECK(ok("-A -u 1.2.3.4:domain").svc.key.port == 53);
	CHECK(stop("-a -r 5.6.7.8:domain -u 1.2.3.4:53") ==
	      failed("illegal real server address[:port] specified"));
	CHECK(ok("-a -f 3 -r 5.6.7.8:domain").dest.port == 53);
}

TEST_CASE("real servers: ports, methods and defaults")
{
	Command c = ok("-a -t 10.0.0.9:80 -r 1.2.3.4:99 -w 65536");
	CHECK(c.dest.weight == 65536);
	CHECK(c.dest.conn_flags == IP_VS_CONN_F_DROUTE);
	CHECK(c.dest.port == 80); // direct routing keeps the service's port
	c = ok("-e -t 1.2.3.4:80 -r 5.6.7.8:99 -m -x 5 -y 3");
	CHECK(c.dest.port == 99);
	CHECK(c.dest.conn_flags == IP_VS_CONN_F_MASQ);
	CHECK(c.dest.u_threshold == 5);
	CHECK(c.dest.l_threshold == 3);
	// Without a port the server takes the service's as far as known.
	CHECK(ok("-d -t 1.2.3.4:80 -r 5.6.7.8").dest.port == 80);
	CHECK(ok("-d -r 5.6.7.8 -t 1.2.3.4:80").dest.port == 0);
	c = ok("-a -t 1.2.3.4:80 -r 5.6.7.8:8080 --fullnat");
	CHECK(c.dest.conn_flags == lvs::ipvs::kFwdFullNat);
	CHECK(c.dest.port == 8080);
	c = ok("-a -t 1.2.3.4:80 -r 5.6.7.8 -i --tun-type gue --tun-port 6080 --tun-remcsum");
	CHECK(c.dest.tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	CHECK(c.dest.tun_port == 6080);
	CHECK(c.dest.tun_flags == IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);
}

TEST_CASE("-6 and -M follow the order given")
{
	Command c = ok("-A -f 7 -M 64 -6");
	CHECK(c.svc.key.af == AF_INET6);
	CHECK(c.svc.netmask == 128);
	CHECK(ok("-A -f 7 -6 -M 64x").svc.netmask == 64); // atoi
	CHECK(stop("-A -f 7 -6 -M 0") == failed("illegal ipv6 netmask specified"));
	c = ok("-A -f 7");
	CHECK(c.svc.key.protocol == IPPROTO_TCP); // 1.31's "sane value"
	CHECK(c.svc.key.af == AF_INET);
}

TEST_CASE("scheduler names and flags")
{
	std::string long_name(26, 'a');
	CHECK(ok("-A -t 1.2.3.4:80 -s " + long_name).svc.sched_name == std::string(15, 'a'));
	CHECK(ok("-E -t 1.2.3.4:80 -s sh -b sh-port,,sh-fallback").svc.flags ==
	      (IP_VS_SVC_F_SCHED_SH_PORT | IP_VS_SVC_F_SCHED_SH_FALLBACK));
	CHECK(ok("-E -t 1.2.3.4:80 -b sh-port -s sh").svc.flags == IP_VS_SVC_F_SCHED_SH_PORT);
	CHECK(ok("-A -t 1.2.3.4:80 -b flag-1,flag-2,flag-3").svc.flags ==
	      (IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3));
	CHECK(stop("-A -t 1.2.3.4:80 -s mh -b mh-port,flag-1") == std::pair<std::string, int>{"(accepted)", 0});
	// 1.31 crashes on a list of nothing but commas.
	CHECK(stop("-A -t 1.2.3.4:80 -b ,") == failed("invalid scheduler flag `'"));
	Parsed empty = parse({"ipvsadm", "-A", "-t", "1.2.3.4:85", "-b", ""});
	REQUIRE(empty.command);
	CHECK(empty.command->svc.flags == 0); // an empty -b is ignored
}

TEST_CASE("commands become the kernel requests 1.31 sends")
{
	namespace op = lvs::ipvs::op;
	auto zero = [](const char *args) { return std::get<op::Zero>(*to_op(ok(args))); };
	CHECK_FALSE(zero("-Z").service); // every counter
	CHECK_FALSE(zero("-Z -t 0.0.0.0:0").service);
	CHECK(zero("-Z -f 4").service->fwmark == 4);
	CHECK(std::get<op::SetTimeouts>(*to_op(ok("--set 1 2 3"))).timeouts == lvs::ipvs::Timeouts{1, 2, 3});
	Parsed p = parse({"ipvsadm", "--start-daemon", "backup", "--mcast-interface", ""});
	REQUIRE(p.command);
	lvs::ipvs::Daemon d = std::get<op::NewDaemon>(*to_op(*p.command)).daemon;
	CHECK(d.mcast_ifn == "eth0"); // an empty name is the default
	CHECK(d.state == IP_VS_STATE_BACKUP);
	CHECK(d.mcast_group.af == 0);
	d = std::get<op::NewDaemon>(*to_op(ok("--start-daemon master --mcast-group 224.1.1.1 --mcast-port 9 "
					       "--mcast-ttl 3 --sync-maxlen 1400 --syncid 9")))
		    .daemon;
	CHECK(d.syncid == 9);
	CHECK(d.mcast_port == 9);
	CHECK(d.mcast_ttl == 3);
	CHECK(d.sync_maxlen == 1400);
	CHECK(lvs::net::to_string(d.mcast_group) == "224.1.1.1");
	CHECK(std::get<op::DelDaemon>(*to_op(ok("--stop-daemon master --syncid 5"))).daemon.mcast_ifn.empty());
	CHECK(std::holds_alternative<op::NewDest>(*to_op(ok("-a -t 1.2.3.4:80 -r 5.6.7.8"))));
	CHECK(std::holds_alternative<op::Flush>(*to_op(ok("-C"))));
	CHECK_FALSE(to_op(ok("-Ln")));
	CHECK_FALSE(to_op(ok("-S")));
	CHECK_FALSE(to_op(ok("-R")));
}

TEST_CASE("list options")
{
	Command c = ok("-L --stats --rate --exact --nosort -n");
	CHECK(c.format.stats);
	CHECK(c.format.rate);
	CHECK(c.format.exact);
	CHECK(c.format.nosort);
	CHECK(c.format.numeric);
	CHECK(ok("-L --syncid 5").cmd == Cmd::List); // allowed, and ignored
	CHECK(ok("-L --json -c").format.json);
	CHECK(ok("-l").cmd == Cmd::List);
	CHECK(ok("--list --fwmark-service 1 --numeric").svc.key.fwmark == 1);
}

TEST_CASE("local addresses: -P, -Q and -G with -z, in Alibaba LVS's spelling")
{
	Command add = ok("-P -t 10.0.0.1:80 -z 10.0.200.1");
	CHECK(add.cmd == Cmd::AddLaddr);
	CHECK(lvs::net::to_string(add.laddr.addr) == "10.0.200.1");
	namespace op = lvs::ipvs::op;
	auto na = std::get<op::NewLaddr>(*to_op(add));
	CHECK(na.service.port == 80);
	CHECK(na.service.protocol == IPPROTO_TCP);
	CHECK(na.addr == add.laddr.addr);

	auto da = std::get<op::DelLaddr>(*to_op(ok("--del-laddr --udp-service 10.0.0.1:53 --laddr=10.0.200.2")));
	CHECK(da.service.protocol == IPPROTO_UDP);
	CHECK(lvs::net::to_string(da.addr) == "10.0.200.2");
	CHECK(std::get<op::DelLaddr>(*to_op(ok("-Q -f 7 -z 10.0.200.2"))).service.fwmark == 7);
	CHECK(ok("-Pt 10.0.0.1:80 -z10.0.200.1").cmd == Cmd::AddLaddr);
	Command v6 = ok("-P -t [2001:db8::1]:80 -z 2001:db8::c8");
	CHECK(v6.laddr.addr.af == AF_INET6);
	CHECK(lvs::net::to_string(v6.laddr.addr) == "2001:db8::c8");
	// inet_aton's forms, as for any IPv4 address.
	CHECK(lvs::net::to_string(ok("-P -t 10.0.0.1:80 -z 0x0a00c801").laddr.addr) == "10.0.200.1");

	Command all = ok("-G");
	CHECK(all.cmd == Cmd::GetLaddr);
	CHECK_FALSE(all.has(Col::Service));
	CHECK_FALSE(to_op(all)); // a listing
	Command one = ok("--get-laddr -t 10.0.0.1:80 --json");
	CHECK(one.has(Col::Service));
	CHECK(one.format.json);

	// Alibaba's table: -P and -Q need both, -G takes no -n, -z goes nowhere else.
	CHECK(stop("-P -t 10.0.0.1:80") ==
	      failed("You need to supply the 'local-address' option for the 'add-laddr' command"));
	CHECK(stop("-Q -z 10.0.200.1") ==
	      failed("You need to supply the 'service-address' option for the 'del-laddr' command"));
	CHECK(stop("-G -n") == failed("Illegal 'numeric' option with the 'get-laddr' command"));
	CHECK(stop("-G -z 10.0.200.1") ==
	      failed("Illegal 'local-address' option with the 'get-laddr' command"));
	CHECK(stop("-L -z 10.0.200.1") == failed("Illegal 'local-address' option with the 'list' command"));
	CHECK(stop("-a -t 10.0.0.1:80 -r 1.2.3.4 -z 10.0.200.1") ==
	      failed("Illegal 'local-address' option with the 'add-server' command"));
	CHECK(stop("-P -t 10.0.0.1:80 -z 10.0.200.1 -s rr") ==
	      failed("Illegal 'scheduler' option with the 'add-laddr' command"));
	CHECK(stop("-S --json") == failed("Illegal 'json' option with the 'save' command"));
	CHECK(stop("-P -t 10.0.0.1:80 -z 1.1.1.1 -z 2.2.2.2") ==
	      failed("multiple 'local-address' options specified"));
	for (const char *bad : {"bogus..host", "10.0.200.1:80", "[2001:db8::1]:80", "[2001:db8::1]", "80", ""}) {
		CAPTURE(bad);
		CHECK(stop({"ipvsadm", "-P", "-t", "10.0.0.1:80", "-z", bad}) == failed("illegal local address"));
	}
	CHECK(stop("-P -t 10.0.0.1:80 -z") == std::pair<std::string, int>{"-z: missing argument\n", 255});
	// A second command is an invalid option, as for 1.31's own.
	CHECK(stop("-L -G") == failed("invalid option `-G'"));
	CHECK(stop("-G -P") == failed("invalid option `-P'"));
}

TEST_CASE("the kernel's refusals of the local-address commands")
{
	CHECK(kernel_message(IPVS_CMD_NEW_LADDR, EEXIST) == "Local address already exists");
	CHECK(kernel_message(IPVS_CMD_NEW_LADDR, ESRCH) == "Service not defined");
	CHECK(kernel_message(IPVS_CMD_DEL_LADDR, ESRCH) == "Service not defined");
	CHECK(kernel_message(IPVS_CMD_DEL_LADDR, ENOENT) == "No such local address");
	CHECK(kernel_message(IPVS_CMD_NEW_LADDR, EINVAL) ==
	      "Local address is not a unicast address of the service's family");
	// The stock ip_vs does not know the commands.
	for (int cmd : {IPVS_CMD_NEW_LADDR, IPVS_CMD_DEL_LADDR, IPVS_CMD_GET_LADDR})
		CHECK(kernel_message(cmd, EOPNOTSUPP) ==
		      "Local addresses need the full-NAT module (ipvs-switch fnat)");
	// The rest as for any command.
	CHECK(kernel_message(IPVS_CMD_DEL_LADDR, EINVAL) ==
	      "Invalid operation.  Possibly wrong module version, address not unicast, ...");
	CHECK(kernel_message(IPVS_CMD_NEW_LADDR, EAFNOSUPPORT) ==
	      "Operation not supported with specified address family");
	CHECK(kernel_message(IPVS_CMD_NEW_DEST, EOPNOTSUPP) == "Operation not supported with IPv6");
}
