// Virtual servers, real servers and checkers: keepalived 2.2.7's defaults,
// inheritance and messages, the EulerOS extensions, and the guide's
// samples parsing to the model they describe.
#include "core/config/load.hpp"
#include "core/config/values.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <string>

using namespace lvs::config;

namespace {

const std::filesystem::path kCorpus = std::filesystem::path(__FILE__).parent_path() / "../keepalived";

Loaded load(const std::string &text)
{
	return load_text(text, "t.conf");
}

Loaded corpus(const std::string &name)
{
	return load_file((kCorpus / name).string());
}

bool said(const Loaded &l, const std::string &text)
{
	for (const auto &d : l.diags.all())
		if (l.diags.format(d).find(text) != std::string::npos)
			return true;
	return false;
}

// A complete service around a real server body.
std::string service(const std::string &vs_extra, const std::string &rs_body)
{
	return "virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" + vs_extra +
	       " real_server 10.0.0.2 80 {\n" + rs_body + " }\n}\n";
}

} // namespace

TEST_CASE("a virtual server's defaults, and what a real server and checker inherit")
{
	Loaded l = load(service("", " TCP_CHECK {\n }\n"));
	REQUIRE(l.config.virtual_servers.size() == 1);
	CHECK(l.diags.exit_status() == 0);
	const VirtualServer &vs = l.config.virtual_servers[0];
	CHECK(vs.connect_timeout == 5 * kSecond);
	CHECK(vs.delay_loop == 60 * kSecond);
	CHECK(vs.quorum == 1);
	CHECK(vs.hysteresis == 0);
	CHECK(vs.smtp_alert == Inherit::no);
	const RealServer &rs = vs.real_servers[0];
	CHECK(rs.weight == 1);
	CHECK(rs.forward.kind == Forward::nat);
	CHECK(rs.smtp_alert == Inherit::yes);
	const Checker &k = rs.checkers[0];
	CHECK(k.retry == 1);
	CHECK(k.conn.connect_timeout == 5 * kSecond);
	CHECK(k.delay_loop == 60 * kSecond);
	CHECK(k.warmup == 60 * kSecond);
	CHECK(k.delay_before_retry == kSecond);
	CHECK(k.alpha == Inherit::no);
}

TEST_CASE("checker defaults differ by type: DNS retries 3, MISC 0, HTTP waits 3 s")
{
	Loaded l = load(service(" delay_loop 10\n", " DNS_CHECK {\n }\n MISC_CHECK {\n misc_path /x\n }\n"
						     " HTTP_GET {\n url {\n path /\n }\n }\n"));
	const auto &k = l.config.virtual_servers.at(0).real_servers.at(0).checkers;
	REQUIRE(k.size() == 3);
	CHECK(k[0].retry == 3);
	CHECK(k[0].delay_before_retry == 10 * kSecond);
	CHECK(k[1].retry == 0);
	CHECK(k[2].retry == 1);
	CHECK(k[2].delay_before_retry == 3 * kSecond);
	const auto &url = std::get<HttpCheck>(*k[2].detail).urls.at(0);
	CHECK(url.path == "/");
}

TEST_CASE("values set on the virtual server flow to real servers and checkers")
{
	Loaded l = load(service(" retry 4\n delay_loop 7\n weight 9\n alpha\n inhibit_on_failure\n",
				" delay_before_retry 2\n TCP_CHECK {\n warmup 0\n }\n"));
	const RealServer &rs = l.config.virtual_servers.at(0).real_servers.at(0);
	CHECK(rs.weight == 9);
	CHECK(rs.alpha == Inherit::yes);
	CHECK(rs.inhibit_on_failure == Inherit::yes);
	const Checker &k = rs.checkers.at(0);
	CHECK(k.retry == 4);
	CHECK(k.delay_loop == 7 * kSecond);
	CHECK(k.delay_before_retry == 2 * kSecond);
	CHECK(k.warmup == 0);
	CHECK(k.alpha == Inherit::yes);
}

TEST_CASE("keepalived's defaults for what is left out, each with its warning")
{
	Loaded l = load("virtual_server 10.0.0.1 80 {\n real_server 10.0.0.2 80 {\n }\n}\n");
	const VirtualServer &vs = l.config.virtual_servers.at(0);
	CHECK(vs.protocol == IPPROTO_UDP);
	CHECK(vs.sched == "wlc");
	CHECK(vs.forward.kind == Forward::nat);
	CHECK(said(l, "(t.conf: Line 1) Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP"));
	CHECK(said(l, "no scheduler set, setting default 'wlc'"));
	CHECK(said(l, "no forwarding method set, setting default NAT"));
	CHECK(l.diags.exit_status() == kExitConfigError);
}

