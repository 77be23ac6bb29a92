// global_defs: every keyword Debian's keepalived 2.2.7 knows there. The LVS
// ones, router_id, e-mail and script security are typed in the model; the
// rest (process tuning, VRRP defaults, SNMP, DBus, nftables...) are kept
// as written after their values are checked. Those not acted upon point
// at why (inert.hpp).
#include "core/config/keywords_global.hpp"
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

#include <climits>
#include <pwd.h>

namespace lvs::config {

namespace {

GlobalDefs &g(Ctx &c)
{
	return c.cfg.global;
}

void router_id(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "routerid name missing - ignoring");
	g(c).router_id = str(s.words[1]);
}

void email_from(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "emailfrom missing - ignoring");
	g(c).notification_email_from = str(s.words[1]);
}

void email_line(Ctx &c, const Stmt &s)
{
	g(c).notification_email.push_back(str(s.words[0]));
}

void smtp_server(Ctx &c, const Stmt &s)
{
	uint32_t port = 0;
	if (s.words.size() > 2 && !read_unsigned(c, s.loc, s.words[2], 1, 65535, port))
		return c.error(s.loc, "Invalid smtp server " + str(s.words[1]) + " " + str(s.words[2]));
	g(c).smtp_server = str(s.words[1]);
	g(c).smtp_port = static_cast<uint16_t>(port);
}

void smtp_helo(Ctx &c, const Stmt &s)
{
	g(c).smtp_helo_name = str(s.words[1]);
}

void smtp_timeout(Ctx &c, const Stmt &s)
{
	uint32_t t;
	uint32_t max = UINT_MAX / 1000000;
	if (!read_unsigned(c, s.loc, s.words[1], 0, max, t))
		return c.error(s.loc, "smtp_connect_timeout '" + str(s.words[1]) + "' must be in [0, " +
					      std::to_string(max) + "] - ignoring");
	if (t == 0) {
		c.error(s.loc, "smtp_conect_timeout must be greater than 0, setting to 1");
		t = 1;
	}
	g(c).smtp_connect_timeout = t * kSecond;
}

void global_switch(Ctx &c, const Stmt &s, Inherit &out)
{
	if (s.words.size() < 2) {
		out = Inherit::yes;
		return;
	}
	int b = read_bool(s.words[1]);
	if (b < 0)
		return c.error(s.loc, "Invalid value '" + str(s.words[1]) + "' for global " + str(s.words[0]) +
					      " specified");
	out = b ? Inherit::yes : Inherit::no;
}

void smtp_alert(Ctx &c, const Stmt &s)
{
	std::string_view k = s.words[0];
	global_switch(c, s,
		      k == "smtp_alert"	     ? g(c).smtp_alert
		      : k == "smtp_alert_vrrp" ? g(c).smtp_alert_vrrp
					       : g(c).smtp_alert_checker);
}

void log_all_failures(Ctx &c, const Stmt &s)
{
	int b = s.words.size() < 2 ? 1 : read_bool(s.words[1]);
	if (b < 0)
		return c.error(s.loc, "Invalid value for checker_log_all_failures specified");
	g(c).checker_log_all_failures = b;
}

void default_interface(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "default_interface requires interface name");
	g(c).default_interface = str(s.words[1]);
}

// lvs_timeouts [tcp S] [tcpfin S] [udp S]
void lvs_timeouts(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "lvs_timeouts requires at least one option");
	LvsTimeouts &t = g(c).lvs_timeouts;
	for (size_t i = 1; i < s.words.size(); ++i) {
		std::string_view k = s.words[i];
		uint32_t *slot = k == "tcp" ? &t.tcp : k == "tcpfin" ? &t.tcpfin : k == "udp" ? &t.udp : nullptr;
		if (!slot) {
			c.error(s.loc, "Unknown option " + str(k) + " specified for lvs_timeouts");
			continue;
		}
		if (i + 1 == s.words.size()) {
			c.error(s.loc, "No value specified for lvs_timeout " + str(k) + " - ignoring");
			continue;
		}
		uint32_t v;
		if (read_unsigned(c, s.loc, s.words[++i], 0, 86400 * 31, v))
			*slot = v;
		else
			c.error(s.loc, "Invalid lvs_timeout " + str(k) + " (" + str(s.words[i]) + ") - ignoring");
	}
}

