// ipvsadm's list formats from model structs, compared byte for byte with
// what Debian's ipvsadm 1.31 printed for the same table
// (shared/reference/ipvsadm-1.31-outputs/list_outputs.txt).
#include "ipvsadm/connections.hpp"
#include "ipvsadm/list.hpp"

#include "core/net/addr.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <linux/ip_vs.h>
#include <map>
#include <netinet/in.h>

using namespace lvs::ipvsadm;
using lvs::net::Addr;
using lvs::ipvs::Dest;
using lvs::ipvs::Service;

namespace {

Addr v4(const char *text)
{
	return *lvs::net::parse_ipv4_liberal(text);
}

Service service(uint16_t proto, const char *addr, uint16_t port, const char *sched, uint32_t flags = 0,
		uint32_t timeout = 0)
{
	Service s;
	s.key.protocol = proto;
	s.key.addr = v4(addr);
	s.key.port = port;
	s.sched_name = sched;
	s.flags = flags;
	s.timeout = timeout;
	s.netmask = 0xffffffff;
	s.stats = {105116, 827026, 774414, 55260589, 5145795700, 412, 18320, 0, 14000000, 0};
	return s;
}

Dest dest(const char *addr, uint16_t port, uint32_t fwd, int32_t weight, uint32_t active, uint32_t inact)
{
	Dest d;
	d.addr = v4(addr);
	d.port = port;
	d.conn_flags = fwd;
	d.weight = weight;
	d.active_conns = active;
	d.inact_conns = inact;
	d.stats = {1234, 56789, 43210, 123456789, 98765, 12, 345, 0, 67890, 0};
	return d;
}

// The sample table, in the kernel's (unsorted) order.
std::vector<ServiceEntry> sample()
{
	Service web = service(IPPROTO_TCP, "10.0.0.1", 80, "wlc");
	Dest rs1 = dest("192.168.10.1", 80, IP_VS_CONN_F_MASQ, 1, 134, 2);
	rs1.u_threshold = 100;
	rs1.l_threshold = 50;
	rs1.stats.conns = 2468;
	rs1.stats.inbytes = 246913578;
	Service dns = service(IPPROTO_UDP, "10.0.0.1", 53, "rr",
			      IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET, 360);
	std::memcpy(&dns.netmask, v4("255.255.255.0").bytes.data(), sizeof dns.netmask);
	Dest dns_rs = dest("192.168.10.1", 53, IP_VS_CONN_F_DROUTE, 0, 0, 5);
	dns_rs.persist_conns = 7;
	Service mark = service(0, "0.0.0.0", 0, "sh", IP_VS_SVC_F_SCHED2);
	mark.key.fwmark = 1;
	Dest tunnel = dest("172.16.0.9", 0, IP_VS_CONN_F_TUNNEL, 65535, 1, 0);
	Service tls = service(IPPROTO_TCP, "10.0.0.2", 443, "mh", IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_PERSISTENT, 300);
	Service sctp = service(IPPROTO_SCTP, "10.0.0.3", 0, "wrr", IP_VS_SVC_F_PERSISTENT, 60);
	return {
		{web, {dest("192.168.10.2", 8080, IP_VS_CONN_F_MASQ, 3, 0, 0), rs1}},
		{dns, {dns_rs}},
		{mark, {tunnel}},
		{tls, {dest("192.168.10.3", 443, IP_VS_CONN_F_DROUTE, 1, 0, 0)}},
		{sctp, {}},
	};
}

// No resolver in unit tests: these addresses have no names, these ports do.
Names names()
{
	return Names{
		[](const Addr &a) { return lvs::net::to_string(a); },
		[](uint16_t port, uint16_t) -> std::optional<std::string> {
			static const std::map<uint16_t, std::string> known{
				{80, "http"}, {8080, "http-alt"}, {443, "https"}, {53, "domain"}};
			auto it = known.find(port);
			return it == known.end() ? std::nullopt : std::optional(it->second);
		},
	};
}

const lvs::ipvs::Info kInfo{0x010201, 4096};

std::string listing(Format f, bool with_header = true)
{
	auto entries = sample();
	sort_entries(entries, f);
	return (with_header && !f.rule ? header(kInfo) : "") + table_text(entries, f, names());
}

Format numeric()
{
	Format f;
	f.numeric = true;
	return f;
}

} // namespace

