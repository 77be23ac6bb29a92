// virtual_server and virtual_server_group: keepalived 2.2.7's keywords
// (check_parser.c) with its messages, and the EulerOS extensions
// (laddr_group_name, tcp_draining_timeout, flow_control_*, client lists,
// checker_off, checker_merge, vip_bind_dev, the consh scheduler).
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

#include <climits>
#include <cstring>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <strings.h>

namespace lvs::config {

namespace {

// 2.2.7's list, and the EulerOS consistent-hash scheduler.
constexpr std::string_view kSchedulers[] = {"rr", "wrr",   "lc",  "wlc", "lblc", "sh",	 "mh",	 "dh",
					    "fo", "ovf",   "lblcr", "sed", "nq",   "twos", "consh"};
constexpr uint32_t kMaxPersistence = 2678400; // 31 days, ipvsadm's limit
constexpr uint32_t kWeightLimit = INT_MAX;
constexpr uint32_t kMaxDraining = 3600;

VirtualServer &vs(Ctx &c)
{
	return current_vs(c);
}

void ip_family(Ctx &c, const Stmt &s)
{
	uint16_t af;
	if (s.words[1] == "inet")
		af = AF_INET;
	else if (s.words[1] == "inet6")
		af = AF_INET6;
	else
		return c.error(s.loc, "unknown address family " + str(s.words[1]));
	if (vs(c).af != AF_UNSPEC && vs(c).af != af)
		return c.error(s.loc, "Virtual server specified family " + str(s.words[1]) +
					      " conflicts with server family");
	vs(c).af = af;
}

void retry(Ctx &c, const Stmt &s)
{
	set_retry(c, s, vs(c).retry);
}

void delay_before_retry(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 0, 0, vs(c).delay_before_retry,
	      "virtual server delay before retry '" + str(s.words[1]) + "' invalid - ignoring");
}

void warmup(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 0, 0, vs(c).warmup, "virtual server warmup '" + str(s.words[1]) + "' invalid - ignoring");
}

void connect_timeout(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 1, UINT_MAX, vs(c).connect_timeout,
	      "virtual server connect_timeout " + str(s.words[1]) + " invalid - ignoring");
}

void delay_loop(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 1, 0, vs(c).delay_loop,
	      "virtual server delay loop '" + str(s.words[1]) + "' invalid - ignoring");
}

void inhibit(Ctx &c, const Stmt &)
{
	vs(c).inhibit_on_failure = true;
}

void lb_algo(Ctx &c, const Stmt &s)
{
	for (auto name : kSchedulers)
		if (name == s.words[1]) {
			vs(c).sched = str(name);
			return;
		}
	c.error(s.loc, "Invalid lvs_scheduler '" + str(s.words[1]) + "' - ignoring");
}

// The flag keywords; the sh/mh ones depend on the scheduler chosen so far,
// as in keepalived.
void lb_flag(Ctx &c, const Stmt &s)
{
	std::string_view f = s.words[0];
	VirtualServer &v = vs(c);
	if (f == "ops")
		v.sched_flags |= IP_VS_SVC_F_ONEPACKET;
	else if (f == "flag-1")
		v.sched_flags |= IP_VS_SVC_F_SCHED1;
	else if (f == "flag-2")
		v.sched_flags |= IP_VS_SVC_F_SCHED2;
	else if (f == "flag-3")
		v.sched_flags |= IP_VS_SVC_F_SCHED3;
	else if (v.sched == "sh" && f == "sh-port")
		v.sched_flags |= IP_VS_SVC_F_SCHED_SH_PORT;
	else if (v.sched == "sh" && f == "sh-fallback")
		v.sched_flags |= IP_VS_SVC_F_SCHED_SH_FALLBACK;
	else if (v.sched == "mh" && f == "mh-port")
		v.sched_flags |= IP_VS_SVC_F_SCHED2; // the kernel's IP_VS_SVC_F_SCHED_MH_PORT
	else if (v.sched == "mh" && f == "mh-fallback")
		v.sched_flags |= IP_VS_SVC_F_SCHED1; // IP_VS_SVC_F_SCHED_MH_FALLBACK
	else if (v.sched != "sh" && v.sched != "mh")
		c.error(s.loc, str(f) + " only applies to sh scheduler - ignoring");
}