bool sync_option(Ctx &c, const Stmt &s, size_t &i, LvsSyncDaemon &d)
{
	std::string_view k = s.words[i];
	bool have_value = i + 1 < s.words.size();
	std::string_view v = have_value ? s.words[i + 1] : std::string_view{};
	auto number = [&](const char *name, uint32_t min, uint32_t max, uint32_t &out) {
		if (!have_value)
			return c.error(s.loc, std::string("No value specified for lvs_sync_daemon ") + name +
						      " - ignoring");
		++i;
		if (!read_unsigned(c, s.loc, v, min, max, out))
			c.error(s.loc, std::string("Invalid lvs_sync_daemon ") + name + " (" + str(v) + ") - ignoring");
	};
	if (k == "inst") {
		if (!d.vrrp_instance.empty())
			c.error(s.loc, "lvs_sync_daemon vrrp instance has already been specified as " +
					       d.vrrp_instance + " - ignoring");
		else if (have_value)
			d.vrrp_instance = str(v);
		i += have_value;
	} else if (k == "id") {
		if (!have_value)
			return c.error(s.loc, "No value specified for lvs_sync_daemon id, defaulting to vrid"), true;
		++i;
		if (!read_unsigned(c, s.loc, v, 0, 255, d.syncid)) {
			c.error(s.loc, "Invalid syncid (" + str(v) + ") - defaulting to vrid");
			d.syncid = kNoCount;
		}
	} else if (k == "maxlen") {
		number("maxlen", 1, 65535 - 20 - 8, d.maxlen);
	} else if (k == "port") {
		number("port", 1, 65535, d.port);
	} else if (k == "ttl") {
		number("ttl", 1, 255, d.ttl);
	} else if (k == "group") {
		if (!have_value)
			return c.error(s.loc, "No value specified for lvs_sync_daemon group - ignoring"), true;
		++i;
		net::Addr a;
		if (!parse_addr(v, a))
			return c.error(s.loc, "Invalid lvs_sync_daemon group (" + str(v) + ") - ignoring"), true;
		bool multicast = a.af == AF_INET ? (a.bytes[0] & 0xf0) == 0xe0 : a.bytes[0] == 0xff;
		if (!multicast)
			return c.error(s.loc, "lvs_sync_daemon group address " + str(v) +
						      " is not multicast - ignoring"),
			       true;
		d.group = a;
	} else {
		return false;
	}
	return true;
}

// lvs_sync_daemon IF [[inst] VI] [id N] [maxlen N] [port N] [ttl N] [group IP]
void lvs_sync_daemon(Ctx &c, const Stmt &s)
{
	if (g(c).lvs_sync_daemon)
		return c.error(s.loc, "lvs_sync_daemon has already been specified as " +
					      g(c).lvs_sync_daemon->interface + " " +
					      g(c).lvs_sync_daemon->vrrp_instance + " - ignoring");
	if (s.words.size() < 2)
		return c.error(s.loc, "lvs_sync_daemon requires interface");
	if (s.words[1].size() >= 16)
		return c.error(s.loc, "lvs_sync_daemon interface name '" + str(s.words[1]) +
					      "' too long - ignoring");
	LvsSyncDaemon d;
	d.interface = str(s.words[1]);
	d.loc = s.loc;
	for (size_t i = 2; i < s.words.size(); ++i) {
		if (sync_option(c, s, i, d))
			continue;
		std::string_view w = s.words[i];
		if (i == 2) {
			d.vrrp_instance = str(w); // the instance without "inst", as before 2.0
		} else if (w.find_first_not_of("0123456789") == std::string_view::npos) {
			c.error(s.loc, "Please use keyword \"id\" before lvs_sync_daemon SYNCID");
			if (!read_unsigned(c, s.loc, w, 0, 255, d.syncid))
				d.syncid = kNoCount;
		} else {
			c.error(s.loc, "Unknown option " + str(w) + " specified for lvs_sync_daemon");
		}
	}
	g(c).lvs_sync_daemon = std::move(d);
}