TEST_CASE("ipvsadm -L and -Ln print 1.31's table")
{
	CHECK(listing(Format{}) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:http wlc\n"
		"  -> 192.168.10.1:http            Masq    1      134        2         \n"
		"  -> 192.168.10.2:http-alt        Masq    3      0          0         \n"
		"TCP  10.0.0.2:https mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:https           Route   1      0          0         \n"
		"UDP  10.0.0.1:domain rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:domain          Route   0      0          5         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 Tunnel  65535  1          0         \n");
	CHECK(listing(numeric()) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.1:80              Masq    1      134        2         \n"
		"  -> 192.168.10.2:8080            Masq    3      0          0         \n"
		"TCP  10.0.0.2:443 mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:443             Route   1      0          0         \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:53              Route   0      0          5         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 Tunnel  65535  1          0         \n");
}

TEST_CASE("--stats scales counters past 8 digits unless --exact")
{
	Format f = numeric();
	f.stats = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80                    105116   827026   774414 55260589    5145M\n"
		"  -> 192.168.10.1:80                  2468    56789    43210  246913K    98765\n"
		"  -> 192.168.10.2:8080                1234    56789    43210  123456K    98765\n"
		"TCP  10.0.0.2:443                   105116   827026   774414 55260589    5145M\n"
		"  -> 192.168.10.3:443                 1234    56789    43210  123456K    98765\n"
		"UDP  10.0.0.1:53                    105116   827026   774414 55260589    5145M\n"
		"  -> 192.168.10.1:53                  1234    56789    43210  123456K    98765\n"
		"SCTP 10.0.0.3:0                     105116   827026   774414 55260589    5145M\n"
		"FWM  1                              105116   827026   774414 55260589    5145M\n"
		"  -> 172.16.0.9:0                     1234    56789    43210  123456K    98765\n");
	f.exact = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80                    105116   827026   774414 55260589 5145795700\n"
		"  -> 192.168.10.1:80                  2468    56789    43210 246913578    98765\n"
		"  -> 192.168.10.2:8080                1234    56789    43210 123456789    98765\n"
		"TCP  10.0.0.2:443                   105116   827026   774414 55260589 5145795700\n"
		"  -> 192.168.10.3:443                 1234    56789    43210 123456789    98765\n"
		"UDP  10.0.0.1:53                    105116   827026   774414 55260589 5145795700\n"
		"  -> 192.168.10.1:53                  1234    56789    43210 123456789    98765\n"
		"SCTP 10.0.0.3:0                     105116   827026   774414 55260589 5145795700\n"
		"FWM  1                              105116   827026   774414 55260589 5145795700\n"
		"  -> 172.16.0.9:0                     1234    56789    43210 123456789    98765\n");
}

TEST_CASE("--rate prints the destinations' packet rates unscaled")
{
	Format f = numeric();
	f.rate = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80                       412    18320        0 14000000        0\n"
		"  -> 192.168.10.1:80                    12      345        0    67890        0\n"
		"  -> 192.168.10.2:8080                  12      345        0    67890        0\n"
		"TCP  10.0.0.2:443                      412    18320        0 14000000        0\n"
		"  -> 192.168.10.3:443                   12      345        0    67890        0\n"
		"UDP  10.0.0.1:53                       412    18320        0 14000000        0\n"
		"  -> 192.168.10.1:53                    12      345        0    67890        0\n"
		"SCTP 10.0.0.3:0                        412    18320        0 14000000        0\n"
		"FWM  1                                 412    18320        0 14000000        0\n"
		"  -> 172.16.0.9:0                       12      345        0    67890        0\n");
}