void lb_kind(Ctx &c, const Stmt &s)
{
	read_forward(c, s, "virtual", vs(c).forward);
}

void persistence_engine(Ctx &c, const Stmt &s)
{
	std::string_view e = s.words[1];
	if (e.size() > IP_VS_PENAME_MAXLEN - 1) {
		c.error(s.loc, "persistence_name too long, truncating - " + str(e));
		e = e.substr(0, IP_VS_PENAME_MAXLEN - 1);
	}
	rare(vs(c).rare).persistence_engine = str(e);
}

void persistence_timeout(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2) {
		vs(c).persistence_timeout = 360;
		return;
	}
	uint32_t t;
	if (read_unsigned(c, s.loc, s.words[1], 1, kMaxPersistence, t))
		vs(c).persistence_timeout = t;
	else
		c.error(s.loc, "persistence_timeout invalid");
}

void persistence_granularity(Ctx &c, const Stmt &s)
{
	VirtualServer &v = vs(c);
	std::string_view g = s.words[1];
	uint16_t af = v.af;
	if (af == AF_UNSPEC)
		af = g.find('.') != std::string_view::npos ? AF_INET : AF_INET6;
	if (af == AF_INET6) {
		uint32_t len;
		if (!read_unsigned(c, s.loc, g, 1, 128, len))
			return c.error(s.loc, "Invalid IPv6 persistence_granularity specified - " + str(g));
		v.persistence_granularity = len;
	} else {
		net::Addr mask;
		if (g.find(':') != std::string_view::npos || !parse_addr(g, mask))
			return c.error(s.loc, "Invalid IPv4 persistence_granularity specified - " + str(g));
		uint32_t m;
		std::memcpy(&m, mask.bytes.data(), sizeof m);
		v.persistence_granularity = m;
	}
	if (v.af == AF_UNSPEC)
		v.af = af;
	if (!v.persistence_timeout)
		v.persistence_timeout = 360;
}

void protocol(Ctx &c, const Stmt &s)
{
	std::string p = str(s.words[1]);
	if (!strcasecmp(p.c_str(), "TCP"))
		vs(c).protocol = IPPROTO_TCP;
	else if (!strcasecmp(p.c_str(), "UDP"))
		vs(c).protocol = IPPROTO_UDP;
	else if (!strcasecmp(p.c_str(), "SCTP"))
		vs(c).protocol = IPPROTO_SCTP;
	else
		c.error(s.loc, "Unknown protocol " + p + " - ignoring");
}

void ha_suspend(Ctx &c, const Stmt &)
{
	vs(c).ha_suspend = true;
}

void smtp_alert(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "virtual_server smtp_alert", vs(c).smtp_alert);
}

void virtualhost(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "virtual server virtualhost missing");
	rare(vs(c).rare).virtualhost = str(s.words[1]);
}

void snmp_name(Ctx &c, const Stmt &s)
{
	if (s.words.size() != 2)
		return c.error(s.loc, "virtual server snmp_name missing or extra parameters");
	rare(vs(c).rare).snmp_name = str(s.words[1]);
}

void alpha(Ctx &c, const Stmt &)
{
	vs(c).alpha = true;
}

void omega(Ctx &c, const Stmt &)
{
	vs(c).omega = true;
}

void quorum_script(Ctx &c, const Stmt &s)
{
	VirtualServerRare &r = rare(vs(c).rare);
	auto &slot = s.words[0] == "quorum_up" ? r.quorum_up : r.quorum_down;
	if (slot)
		return c.error(s.loc, "(" + vs(c).group + ") " + str(s.words[0]) +
					      " script already specified - ignoring " + str(arg(s, 1)));
	Script script;
	if (read_script(c, s, script, true))
		slot = std::move(script);
}