void lvs_flush(Ctx &c, const Stmt &)
{
	g(c).lvs_flush = true;
}

void lvs_flush_on_stop(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		g(c).lvs_flush_on_stop = FlushOnStop::all;
	else if (s.words[1] == "VS")
		g(c).lvs_flush_on_stop = FlushOnStop::vs;
	else
		c.error(s.loc, "Unknown lvs_flush_on_stop type " + str(s.words[1]));
}

void script_user(Ctx &c, const Stmt &s)
{
	if (!getpwnam(str(s.words[1]).c_str()))
		return c.error(s.loc, "Error setting global script uid/gid");
	g(c).script_user = str(s.words[1]);
	g(c).script_group = str(arg(s, 2));
}

void script_security(Ctx &c, const Stmt &)
{
	g(c).enable_script_security = true;
}

void include_check(Ctx &c, const Stmt &s)
{
	unsigned checks = 0;
	if (s.words.size() < 2)
		checks = kIncludeAll;
	for (size_t i = 1; i < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		int op = w[0] == '+' ? 1 : w[0] == '-' ? -1 : 0;
		if (op)
			w.remove_prefix(1);
		else if (i > 1) {
			c.error(s.loc, "Duplicate include_check '" + str(w) + "' specified - ignoring");
			continue;
		}
		unsigned flag = w == "read"		? kIncludeRead
				: w == "match"		? kIncludeMatch
				: w == "wildcard_match" ? kIncludeWildcard
				: w == "brace_match"	? kIncludeBrace
							: 0;
		if (!flag) {
			c.error(s.loc, "Unknown include_check type '" + str(w) + "' - ignoring");
			continue;
		}
		checks = op == 0 ? kIncludeRead | flag : op > 0 ? checks | flag : checks & ~flag;
	}
	if (c.include_check)
		c.include_check(checks);
	keep(c, s);
}

void vrrp_version(Ctx &c, const Stmt &s)
{
	if (s.words[1] != "2" && s.words[1] != "3")
		return c.error(s.loc, "VRRP Error: Version must be either 2 or 3");
	keep(c, s);
}

void mcast_group(Ctx &c, const Stmt &s)
{
	bool v6 = s.words[0] == "vrrp_mcast_group6";
	std::string name = v6 ? "vrrp_mcast_group6 [" : "vrrp_mcast_group4 [";
	name += str(s.words[1]) + "]";
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, "Can't parse " + name + ". Skipping");
	if (a.af != (v6 ? AF_INET6 : AF_INET))
		return c.error(s.loc, name + (v6 ? " is not IPv6. Skipping" : " is not IPv4. Skipping"));
	bool multicast = v6 ? a.bytes[0] == 0xff : (a.bytes[0] & 0xf0) == 0xe0;
	if (!multicast)
		return c.error(s.loc, name + " is not multicast. Skipping");
	keep(c, s);
}

// Debian's 2.2.7 has no iptables either, and says so.
void vrrp_iptables(Ctx &c, const Stmt &s)
{
	c.error(s.loc, "iptables not supported, using nftables instead. Please replace 'vrrp_iptables and "
		       "'vrrp_ipsets' with 'nftables' config option");
	keep(c, s);
}

void priority(Ctx &c, const Stmt &s)
{
	std::string proc(s.words[0].substr(0, s.words[0].find('_')));
	if (s.words.size() < 2)
		return c.error(s.loc, "No " + proc + " process priority specified");
	int32_t v;
	if (!read_int(c, s.loc, s.words[1], -20, 19, v))
		return c.error(s.loc, "Invalid " + proc + " process priority specified");
	keep(c, s);
}

void rt_priority(Ctx &c, const Stmt &s)
{
	std::string proc(s.words[0].substr(0, s.words[0].find('_')));
	if (s.words.size() < 2)
		return c.error(s.loc, "No " + proc + " process real-time priority specified");
	int32_t v;
	if (!read_int(c, s.loc, s.words[1], INT_MIN, INT_MAX, v))
		return c.error(s.loc, proc + " process real-time priority '" + str(s.words[1]) + "' invalid");
	keep(c, s);
}