TEST_CASE("persistence_timeout without a value is 360 seconds")
{
	Loaded l = load(service(" persistence_timeout\n", ""));
	CHECK(l.config.virtual_servers.at(0).persistence_timeout == 360);
	CHECK(l.diags.exit_status() == 0);
}

TEST_CASE("nb_get_retry is retry in every checker (R-KA-COMPAT)")
{
	Loaded l = load(service("", " TCP_CHECK {\n nb_get_retry 5\n }\n UDP_CHECK {\n nb_get_retry 2\n }\n"));
	const auto &k = l.config.virtual_servers.at(0).real_servers.at(0).checkers;
	CHECK(k.at(0).retry == 5);
	CHECK(k.at(1).retry == 2);
	CHECK(l.diags.exit_status() == 0);
}

TEST_CASE("a duplicate real server is an error and is dropped (R-KA-DUP)")
{
	std::string text = "virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n";
	for (int i = 0; i < 3; ++i)
		text += " real_server 10.0.0.2 80 {\n }\n";
	text += " real_server 10.0.0.2 81 {\n }\n}\n";
	Loaded l = load(text);
	CHECK(l.config.virtual_servers.at(0).real_servers.size() == 2);
	CHECK(said(l, "(t.conf: Line 7) VS [10.0.0.1]:tcp:80: real server [10.0.0.2]:tcp:80 is duplicated - removing second rs"));
	CHECK(l.diags.exit_status() == kExitConfigError);
}

TEST_CASE("number errors name the value and the range, then what was ignored")
{
	Loaded l = load(service(" weight 0\n", " weight abc\n uthreshold -1\n"));
	CHECK(said(l, "(t.conf: Line 5) number '0' outside range [1, 2147483647]"));
	CHECK(said(l, "(t.conf: Line 5) Virtual server weight 0 is outside range 1-2147483647"));
	CHECK(said(l, "(t.conf: Line 7) invalid number 'abc'"));
	CHECK(said(l, "(t.conf: Line 8) negative number '-1'"));
}

TEST_CASE("unknown keywords and missing parameters are errors at their line")
{
	Loaded l = load(service(" lb_algorithm rr\n delay_loop\n", ""));
	CHECK(said(l, "(t.conf: Line 5) Unknown keyword 'lb_algorithm'"));
	CHECK(said(l, "(t.conf: Line 6) *** Configuration line starting `delay_loop` is missing a parameter"));
}

TEST_CASE("tcp_draining_timeout is 0-3600, no value meaning 0 (R-DRAIN-2)")
{
	std::string fnat = " lb_kind FNAT\n";
	CHECK(*load(service(fnat + " tcp_draining_timeout\n", "")).config.virtual_servers.at(0).rare->tcp_draining_timeout == 0);
	CHECK(*load(service(fnat + " tcp_draining_timeout 3600\n", "")).config.virtual_servers.at(0).rare->tcp_draining_timeout == 3600);
	Loaded bad = load(service(fnat + " tcp_draining_timeout 3601\n", ""));
	CHECK(said(bad, "tcp_draining_timeout 3601 must be in [0, 3600] - ignoring"));
}

TEST_CASE("client lists: masks 1-32 and 1-128, at most 1000 entries, IPv6 too (R-ACL-2)")
{
	std::string list = " lb_kind FNAT\n client_ipaddr_allow {\n 10.0.0.0/8\n 10.1.1.1\n 10.0.0.0/32\n}\n";
	Loaded ok = load(service(list, ""));
	const auto &allow = ok.config.virtual_servers.at(0).rare->client_ipaddr_allow;
	REQUIRE(allow.size() == 3);
	CHECK(allow[0].prefix == 8);
	CHECK(allow[1].prefix == 32);
	CHECK(ok.diags.exit_status() == 0);
	for (const char *bad : {"10.0.0.0/0", "10.0.0.0/33", "10.0.0/8", "2001:db8::/129"}) {
		Loaded l = load(service(std::string(" lb_kind FNAT\n client_ipaddr_exclude {\n ") + bad + "\n}\n", ""));
		CHECK_MESSAGE(l.diags.exit_status() == kExitConfigError, bad);
	}
	std::string many = " lb_kind FNAT\n client_ipaddr_allow {\n";
	for (int i = 0; i < 1001; ++i)
		many += " 10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256) + "\n";
	Loaded l = load(service(many + "}\n", ""));
	CHECK(l.config.virtual_servers.at(0).rare->client_ipaddr_allow.size() == 1000);
	CHECK(said(l, "client_ipaddr_allow has more than 1000 entries"));
	Loaded v6 = load("virtual_server 2001:db8::1 80 {\n lb_algo rr\n lb_kind FNAT\n protocol TCP\n"
			 " client_ipaddr_exclude {\n 2001:db8:1::/48\n }\n real_server 2001:db8::2 80 {\n }\n}\n");
	CHECK(v6.config.virtual_servers.at(0).rare->client_ipaddr_exclude.at(0).prefix == 48);
	CHECK(v6.diags.exit_status() == 0);
}