void quorum(Ctx &c, const Stmt &s)
{
	uint32_t q;
	if (!read_unsigned(c, s.loc, s.words[1], 1, UINT_MAX, q)) {
		c.error(s.loc, "Quorum " + str(s.words[1]) + " must be in [1, " + std::to_string(UINT_MAX) +
				       "]. Setting to 1.");
		q = 1;
	}
	vs(c).quorum = q;
}

void hysteresis(Ctx &c, const Stmt &s)
{
	uint32_t h;
	if (read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, h))
		vs(c).hysteresis = h;
	else
		c.error(s.loc, "Hysteresis " + str(s.words[1]) + " must be in [0, " +
				       std::to_string(UINT_MAX) + "] - ignoring");
}

void weight(Ctx &c, const Stmt &s)
{
	uint32_t w;
	if (read_unsigned(c, s.loc, s.words[1], 1, kWeightLimit, w))
		vs(c).weight = w;
	else
		c.error(s.loc, "Virtual server weight " + str(s.words[1]) + " is outside range 1-" +
				       std::to_string(kWeightLimit));
}

void sorry_server(Ctx &c, const Stmt &s)
{
	SorryServer ss;
	ss.loc = s.loc;
	if (!read_endpoint(c, s.loc, s.words[1], arg(s, 2), ss.addr))
		return c.error(s.loc, "Invalid sorry server IP address " + str(s.words[1]) + " - skipping");
	rare(vs(c).rare).sorry_server = std::move(ss);
}

void sorry_server_inhibit(Ctx &c, const Stmt &s)
{
	auto &r = vs(c).rare;
	if (!r || !r->sorry_server)
		return c.error(s.loc, "Ignoring sorry_server inhibit used before or without sorry_server");
	r->sorry_server->inhibit = true;
}

void sorry_server_lvs_method(Ctx &c, const Stmt &s)
{
	auto &r = vs(c).rare;
	if (!r || !r->sorry_server)
		return c.error(s.loc, "sorry_server forwarding used without sorry_server");
	read_forward(c, s, "sorry", r->sorry_server->forward);
}

// ------------------------------------------------------ EulerOS extensions

void laddr_group_name(Ctx &c, const Stmt &s)
{
	rare(vs(c).rare).laddr_group_name = str(s.words[1]);
}

void tcp_draining_timeout(Ctx &c, const Stmt &s)
{
	uint32_t t = 0;
	if (s.words.size() > 1 && !read_unsigned(c, s.loc, s.words[1], 0, kMaxDraining, t))
		return c.error(s.loc, "tcp_draining_timeout " + str(s.words[1]) + " must be in [0, " +
					      std::to_string(kMaxDraining) + "] - ignoring");
	rare(vs(c).rare).tcp_draining_timeout = t;
}

void flow_control(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT32_MAX, v))
		return c.error(s.loc, "Invalid " + str(s.words[0]) + " '" + str(s.words[1]) + "' - ignoring");
	std::string_view k = s.words[0];
	VirtualServerRare &r = rare(vs(c).rare);
	auto &slot = k == "flow_control_cps"	  ? r.flow_control_cps
		     : k == "flow_control_interval" ? r.flow_control_interval
						    : r.flow_control_pc;
	slot = v;
}

constexpr size_t kMaxClientEntries = 1000;

void client_list_entry(Ctx &c, const Stmt &s, std::vector<Cidr> &list, const char *name)
{
	for (auto word : s.words) {
		Cidr e;
		bool had_prefix;
		if (!parse_cidr(word, e.addr, e.prefix, had_prefix)) {
			c.error(s.loc, std::string("Invalid ") + name + " entry '" + str(word) +
					       "': an address, or address/length with length 1-32 (IPv4) or "
					       "1-128 (IPv6) - skipping");
			continue;
		}
		if (list.size() == kMaxClientEntries) {
			c.error(s.loc, std::string(name) + " has more than " + std::to_string(kMaxClientEntries) +
					       " entries - ignoring " + str(word));
			continue;
		}
		list.push_back(e);
	}
}