void max_auto_priority(Ctx &c, const Stmt &s)
{
	int32_t v;
	if (s.words.size() > 1 && !read_int(c, s.loc, s.words[1], -1, 99, v))
		return c.error(s.loc, "max_auto_priority '" + str(s.words[1]) +
					      "' must be in [0, 99] (or -1 to disable) - ignoring");
	keep(c, s);
}

void min_auto_priority_delay(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "min_auto_priority_delay requires delay time");
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 10000000, v))
		return c.error(s.loc, "min_auto_priority_delay '" + str(s.words[1]) +
					      "' must be in [1, 10000000] - ignoring");
	keep(c, s);
}

void down_timer_adverts(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 100, v))
		return c.error(s.loc, "Invalid vrrp_down_timer_adverts [1:100] '" + str(s.words[1]) + "'");
	keep(c, s);
}

void garp_repeat(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, v))
		return c.error(s.loc, str(s.words[0]) + " '" + str(s.words[1]) + "' invalid - ignoring");
	if (v == 0 && s.words[0] != "vrrp_garp_lower_prio_repeat")
		c.error(s.loc, str(s.words[0]) + " must be greater than 0, setting to 1");
	keep(c, s);
}

void fifo(Ctx &c, const Stmt &s)
{
	std::string prefix(s.words[0].substr(0, s.words[0].find("notify_fifo")));
	if (s.words.size() < 2)
		return c.error(s.loc, "No " + prefix + "notify_fifo name specified");
	keep(c, s);
}

// startup_script, shutdown_script and the *notify_fifo_script keywords:
// checked as scripts, kept as written.
void script_setting(Ctx &c, const Stmt &s)
{
	Script script;
	if (read_script(c, s, script, true))
		keep(c, s);
}

// What this keepalived does instead of the global keywords it does not
// act upon (the shared reasons are in inert.hpp).
constexpr Inert kRouterId{"it names this node in e-mail alerts and SNMP, which this keepalived does not have"};
constexpr Inert kDefaultInterface{"it is the interface of static_ipaddress addresses, which are not set"};
constexpr Inert kScripts{"no startup or shutdown script is run"};
constexpr Inert kDynamicInterfaces{"an interface named in the configuration must exist when it is read"};
constexpr Inert kIgmp{"the interfaces' IGMP settings are left alone"};
constexpr Inert kIptables{"the firewall of instances without accept mode is nftables' ip and ip6 keepalived tables"};
constexpr Inert kNftTable{"the tables are always named keepalived", {}, "TABLE"};
constexpr Inert kNftRules{"the nftables rules have priority -1, match every interface and count nothing"};
constexpr Inert kNftIpvs{"a virtual server group's range is installed as one service per address"};
constexpr Inert kRsInitNotifies{"notify_up and notify_down run on changes only, not for the state at start"};
constexpr Inert kStartupDelay{"instances start at once"};
constexpr Inert kUnknownVrids{"adverts for VRIDs not configured are dropped without a log line"};
constexpr Inert kUmask{"the umask is -u's, else the one keepalived was started with"};
constexpr Inert kRandomSeed{"${_RANDOM} is seeded from the system's randomness"};
constexpr Inert kReloadCheckFile{"the check's messages go to the log only", {}, "FILE"};
constexpr Inert kReloadSchedule{"the configuration is read again on SIGHUP only, and no reload file is made"};
constexpr Inert kConfigCopies{"no copy of the configuration is written"};
constexpr Inert kDataFiles{"the data and stats files keep their names"};
constexpr Inert kNoDbus{"there is no D-Bus service"};