TEST_CASE("--thresholds, --persistent-conn and --tun-info columns")
{
	Format f = numeric();
	f.thresholds = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.1:80              100        50         134        2         \n"
		"  -> 192.168.10.2:8080            0          0          0          0         \n"
		"TCP  10.0.0.2:443 mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:443             0          0          0          0         \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:53              0          0          0          5         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 0          0          1          0         \n");
	f = numeric();
	f.persistent_conn = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port            Weight    PersistConn ActiveConn InActConn \n"
		"  -> RemoteAddress:Port\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.1:80              1         0           134        2         \n"
		"  -> 192.168.10.2:8080            3         0           0          0         \n"
		"TCP  10.0.0.2:443 mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:443             1         0           0          0         \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:53              0         7           0          5         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 65535     0           1          0         \n");
	f = numeric();
	f.tun_info = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.1:80              Masq    n/a           1      134        2         \n"
		"  -> 192.168.10.2:8080            Masq    n/a           3      0          0         \n"
		"TCP  10.0.0.2:443 mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:443             Route   n/a           1      0          0         \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:53              Route   n/a           0      0          5         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 Tunnel  ipip          65535  1          0         \n");
}

TEST_CASE("--nosort keeps the kernel's order")
{
	Format f = numeric();
	f.nosort = true;
	CHECK(listing(f) ==
		"IP Virtual Server version 1.2.1 (size=4096)\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.2:8080            Masq    3      0          0         \n"
		"  -> 192.168.10.1:80              Masq    1      134        2         \n"
		"UDP  10.0.0.1:53 rr persistent 360 mask 255.255.255.0 ops\n"
		"  -> 192.168.10.1:53              Route   0      0          5         \n"
		"FWM  1 sh (sh-port)\n"
		"  -> 172.16.0.9:0                 Tunnel  65535  1          0         \n"
		"TCP  10.0.0.2:443 mh (mh-fallback) persistent 300\n"
		"  -> 192.168.10.3:443             Route   1      0          0         \n"
		"SCTP 10.0.0.3:0 wrr persistent 60\n");
}

TEST_CASE("one service is listed without the version header")
{
	auto entries = sample();
	std::vector<ServiceEntry> one{entries[0]};
	sort_entries(one, numeric());
	CHECK(table_text(one, numeric(), names()) ==
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"TCP  10.0.0.1:80 wlc\n"
		"  -> 192.168.10.1:80              Masq    1      134        2         \n"
		"  -> 192.168.10.2:8080            Masq    3      0          0         \n");
}

TEST_CASE("-S and -Sn print rules that -R reads back")
{
	Format f;
	f.rule = true;
	// Over netlink the kernel reports tunnel type 0, which 1.31 saves as
	// "--tun-type ipip" with or without -n; the -S sample was taken through
	// the old socket interface, which has no tunnel type.
	CHECK(listing(f) ==
		"-A -t 10.0.0.1:http -s wlc\n"
		"-a -t 10.0.0.1:http -r 192.168.10.1:http -m -w 1\n"
		"-a -t 10.0.0.1:http -r 192.168.10.2:http-alt -m -w 3\n"
		"-A -t 10.0.0.2:https -s mh -p 300 -b mh-fallback\n"
		"-a -t 10.0.0.2:https -r 192.168.10.3:https -g -w 1\n"
		"-A -u 10.0.0.1:domain -s rr -p 360 -M 255.255.255.0 -o\n"
		"-a -u 10.0.0.1:domain -r 192.168.10.1:domain -g -w 0\n"
		"-A --sctp-service 10.0.0.3:0 -s wrr -p 60\n"
		"-A -f 1 -s sh -b sh-port\n"
		"-a -f 1 -r 172.16.0.9:0 -i -w 65535 --tun-type ipip\n");
	f.numeric = true;
	CHECK(listing(f) ==
		"-A -t 10.0.0.1:80 -s wlc\n"
		"-a -t 10.0.0.1:80 -r 192.168.10.1:80 -m -w 1\n"
		"-a -t 10.0.0.1:80 -r 192.168.10.2:8080 -m -w 3\n"
		"-A -t 10.0.0.2:443 -s mh -p 300 -b mh-fallback\n"
		"-a -t 10.0.0.2:443 -r 192.168.10.3:443 -g -w 1\n"
		"-A -u 10.0.0.1:53 -s rr -p 360 -M 255.255.255.0 -o\n"
		"-a -u 10.0.0.1:53 -r 192.168.10.1:53 -g -w 0\n"
		"-A --sctp-service 10.0.0.3:0 -s wrr -p 60\n"
		"-A -f 1 -s sh -b sh-port\n"
		"-a -f 1 -r 172.16.0.9:0 -i -w 65535 --tun-type ipip\n");
}