TEST_CASE("FNAT-only extensions are flagged without lb_kind FNAT")
{
	Loaded l = load(service(" flow_control_pc 10\n checker_merge\n laddr_group_name x\n", ""));
	CHECK(said(l, "flow_control_cps/flow_control_interval/flow_control_pc only works with lb_kind FNAT"));
	CHECK(said(l, "checker_merge only works with lb_kind FNAT"));
	CHECK(said(l, "laddr_group_name only works with lb_kind FNAT"));
	CHECK(said(l, "local_address_group x is not defined"));
}

TEST_CASE("the consh scheduler and the FNAT kinds are accepted")
{
	Loaded l = load("virtual_server 10.0.0.1 80 {\n lb_algo consh\n lb_kind FNAT\n protocol TCP\n"
			" real_server 10.0.0.2 80 {\n }\n}\n");
	CHECK(l.diags.exit_status() == 0);
	CHECK(l.config.virtual_servers.at(0).sched == "consh");
	CHECK(l.config.virtual_servers.at(0).real_servers.at(0).forward.kind == Forward::fnat);
}

TEST_CASE("a virtual server naming an undefined group is rejected (R-KA-COMPAT)")
{
	Loaded l = load("virtual_server group none {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
			" real_server 10.0.0.2 80 {\n }\n}\n");
	CHECK(l.config.virtual_servers.empty());
	CHECK(l.diags.exit_status() == kExitConfigError);
}

TEST_CASE("virtual_server_group ranges, prefixes and fwmarks")
{
	Loaded l = load("virtual_server_group g {\n 10.0.0.1-5 80\n 10.0.1.0/30 81\n fwmark 7 inet\n}\n");
	const auto &e = l.config.virtual_server_groups.at(0).entries;
	REQUIRE(e.size() == 3);
	CHECK(addr_str(e[0].last) == "10.0.0.5");
	CHECK(e[0].port == 80);
	CHECK(addr_str(e[1].last) == "10.0.1.3");
	CHECK(e[2].fwmark == 7);
	CHECK(e[2].fwmark_af == AF_INET);
}

TEST_CASE("script security: exit 6 without it, a user needed with it")
{
	Loaded none = load(service(" quorum_up /bin/true\n", ""));
	CHECK(none.diags.exit_status() == kExitSecurity);
	CHECK(said(none, "SECURITY VIOLATION - check scripts are being executed but script_security not enabled."));
	Loaded missing = load(service(" quorum_up /nonexistent/script\n", ""));
	CHECK(missing.diags.exit_status() == 0);
	Loaded secure = load("global_defs {\n enable_script_security\n script_user root\n}\n" +
			     service(" quorum_up \"/bin/true a b\" root\n", ""));
	CHECK(secure.diags.exit_status() == 0);
	CHECK(secure.config.virtual_servers.at(0).rare->quorum_up->command == "/bin/true a b");
}