constexpr Keyword kGlobalKeywords[] = {
	{"router_id", 0, router_id, nullptr, &kRouterId},
	{"notification_email_from", 0, email_from, nullptr, &kNoEmail},
	{"smtp_server", 1, smtp_server, nullptr, &kNoEmail},
	{"smtp_helo_name", 1, smtp_helo, nullptr, &kNoEmail},
	{"smtp_connect_timeout", 1, smtp_timeout, nullptr, &kNoEmail},
	{"notification_email", 0, nullptr, &kEmailBlock, &kNoEmail},
	{"smtp_alert", 0, smtp_alert, nullptr, &kNoEmail},
	{"smtp_alert_vrrp", 0, smtp_alert, nullptr, &kNoEmail},
	{"smtp_alert_checker", 0, smtp_alert, nullptr, &kNoEmail},
	{"checker_log_all_failures", 0, log_all_failures, nullptr, &kLogAllFailures},
	{"default_interface", 0, default_interface, nullptr, &kDefaultInterface},
	{"lvs_timeouts", 0, lvs_timeouts},
	{"lvs_flush", 0, lvs_flush},
	{"lvs_flush_on_stop", 0, lvs_flush_on_stop},
	{"lvs_flush_onstop", 0, lvs_flush_on_stop},
	{"lvs_sync_daemon", 0, lvs_sync_daemon},
	{"script_user", 1, script_user},
	{"enable_script_security", 0, script_security},
	{"include_check", 0, include_check},
	// kept as written, after their values are checked
	{"process_names", 0, keep, nullptr, &kProcessNames},
	{"process_name", 0, keep_name, nullptr, &kProcessNames},
	{"vrrp_process_name", 0, keep_name, nullptr, &kProcessNames},
	{"checker_process_name", 0, keep_name, nullptr, &kProcessNames},
	{"lvs_process_name", 0, keep_name, nullptr, &kProcessNames},
	{"bfd_process_name", 0, keep_name, nullptr, &kProcessNames},
	{"startup_script", 1, script_setting, nullptr, &kScripts},
	{"startup_script_timeout", 1, keep_uint<1, 1000>, nullptr, &kScripts},
	{"shutdown_script", 1, script_setting, nullptr, &kScripts},
	{"shutdown_script_timeout", 1, keep_uint<1, 1000>, nullptr, &kScripts},
	{"max_auto_priority", 0, max_auto_priority, nullptr, &kProcessTuning},
	{"min_auto_priority_delay", 0, min_auto_priority_delay, nullptr, &kProcessTuning},
	{"dynamic_interfaces", 0, keep, nullptr, &kDynamicInterfaces},
	{"no_email_faults", 0, keep, nullptr, &kNoEmail},
	{"disable_local_igmp", 0, keep, nullptr, &kIgmp},
	{"vrrp_mcast_group4", 1, mcast_group, nullptr, &kMulticastGroup},
	{"vrrp_mcast_group6", 1, mcast_group, nullptr, &kMulticastGroup},
	{"vrrp_garp_master_delay", 1, keep_uint<0, UINT_MAX>},
	{"vrrp_garp_master_repeat", 1, garp_repeat},
	{"vrrp_garp_master_refresh", 1, keep_uint<0, UINT_MAX>},
	{"vrrp_garp_master_refresh_repeat", 1, garp_repeat},
	{"vrrp_garp_lower_prio_delay", 1, keep_uint<0, UINT_MAX>, nullptr, &kGarpTiming},
	{"vrrp_garp_lower_prio_repeat", 1, garp_repeat, nullptr, &kGarpTiming},
	{"vrrp_down_timer_adverts", 1, down_timer_adverts},
	{"vrrp_garp_interval", 1, keep_timer, nullptr, &kGarpTiming},
	{"vrrp_gna_interval", 1, keep_timer, nullptr, &kGarpTiming},
	{"vrrp_min_garp", 0, keep_bool, nullptr, &kGarpTiming},
	{"vrrp_garp_extra_if", 1, keep, nullptr, &kGarpTiming},
	{"vrrp_lower_prio_no_advert", 0, keep_bool},
	{"vrrp_higher_prio_send_advert", 0, keep_bool, nullptr, &kHigherPrioSendAdvert},
	{"vrrp_version", 1, vrrp_version},
	{"vrrp_iptables", 0, vrrp_iptables, nullptr, &kIptables},
	{"nftables", 0, keep, nullptr, &kNftTable},
	{"nftables_priority", 1, keep_int<INT_MIN, INT_MAX>, nullptr, &kNftRules},
	{"nftables_ifindex", 0, keep, nullptr, &kNftRules},
	{"nftables_ipvs", 0, keep, nullptr, &kNftIpvs},
	{"nftables_ipvs_priority", 1, keep_int<INT_MIN, INT_MAX>, nullptr, &kNftIpvs},
	{"nftables_ipvs_start_fwmark", 1, keep_uint<1, UINT_MAX>, nullptr, &kNftIpvs},
	{"nftables_counters", 0, keep, nullptr, &kNftRules},
	{"vrrp_check_unicast_src", 0, keep},
	{"vrrp_skip_check_adv_addr", 0, keep, nullptr, &kSkipCheckAdvAddr},
	{"vrrp_strict", 0, keep},
	{"vrrp_priority", 0, priority, nullptr, &kProcessTuning},
	{"vrrp_no_swap", 0, keep, nullptr, &kProcessTuning},
	{"vrrp_rt_priority", 0, rt_priority, nullptr, &kProcessTuning},
	{"vrrp_cpu_affinity", 1, keep_uints, nullptr, &kProcessTuning},
	{"vrrp_rlimit_rttime", 1, keep_uint<1, UINT_MAX>, nullptr, &kProcessTuning},
	{"vrrp_rlimit_rtime", 1, keep_uint<1, UINT_MAX>, nullptr, &kProcessTuning},
	{"notify_fifo", 0, fifo, nullptr, &kNoFifo},
	{"notify_fifo_script", 1, script_setting, nullptr, &kNoFifo},
	{"vrrp_notify_fifo", 0, fifo, nullptr, &kNoFifo},
	{"vrrp_notify_fifo_script", 1, script_setting, nullptr, &kNoFifo},
	{"vrrp_notify_priority_changes", 0, keep_bool, nullptr, &kPriorityChanges},
	{"lvs_notify_fifo", 0, fifo, nullptr, &kNoFifo},
	{"lvs_notify_fifo_script", 1, script_setting, nullptr, &kNoFifo},
	{"checker_priority", 0, priority, nullptr, &kProcessTuning},
	{"checker_no_swap", 0, keep, nullptr, &kProcessTuning},
	{"checker_rt_priority", 0, rt_priority, nullptr, &kProcessTuning},
	{"checker_cpu_affinity", 1, keep_uints, nullptr, &kProcessTuning},
	{"checker_rlimit_rttime", 1, keep_uint<1, UINT_MAX>, nullptr, &kProcessTuning},
	{"checker_rlimit_rtime", 1, keep_uint<1, UINT_MAX>, nullptr, &kProcessTuning},
	{"bfd_priority", 0, priority, nullptr, &kNoBfd},
	{"bfd_no_swap", 0, keep, nullptr, &kNoBfd},
	{"bfd_rt_priority", 0, rt_priority, nullptr, &kNoBfd},
	{"bfd_cpu_affinity", 1, keep_uints, nullptr, &kNoBfd},
	{"bfd_rlimit_rttime", 1, keep_uint<1, UINT_MAX>, nullptr, &kNoBfd},
	{"bfd_rlimit_rtime", 1, keep_uint<1, UINT_MAX>, nullptr, &kNoBfd},
	{"snmp_socket", 0, keep_name, nullptr, &kNoSnmp},
	{"enable_traps", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_vrrp", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_keepalived", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_rfc", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_rfcv2", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_rfcv3", 0, keep, nullptr, &kNoSnmp},
	{"enable_snmp_checker", 0, keep, nullptr, &kNoSnmp},
	{"enable_dbus", 0, keep, nullptr, &kNoDbus},
	{"dbus_service_name", 0, keep_name, nullptr, &kNoDbus},
	{"vrrp_netlink_cmd_rcv_bufs", 1, keep_uint<0, UINT_MAX>, nullptr, &kNetlinkBuffers},
	{"vrrp_netlink_cmd_rcv_bufs_force", 0, keep_bool, nullptr, &kNetlinkBuffers},
	{"vrrp_netlink_monitor_rcv_bufs", 1, keep_uint<0, UINT_MAX>, nullptr, &kNetlinkBuffers},
	{"vrrp_netlink_monitor_rcv_bufs_force", 0, keep_bool, nullptr, &kNetlinkBuffers},
	{"process_monitor_rcv_bufs", 1, keep_uint<0, UINT_MAX>, nullptr, &kNetlinkBuffers},
	{"process_monitor_rcv_bufs_force", 0, keep_bool, nullptr, &kNetlinkBuffers},
	{"lvs_netlink_cmd_rcv_bufs", 1, keep_uint<0, UINT_MAX>, nullptr, &kNetlinkBuffers},
	{"lvs_netlink_cmd_rcv_bufs_force", 0, keep_bool, nullptr, &kNetlinkBuffers},
	{"lvs_netlink_monitor_rcv_bufs", 1, keep_uint<0, UINT_MAX>, nullptr, &kNetlinkBuffers},
	{"lvs_netlink_monitor_rcv_bufs_force", 0, keep_bool, nullptr, &kNetlinkBuffers},
	{"rs_init_notifies", 0, keep_bool, nullptr, &kRsInitNotifies},
	{"no_checker_emails", 0, keep_bool, nullptr, &kNoEmail},
	{"vrrp_rx_bufs_policy", 1, keep, nullptr, &kReceiveBuffers},
	{"vrrp_rx_bufs_multiplier", 1, keep_uint<1, UINT_MAX>, nullptr, &kReceiveBuffers},
	{"vrrp_startup_delay", 1, keep_timer, nullptr, &kStartupDelay},
	{"log_unknown_vrids", 0, keep_bool, nullptr, &kUnknownVrids},
	{"vmac_prefix", 1, keep, nullptr, &kVmac},
	{"vmac_addr_prefix", 1, keep, nullptr, &kVmac},
	{"umask", 1, keep, nullptr, &kUmask},
	{"random_seed", 1, keep_uint<0, UINT_MAX>, nullptr, &kRandomSeed},
	{"reload_check_config", 0, keep, nullptr, &kReloadCheckFile},
	{"reload_time_file", 1, keep, nullptr, &kReloadSchedule},
	{"reload_repeat", 0, keep, nullptr, &kReloadSchedule},
	{"reload_file", 0, keep, nullptr, &kReloadSchedule},
	{"config_save_dir", 1, keep, nullptr, &kConfigCopies},
	{"tmp_config_directory", 0, keep_name, nullptr, &kConfigCopies},
	{"data_use_instance", 0, keep_bool, nullptr, &kDataFiles},
	{"fifo_write_vrrp_states_on_reload", 0, keep, nullptr, &kNoFifo},
};

} // namespace