TEST_CASE("--timeout and --daemon")
{
	CHECK(timeouts_text({900, 120, 300}) ==
		"Timeout (tcp tcpfin udp): 900 120 300\n");
	lvs::ipvs::Daemon master{IP_VS_STATE_MASTER, "eth0", 7, 0, Addr{0, {}}, 0, 0};
	lvs::ipvs::Daemon backup{IP_VS_STATE_BACKUP, "eth1", 7, 0, Addr{0, {}}, 0, 0};
	CHECK(daemons_text({master, backup}) ==
		"master sync daemon (mcast=eth0, syncid=7)\n"
		"backup sync daemon (mcast=eth1, syncid=7)\n");
	lvs::ipvs::Daemon full{IP_VS_STATE_BACKUP, "eth0", 9, 1400, v4("239.1.2.3"), 9000, 3};
	CHECK(daemons_text({full}) ==
	      "backup sync daemon (mcast=eth0, syncid=9, maxlen=1400, group=239.1.2.3, port=9000, ttl=3)\n");
}

TEST_CASE("print_largenum's scaling and --exact widths")
{
	CHECK(largenum(0, false) == "        0");
	CHECK(largenum(99999999, false) == " 99999999");
	CHECK(largenum(100000000, false) == "  100000K");
	CHECK(largenum(999999999, false) == "  999999K");
	CHECK(largenum(1000000000, false) == "    1000M");
	CHECK(largenum(99999999999ULL, false) == "   99999M");
	CHECK(largenum(100000000000ULL, false) == "     100G");
	CHECK(largenum(99999999999999ULL, false) == "   99999G");
	CHECK(largenum(100000000000000ULL, false) == "     100T");
	CHECK(largenum(18446744073709551615ULL, false) == "18446744T");
	CHECK(largenum(12345678, true) == " 12345678");
	CHECK(largenum(123456789, true) == " 123456789");
	CHECK(largenum(5145795700, true) == " 5145795700");
}

TEST_CASE("1.31's sort: wrapping comparisons put 192.168/16 before 10/8, big marks first")
{
	auto svc = [](const char *addr, uint32_t mark) {
		ServiceEntry e{service(IPPROTO_TCP, addr, 80, "rr"), {}};
		e.service.key.fwmark = mark;
		return e;
	};
	std::vector<ServiceEntry> v{svc("10.0.0.1", 0), svc("192.168.1.1", 0), svc("200.0.0.1", 0),
				    svc("0.0.0.0", 5), svc("0.0.0.0", 3000000000u)};
	sort_entries(v, Format{});
	std::vector<std::string> order;
	for (const auto &e : v)
		order.push_back(e.service.key.fwmark ? std::to_string(e.service.key.fwmark)
						 : lvs::net::to_string(e.service.key.addr));
	CHECK(order == std::vector<std::string>{"3000000000", "192.168.1.1", "200.0.0.1", "10.0.0.1", "5"});
}

TEST_CASE("fwmarks past 2^31 print negative, as Debian's build does")
{
	ServiceEntry e{service(0, "0.0.0.0", 0, "rr"), {}};
	e.service.key.fwmark = 3000000000u;
	CHECK(table_text({e}, numeric(), names()) ==
	      std::string(title(numeric())) + "FWM  -1294967296 rr\n");
	Format rule;
	rule.rule = true;
	CHECK(table_text({e}, rule, names()) == "-A -f -1294967296 -s rr\n");
}