TEST_CASE("the guide's FNAT sample parses to the service it describes")
{
	Loaded l = corpus("guide_fnat_secure.conf");
	CHECK(l.diags.exit_status() == 0);
	REQUIRE(l.config.local_address_groups.size() == 1);
	CHECK(l.config.local_address_groups[0].name == "laddr_gl");
	CHECK(addr_str(l.config.local_address_groups[0].addresses.at(0).first) == "192.168.31.247");
	const VirtualServer &vs = l.config.virtual_servers.at(0);
	CHECK(addr_str(vs.addr.addr) == "192.168.31.200");
	CHECK(vs.addr.port == 80);
	CHECK(vs.delay_loop == 6 * kSecond);
	CHECK(vs.sched == "rr");
	CHECK(vs.persistence_timeout == 60);
	CHECK(vs.forward.kind == Forward::fnat);
	CHECK(vs.protocol == IPPROTO_TCP);
	CHECK(vs.rare->laddr_group_name == "laddr_gl");
	CHECK(vs.alpha);
	CHECK(vs.omega);
	CHECK(vs.quorum == 1);
	CHECK(vs.hysteresis == 0);
	CHECK(vs.rare->quorum_up->command == "/usr/sbin/ip addr add 192.168.31.200/32 dev lo;");
	const RealServer &rs = vs.real_servers.at(0);
	CHECK(addr_str(rs.addr.addr) == "192.168.31.248");
	CHECK(rs.weight == 6);
	const Checker &k = rs.checkers.at(0);
	CHECK(k.type == CheckerType::tcp);
	CHECK(k.conn.connect.port == 80);
	CHECK(k.conn.connect_timeout == 15 * kSecond);
	CHECK(k.retry == 5);
	CHECK(k.delay_before_retry == 3 * kSecond);
}

TEST_CASE("the guide's samples of §5 parse to their extensions")
{
	Loaded draining = corpus("guide_draining.conf");
	REQUIRE(draining.config.virtual_servers.size() == 3);
	CHECK(*draining.config.virtual_servers[1].rare->tcp_draining_timeout == 5);
	CHECK(corpus("guide_consh.conf").config.virtual_servers.at(0).sched == "consh");
	Loaded flow_control = corpus("guide_flow_control.conf");
	const auto &flow = *flow_control.config.virtual_servers.at(0).rare;
	CHECK(*flow.flow_control_cps == 5);
	CHECK(*flow.flow_control_interval == 5);
	CHECK(*flow.flow_control_pc == 1000000);
	CHECK(corpus("guide_client_list.conf").config.virtual_servers.at(0).rare->client_ipaddr_allow.size() == 3);
	CHECK(corpus("guide_checker_off.conf").config.virtual_servers.at(0).checker_off);
	CHECK(corpus("guide_checker_merge.conf").config.virtual_servers.at(1).checker_merge);
	Loaded udp = corpus("guide_udp_check.conf");
	const Checker &k = udp.config.virtual_servers.at(0).real_servers.at(0).checkers.at(0);
	CHECK(k.type == CheckerType::udp);
	CHECK(std::get<UdpCheck>(*k.detail).ping_check_off);
	Loaded vx = corpus("guide_vxlan.conf");
	CHECK(vx.config.vxlan->id == 400);
	CHECK(addr_str(vx.config.vxlan->local_vtepaddr) == "10.41.11.24");
	const RealServerRare &r = *vx.config.virtual_servers.at(0).real_servers.at(0).rare;
	CHECK(mac_str(*r.mac) == "52:54:00:04:ab:cd");
	CHECK(*r.vni == 100);
	CHECK(r.vteppaddr.port == 4789);
	CHECK(r.dest_lb_kind == Forward::nat_in_vxlan);
}

TEST_CASE("global LVS settings")
{
	Loaded l = load("global_defs {\n lvs_timeouts tcp 900 tcpfin 120 udp 300\n lvs_sync_daemon eth0 inst VI id 10 port 8848\n"
			" lvs_flush\n lvs_flush_on_stop VS\n router_id r1\n}\n");
	const GlobalDefs &g = l.config.global;
	CHECK(g.lvs_timeouts.tcp == 900);
	CHECK(g.lvs_timeouts.tcpfin == 120);
	CHECK(g.lvs_timeouts.udp == 300);
	CHECK(g.lvs_flush);
	CHECK(g.lvs_flush_on_stop == FlushOnStop::vs);
	CHECK(g.router_id == "r1");
	CHECK(said(l, "Unable to find vrrp instance VI for lvs_syncd - clearing lvs_syncd config"));
	Loaded sync = load("global_defs {\n lvs_sync_daemon eth0 id 10 maxlen 1400 port 8848 ttl 3 group 224.0.0.81\n}\n");
	REQUIRE(sync.config.global.lvs_sync_daemon);
	CHECK(sync.config.global.lvs_sync_daemon->syncid == 10);
	CHECK(addr_str(sync.config.global.lvs_sync_daemon->group) == "224.0.0.81");
}