const Block kEmailBlock{{}, email_line};
const Block kGlobalDefsBlock{kGlobalKeywords};

void keep(Ctx &c, const Stmt &s)
{
	Setting set{str(s.words[0]), {}, s.loc};
	for (auto w : args(s))
		set.args.push_back(str(w));
	(c.other ? *c.other : c.cfg.global.other).push_back(std::move(set));
}

void keep_name(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, str(s.words[0]) + " name missing - ignoring");
	keep(c, s);
}

void keep_bool(Ctx &c, const Stmt &s)
{
	if (s.words.size() > 1 && read_bool(s.words[1]) < 0)
		return c.error(s.loc, "Invalid value '" + str(s.words[1]) + "' for global " + str(s.words[0]) +
					      " specified");
	keep(c, s);
}

void keep_timer(Ctx &c, const Stmt &s)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 0, 0, t))
		return c.error(s.loc, str(s.words[0]) + " '" + str(s.words[1]) + "' invalid - ignoring");
	keep(c, s);
}

void keep_uints(Ctx &c, const Stmt &s)
{
	for (auto w : args(s)) {
		uint32_t v;
		if (!read_unsigned(c, s.loc, w, 0, UINT_MAX, v))
			return c.error(s.loc, str(s.words[0]) + " '" + str(w) + "' invalid - ignoring");
	}
	keep(c, s);
}

void keep_number(Ctx &c, const Stmt &s, int64_t min, int64_t max, bool is_signed)
{
	bool ok;
	if (is_signed) {
		int32_t v;
		ok = read_int(c, s.loc, s.words[1], static_cast<int32_t>(min), static_cast<int32_t>(max), v);
	} else {
		uint32_t v;
		ok = read_unsigned(c, s.loc, s.words[1], static_cast<uint32_t>(min), static_cast<uint32_t>(max), v);
	}
	if (!ok)
		return c.error(s.loc, str(s.words[0]) + " '" + str(s.words[1]) + "' invalid - ignoring");
	keep(c, s);
}

} // namespace lvs::config