void client_allow_line(Ctx &c, const Stmt &s)
{
	client_list_entry(c, s, rare(vs(c).rare).client_ipaddr_allow, "client_ipaddr_allow");
}

void client_exclude_line(Ctx &c, const Stmt &s)
{
	client_list_entry(c, s, rare(vs(c).rare).client_ipaddr_exclude, "client_ipaddr_exclude");
}

void checker_off(Ctx &c, const Stmt &)
{
	vs(c).checker_off = true;
}

void checker_merge(Ctx &c, const Stmt &)
{
	vs(c).checker_merge = true;
}

void vip_bind_dev(Ctx &c, const Stmt &s)
{
	rare(vs(c).rare).vip_bind_dev = str(s.words[1]);
}

constexpr Block kClientAllowBlock{{}, client_allow_line};
constexpr Block kClientExcludeBlock{{}, client_exclude_line};

constexpr Inert kHashed{"the kernel sets the hashed flag itself"};
constexpr Inert kHaSuspend{"health checks run whether or not the virtual address is on this host"};
constexpr Inert kFlowControl{"the kernel module has no flow control yet: new and concurrent connections are not "
			     "limited"};
constexpr Inert kClientLists{"the kernel module has no client lists yet: every client is let in"};

constexpr Keyword kVsKeywords[] = {
	{"ip_family", 1, ip_family},
	{"retry", 1, retry},
	{"delay_before_retry", 1, delay_before_retry},
	{"warmup", 1, warmup},
	{"connect_timeout", 1, connect_timeout},
	{"delay_loop", 1, delay_loop},
	{"inhibit_on_failure", 0, inhibit},
	{"lb_algo", 1, lb_algo},
	{"lvs_sched", 1, lb_algo},
	{"hashed", 0, lb_flag, nullptr, &kHashed},
	{"ops", 0, lb_flag},
	{"flag-1", 0, lb_flag},
	{"flag-2", 0, lb_flag},
	{"flag-3", 0, lb_flag},
	{"sh-port", 0, lb_flag},
	{"sh-fallback", 0, lb_flag},
	{"mh-port", 0, lb_flag},
	{"mh-fallback", 0, lb_flag},
	{"lb_kind", 1, lb_kind, nullptr, &kVxlanForward},
	{"lvs_method", 1, lb_kind, nullptr, &kVxlanForward},
	{"persistence_engine", 1, persistence_engine},
	{"persistence_timeout", 0, persistence_timeout},
	{"persistence_granularity", 1, persistence_granularity},
	{"protocol", 1, protocol},
	{"ha_suspend", 0, ha_suspend, nullptr, &kHaSuspend},
	{"smtp_alert", 0, smtp_alert, nullptr, &kNoEmail},
	{"virtualhost", 0, virtualhost},
	{"snmp_name", 0, snmp_name, nullptr, &kNoSnmp},
	{"alpha", 0, alpha},
	{"omega", 0, omega},
	{"quorum_up", 1, quorum_script},
	{"quorum_down", 1, quorum_script},
	{"quorum", 1, quorum},
	{"hysteresis", 1, hysteresis},
	{"weight", 1, weight},
	{"sorry_server", 1, sorry_server},
	{"sorry_server_inhibit", 0, sorry_server_inhibit},
	{"sorry_server_lvs_method", 1, sorry_server_lvs_method, nullptr, &kVxlanForward},
	{"real_server", 1, open_real_server, &kRealServerBlock},
	// EulerOS
	{"laddr_group_name", 1, laddr_group_name},
	{"tcp_draining_timeout", 0, tcp_draining_timeout},
	{"flow_control_cps", 1, flow_control, nullptr, &kFlowControl},
	{"flow_control_interval", 1, flow_control, nullptr, &kFlowControl},
	{"flow_control_pc", 1, flow_control, nullptr, &kFlowControl},
	{"client_ipaddr_allow", 0, nullptr, &kClientAllowBlock, &kClientLists},
	{"client_ipaddr_exclude", 0, nullptr, &kClientExcludeBlock, &kClientLists},
	{"checker_off", 0, checker_off},
	{"checker_merge", 0, checker_merge},
	{"vip_bind_dev", 1, vip_bind_dev},
};