TEST_CASE("long names are cut to 1.31's columns; IPv6 ones are not")
{
	Names long_names{[](const Addr &a) {
				 return a.af == AF_INET6 ? std::string("v6-host-with-a-rather-long-name")
							 : std::string("a-host-with-a-long-name.example.com");
			 },
			 [](uint16_t, uint16_t) { return std::optional<std::string>("http"); }};
	Service s = service(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	Dest d = dest("10.0.0.2", 80, IP_VS_CONN_F_MASQ, 1, 0, 0);
	Dest d6 = d;
	d6.addr = *lvs::net::parse_ipv6("2001:db8::1");
	d6.conn_flags = IP_VS_CONN_F_TUNNEL;
	CHECK(table_text({{s, {d, d6}}}, Format{}, long_names) ==
	      std::string(title(Format{})) +
		      "TCP  a-host-with-a-long-name.exam rr\n"
		      "  -> a-host-with-a-long-name.exam Masq    1      0          0         \n"
		      "  -> [v6-host-with-a-rather-long-name]:http Tunnel  1      0          0         \n");
	CHECK(addr_port(v4("10.0.0.1"), 80, IPPROTO_TCP, false,
			Names{[](const Addr &) { return std::string(70, 'x'); }, long_names.service}) ==
	      std::string(59, 'x'));
}

TEST_CASE("our forwarding method shows as FullNat and saves as --fullnat")
{
	Service s = service(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	Dest d = dest("192.168.0.1", 8080, lvs::ipvs::kFwdFullNat, 2, 0, 0);
	CHECK(table_text({{s, {d}}}, numeric(), names()) ==
	      std::string(title(numeric())) + "TCP  10.0.0.1:80 rr\n"
					      "  -> 192.168.0.1:8080             FullNat 2      0          0         \n");
	Format rule = numeric();
	rule.rule = true;
	CHECK(table_text({{s, {d}}}, rule, names()) ==
	      "-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 192.168.0.1:8080 --fullnat -w 2\n");
}

TEST_CASE("tunnel types in --tun-info and -S")
{
	Service s = service(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	Dest gue = dest("10.0.0.2", 80, IP_VS_CONN_F_TUNNEL, 1, 0, 0);
	gue.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	gue.tun_port = 6080;
	gue.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	Dest gre = dest("10.0.0.3", 80, IP_VS_CONN_F_TUNNEL, 1, 0, 0);
	gre.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	gre.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	Format f = numeric();
	f.tun_info = true;
	CHECK(table_text({{s, {gue, gre}}}, f, names()) ==
	      std::string(title(f)) + "TCP  10.0.0.1:80 rr\n"
				      "  -> 10.0.0.2:80                  Tunnel  gue:6080:r+c  1      0          0         \n"
				      "  -> 10.0.0.3:80                  Tunnel  gre:+c        1      0          0         \n");
	f = numeric();
	f.rule = true;
	CHECK(table_text({{s, {gue, gre}}}, f, names()) ==
	      "-A -t 10.0.0.1:80 -s rr\n"
	      "-a -t 10.0.0.1:80 -r 10.0.0.2:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-remcsum\n"
	      "-a -t 10.0.0.1:80 -r 10.0.0.3:80 -i -w 1 --tun-type gre --tun-csum\n");
}

TEST_CASE("-c rows from /proc/net/ip_vs_conn")
{
	const char *rows[] = {
		"TCP C6336407 CAD2 CB00710A 0050 C0A80A01 0050 ESTABLISHED     895\n",
		"TCP C6336409 9CB1 CB00710A 0050 C0A80A02 1F90 FIN_WAIT         42\n",
		"UDP C6336403 0000 CB00710A 0035 C0A80A01 0035 NONE            118 sip 4a7e2f\n",
	};
	Format f = numeric();
	std::string plain = connections_title(f);
	f.persistent_conn = true;
	std::string persistent = connections_title(f);
	for (const char *row : rows) {
		auto c = parse_connection(row);
		REQUIRE(c);
		plain += connection_row(*c, numeric(), names());
		persistent += connection_row(*c, f, names());
	}
	CHECK("IPVS connection entries\n" + plain ==
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination\n"
		"TCP 14:55  ESTABLISHED 198.51.100.7:51922 203.0.113.10:80    192.168.10.1:80\n"
		"TCP 00:42  FIN_WAIT    198.51.100.9:40113 203.0.113.10:80    192.168.10.2:8080\n"
		"UDP 01:58  NONE        198.51.100.3:0     203.0.113.10:53    192.168.10.1:53\n");
	CHECK("IPVS connection entries\n" + persistent ==
		"IPVS connection entries\n"
		"pro expire state       source             virtual            destination        pe name          pe_data\n"
		"TCP 14:55  ESTABLISHED 198.51.100.7:51922 203.0.113.10:80    192.168.10.1:80\n"
		"TCP 00:42  FIN_WAIT    198.51.100.9:40113 203.0.113.10:80    192.168.10.2:8080\n"
		"UDP 01:58  NONE        198.51.100.3:0     203.0.113.10:53    192.168.10.1:53  sip                4a7e2f\n");
	CHECK_FALSE(parse_connection(" \n"));
}

TEST_CASE("-G prints Alibaba LVS's table of local addresses")
{
	lvs::ipvs::ServiceKey web = service(IPPROTO_TCP, "10.0.0.1", 80, "rr").key;
	lvs::ipvs::ServiceKey dns = service(IPPROTO_UDP, "10.0.100.1", 53, "rr").key;
	lvs::ipvs::ServiceKey mark{AF_INET, IPPROTO_TCP, Addr{}, 0, 7};
	std::vector<LaddrEntry> entries{
		{web, {{v4("10.0.200.1"), 0, 12}, {v4("10.0.200.2"), 4294967296ull, 3}}},
		{dns, {}},
		{mark, {{v4("10.0.200.3"), 1, 0}}},
	};
	// Alibaba's printf formats: "%-20s %-8s %-20s %-10s %-10s\n" for the title
	// and each address, "%-20s %-8u \n" for each service.
	CHECK(laddrs_text(entries) ==
	      "VIP:VPORT            TOTAL    LADDR                CONFLICTS  CONNS     \n"
	      "10.0.0.1:80          2        \n"
	      "                              10.0.200.1           0          12        \n"
	      "                              10.0.200.2           4294967296 3         \n"
	      "10.0.100.1:53        0        \n"
	      "FWM:7                1        \n"
	      "                              10.0.200.3           1          0         \n");
	// No service, no title.
	CHECK(laddrs_text({}).empty());
	lvs::ipvs::ServiceKey v6{AF_INET6, IPPROTO_TCP, *lvs::net::parse_ipv6("2001:db8::1"), 443, 0};
	CHECK(laddrs_text({{v6, {{*lvs::net::parse_ipv6("2001:db8::c8"), 0, 0}}}}) ==
	      "VIP:VPORT            TOTAL    LADDR                CONFLICTS  CONNS     \n"
	      "[2001:db8::1]:443    1        \n"
	      "                              2001:db8::c8         0          0         \n");
}

TEST_CASE("-S saves local addresses as -P lines after the service's -A and -a lines")
{
	Service s = service(IPPROTO_TCP, "10.0.0.1", 80, "rr");
	Dest d = dest("192.168.0.1", 8080, lvs::ipvs::kFwdFullNat, 2, 0, 0);
	ServiceEntry e{s, {d}, {{v4("10.0.200.1"), 5, 6}, {v4("10.0.200.2"), 0, 0}}};
	Service mark = service(0, "0.0.0.0", 0, "wlc");
	mark.key.fwmark = 3;
	ServiceEntry m{mark, {}, {{v4("10.0.200.3"), 0, 0}}};
	Format rule = numeric();
	rule.rule = true;
	CHECK(table_text({e, m}, rule, names()) ==
	      "-A -t 10.0.0.1:80 -s rr\n"
	      "-a -t 10.0.0.1:80 -r 192.168.0.1:8080 --fullnat -w 2\n"
	      "-P -t 10.0.0.1:80 -z 10.0.200.1\n"
	      "-P -t 10.0.0.1:80 -z 10.0.200.2\n"
	      "-A -f 3 -s wlc\n"
	      "-P -f 3 -z 10.0.200.3\n");
	// Without -n, names as for the other lines.
	rule.numeric = false;
	Names named = names();
	named.host = [](const Addr &a) { return a == v4("10.0.200.1") ? std::string("lip1") : lvs::net::to_string(a); };
	CHECK(table_text({e}, rule, named) ==
	      "-A -t 10.0.0.1:http -s rr\n"
	      "-a -t 10.0.0.1:http -r 192.168.0.1:http-alt --fullnat -w 2\n"
	      "-P -t 10.0.0.1:http -z lip1\n"
	      "-P -t 10.0.0.1:http -z 10.0.200.2\n");
	// Other listings do not show them.
	CHECK(table_text({e}, numeric(), names()) ==
	      std::string(title(numeric())) + "TCP  10.0.0.1:80 rr\n"
					      "  -> 192.168.0.1:8080             FullNat 2      0          0         \n");
}