TEST_CASE("regex: split with quotes and escapes; what keepalived only logs is a note")
{
	Loaded l = load(service("", " HTTP_GET {\n  url {\n   path /\n   regex 'status: \\\\d+ \"ok\"'\n"
				    "   regex_options caseless nocase\n   regex_max_offset 0\n  }\n"
				    "  url {\n   path /a\n   regex a b\n   regex_min_offset x\n  }\n"
				    "  url {\n   path /b\n   regex \"a(b\"\n   regex_min_offset 5\n   regex_max_offset 4\n  }\n"
				    "  url {\n   path /c\n   regex_no_match\n  }\n }\n"));
	CHECK(l.diags.exit_status() == 0);
	const auto &urls = std::get<HttpCheck>(*l.config.virtual_servers.at(0).real_servers.at(0).checkers.at(0).detail).urls;
	REQUIRE(urls.size() == 4);
	CHECK(urls[0].regex == "status: \\d+ \"ok\"");
	CHECK(urls[0].regex_options == std::vector<std::string>{"caseless"});
	CHECK(urls[0].regex_max_offset == 0u);
	CHECK(said(l, "Unknown regex option nocase - ignoring"));
	CHECK(urls[1].regex.empty());
	CHECK(said(l, "regex missing or too many fields"));
	CHECK(said(l, "Invalid regex_min_offset x specified"));
	CHECK(said(l, "regex min offset 5 > regex_max_offset 4 - ignoring"));
	CHECK_FALSE(urls[2].regex_max_offset);
	CHECK(said(l, "Invalid regex: 'a(b' at offset 3: missing closing parenthesis - the check of url /b fails"));
	CHECK(said(l, "regex parameters specified without regex"));
	CHECK_FALSE(urls[3].regex_no_match);
}

TEST_CASE("FILE_CHECK: its track_file must be defined before it; weight takes reverse and noreverse")
{
	std::string tf = "track_file tf {\n file /tmp/x\n weight 3 reverse\n}\n";
	Loaded missing = load(service("", " FILE_CHECK {\n  track_file tf\n }\n") + tf);
	CHECK(said(missing, "track_file tf not found"));
	CHECK(said(missing, "FILE_CHECK has no track_file specified - ignoring"));
	CHECK(missing.config.virtual_servers.at(0).real_servers.at(0).checkers.empty());
	CHECK(missing.diags.exit_status() == kExitConfigError);

	Loaded l = load(tf + service("", " FILE_CHECK {\n  track_file tf\n  weight 2 noreverse\n }\n"
					 " FILE_CHECK {\n  track_file tf\n  weight 4 sideways\n }\n"));
	const auto &k = l.config.virtual_servers.at(0).real_servers.at(0).checkers;
	REQUIRE(k.size() == 2);
	const auto &f0 = std::get<FileCheck>(*k[0].detail);
	CHECK((f0.weight_set && f0.weight == 2 && !f0.reverse));
	CHECK_FALSE(std::get<FileCheck>(*k[1].detail).weight_set); // the track_file's then
	CHECK(said(l, "unknown track file weight option sideways - ignoring"));
}

TEST_CASE("SMTP_CHECK host { }: the first host replaces the real server, each other host is a checker")
{
	Loaded l = load(service("", " SMTP_CHECK {\n  retry 2\n  host {\n   connect_ip 10.0.0.7\n   delay_loop 9\n  }\n"
				    "  host {\n   connect_port 2525\n  }\n  helo_name mx.test\n }\n"
				    " SMTP_CHECK {\n  connect_port 26\n  host {\n   connect_ip 10.0.0.8\n  }\n }\n"));
	CHECK(l.diags.exit_status() == 0);
	CHECK(said(l, "The SMTP_CHECK host block is deprecated. Please define additional checkers."));
	const auto &k = l.config.virtual_servers.at(0).real_servers.at(0).checkers;
	REQUIRE(k.size() == 4);
	// The first SMTP_CHECK: its two hosts, each with its settings.
	CHECK(addr_str(k[0].conn.connect.addr) == "10.0.0.7");
	CHECK(k[0].conn.connect.port == 0);
	CHECK(k[1].conn.connect.port == 2525);
	CHECK(k[1].conn.connect.addr.af == 0); // the real server's
	for (std::size_t i : {0u, 1u}) {
		CHECK(k[i].retry == 2);
		CHECK(k[i].delay_loop == 9 * kSecond); // common keywords in a host are the SMTP_CHECK's
		CHECK(std::get<SmtpCheck>(*k[i].detail).helo_name == "mx.test");
	}
	// The second has a connection keyword of its own: it checks port 26,
	// and its host is a checker of its own.
	CHECK(k[2].conn.connect.port == 26);
	CHECK(addr_str(k[3].conn.connect.addr) == "10.0.0.8");
}