// ------------------------------------------------- virtual_server_group

VirtualServerGroup &vsg(Ctx &c)
{
	return c.cfg.virtual_server_groups.back();
}

void vsg_fwmark(Ctx &c, const Stmt &s, VsgEntry &e)
{
	if (!read_unsigned(c, s.loc, arg(s, 1), 0, UINT32_MAX, e.fwmark))
		return c.error(s.loc, "(" + vsg(c).name + "): fwmark '" + str(arg(s, 1)) + "' must be in [0, " +
					      std::to_string(UINT32_MAX) + "] - ignoring");
	if (s.words.size() > 2) {
		if (s.words[2] == "inet")
			e.fwmark_af = AF_INET;
		else if (s.words[2] == "inet6")
			e.fwmark_af = AF_INET6;
		else
			return c.error(s.loc, "(" + vsg(c).name + "): fwmark '" + std::to_string(e.fwmark) +
						      "' family " + str(s.words[2]) + " unknown - ignoring");
	}
	e.kind = VsgEntryKind::fwmark;
	vsg(c).entries.push_back(e);
}

// The last address of a range "A-B" (B a whole address or A's last octet
// or IPv6 group) or of a prefix "A/len"; empty text when it is neither.
bool vsg_range_end(Ctx &c, const Stmt &s, VsgEntry &e)
{
	std::string_view text = s.words[0];
	e.last = e.first;
	auto &b = e.last.bytes;
	if (size_t slash = text.find('/'); slash != std::string_view::npos) {
		uint8_t prefix;
		bool had;
		net::Addr a;
		if (!parse_cidr(text, a, prefix, had))
			return c.error(s.loc, "Invalid netmask - " + str(text) + " - skipping"), false;
		size_t bits = host_prefix(a);
		for (size_t i = prefix; i < bits; ++i) {
			uint8_t bit = static_cast<uint8_t>(0x80 >> (i % 8));
			if (e.first.bytes[i / 8] & bit)
				return c.error(s.loc, "Address mask bits not empty - " + str(text) + " - skipping"),
				       false;
			b[i / 8] |= bit;
		}
		return true;
	}
	size_t dash = text.find('-');
	if (dash == std::string_view::npos)
		return true;
	std::string_view end = text.substr(dash + 1);
	bool whole = end.find(e.first.af == AF_INET ? '.' : ':') != std::string_view::npos;
	if (whole) {
		if (!parse_addr(end, e.last))
			return c.error(s.loc, "Invalid range end " + str(text) + " - skipping"), false;
		if (e.last.af != e.first.af)
			return c.error(s.loc, "Range address families do not match " + str(text) + " - skipping"),
			       false;
		if (e.last.bytes < e.first.bytes)
			return c.error(s.loc, "Address range end is less than address range start - " +
						      str(text) + " - skipping"),
			       false;
		return true;
	}
	uint32_t last;
	uint32_t max = e.first.af == AF_INET ? 255 : 65535;
	bool hex = e.first.af == AF_INET6;
	char *stop = nullptr;
	std::string end_str(end);
	unsigned long v = std::strtoul(end_str.c_str(), &stop, hex ? 16 : 10);
	if (end_str.empty() || *stop || v > max)
		return c.error(s.loc, "Invalid range end " + str(text) + " - skipping"), false;
	last = static_cast<uint32_t>(v);
	uint32_t start = hex ? (uint32_t(b[14]) << 8 | b[15]) : b[3];
	if (start >= last)
		return c.error(s.loc, "Address range end is not greater than address range start - " +
					      str(text) + " - skipping"),
		       false;
	if (hex) {
		b[14] = static_cast<uint8_t>(last >> 8);
		b[15] = static_cast<uint8_t>(last);
	} else {
		b[3] = static_cast<uint8_t>(last);
	}
	return true;
}

void vsg_line(Ctx &c, const Stmt &s)
{
	VsgEntry e;
	e.loc = s.loc;
	if (s.words[0] == "fwmark")
		return vsg_fwmark(c, s, e);
	std::string_view port = arg(s, 1);
	Endpoint ep;
	if (!read_endpoint(c, s.loc, s.words[0], port, ep)) {
		bool has_port = port.find_first_not_of('0') != std::string_view::npos;
		return c.error(s.loc, "Invalid virtual server group IP address " + str(s.words[0]) + " " +
					      (has_port ? "/port/" + str(port) : ""));
	}
	e.first = ep.addr;
	e.port = ep.port;
	if (vsg_range_end(c, s, e))
		vsg(c).entries.push_back(e);
}

void vsg_close(Ctx &c)
{
	VirtualServerGroup &g = vsg(c);
	bool v4 = false, v6 = false, fwmark_no_family = false;
	for (const auto &e : g.entries) {
		uint16_t af = e.kind == VsgEntryKind::fwmark ? e.fwmark_af : e.first.af;
		v4 |= af == AF_INET;
		v6 |= af == AF_INET6;
		fwmark_no_family |= e.kind == VsgEntryKind::fwmark && !e.fwmark_af;
	}
	if (g.entries.empty()) {
		c.error(c.close_loc, "virtual server group " + g.name + " has no entries - removing");
		c.cfg.virtual_server_groups.pop_back();
	} else if (v4 && v6 && fwmark_no_family) {
		c.error(c.close_loc, "virtual server group " + g.name +
				       " cannot have IPv4, IPv6 and fwmark without family - removing");
		c.cfg.virtual_server_groups.pop_back();
	}
}

} // namespace

const Block kVirtualServerBlock{kVsKeywords};
const Block kVirtualServerGroupBlock{{}, vsg_line, vsg_close};

void open_virtual_server(Ctx &c, const Stmt &s)
{
	VirtualServer v;
	v.loc = s.loc;
	std::string_view a1 = arg(s, 1), a2 = arg(s, 2);
	if (a1 == "group") {
		if (a2.empty()) {
			c.error(s.loc, "virtual server group name missing - skipping");
			c.skip_block = true;
			return;
		}
		v.kind = VsKind::group;
		v.group = str(a2);
	} else if (a1 == "fwmark") {
		if (!read_unsigned(c, s.loc, a2, 0, UINT32_MAX, v.fwmark)) {
			c.error(s.loc, "virtual server fwmark '" + str(a2) + "' must be in [0, " +
					       std::to_string(UINT32_MAX) + "] - ignoring");
			c.skip_block = true;
			return;
		}
		v.kind = VsKind::fwmark;
	} else {
		if (!read_endpoint(c, s.loc, a1, a2, v.addr)) {
			bool port = a2.find_first_not_of('0') != std::string_view::npos;
			c.error(s.loc, std::string("Invalid virtual server IP address") + (port ? "/port" : "") +
					       " " + str(a1) + (port ? "/" + str(a2) : "") + " - skipping");
			c.skip_block = true;
			return;
		}
		v.af = v.addr.addr.af;
	}
	c.cfg.virtual_servers.push_back(std::move(v));
}

void open_virtual_server_group(Ctx &c, const Stmt &s)
{
	VirtualServerGroup g;
	g.name = str(s.words[1]);
	g.loc = s.loc;
	c.cfg.virtual_server_groups.push_back(std::move(g));
}

} // namespace lvs::config
