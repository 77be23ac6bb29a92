// The LVS half of validation: keepalived 2.2.7's validate_check_config()
// with its messages, plus what the EulerOS extensions need (FNAT-only
// options, local address groups, VXLAN real servers). Duplicate real
// servers are found with a hash set, not by comparing every pair.
#include "core/config/load.hpp"
#include "core/config/validate.hpp"
#include "core/config/values.hpp"

#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <unordered_set>

namespace lvs::config {

namespace {

bool is_nat_like(Forward f)
{
	return f == Forward::nat || f == Forward::fnat || f == Forward::nat_in_vxlan ||
	       f == Forward::fnat_in_vxlan;
}

struct EndpointHash {
	size_t operator()(const Endpoint &e) const
	{
		size_t h = e.addr.af * 131u + e.port;
		for (uint8_t b : e.addr.bytes)
			h = h * 31 + b;
		return h;
	}
};

struct EndpointEq {
	bool operator()(const Endpoint &a, const Endpoint &b) const
	{
		return a.port == b.port && a.addr == b.addr;
	}
};

const VirtualServerGroup *find_group(const Config &cfg, const std::string &name)
{
	for (const auto &g : cfg.virtual_server_groups)
		if (g.name == name)
			return &g;
	return nullptr;
}

bool group_has(const VirtualServerGroup *g, VsgEntryKind kind)
{
	if (!g)
		return false;
	for (const auto &e : g->entries)
		if (e.kind == kind)
			return true;
	return false;
}

SorryServer *sorry(VirtualServer &vs)
{
	return vs.rare && vs.rare->sorry_server ? &*vs.rare->sorry_server : nullptr;
}

// keepalived's vs_end_handler(): the sorry server's family, and a family
// for fwmark services whose servers are all tunnelled.
void settle_family(VirtualServer &vs, Diagnostics &d)
{
	SorryServer *ss = sorry(vs);
	if (ss && ss->forward.kind != Forward::tun) {
		if (vs.af == AF_UNSPEC) {
			vs.af = ss->addr.addr.af;
		} else if (vs.af != ss->addr.addr.af) {
			d.report(Level::general, ss->loc,
				 "Address family of virtual server and sorry server " + addr_str(ss->addr.addr) +
					 " don't match - skipping sorry server.");
			vs.rare->sorry_server.reset();
			ss = nullptr;
		}
	}
	if (vs.af != AF_UNSPEC || vs.kind == VsKind::group)
		return;
	if (ss)
		vs.af = ss->addr.addr.af;
	for (const auto &rs : vs.real_servers) {
		if (vs.af == AF_UNSPEC)
			vs.af = rs.addr.addr.af;
		else if (vs.af != rs.addr.addr.af)
			vs.af = AF_INET; // mixed tunnelled families: keepalived defaults to IPv4
	}
	if (vs.af == AF_UNSPEC)
		vs.af = AF_INET;
}

void check_service(VirtualServer &vs, const VirtualServerGroup *g, Diagnostics &d)
{
	bool by_address = (g && group_has(g, VsgEntryKind::range)) || vs.kind == VsKind::address;
	bool by_fwmark = vs.kind == VsKind::fwmark || (g && !group_has(g, VsgEntryKind::range) &&
						       group_has(g, VsgEntryKind::fwmark));
	if (vs.ha_suspend && (vs.kind == VsKind::fwmark || group_has(g, VsgEntryKind::fwmark))) {
		d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
							 ": cannot use ha_suspend with fwmarks - clearing ha_suspend");
		vs.ha_suspend = false;
	}
	if (by_address) {
		if (!vs.protocol) {
			d.report(Level::general, vs.loc,
				 "Virtual server " + virtual_server_name(vs) + ": no protocol set - defaulting to UDP");
			vs.protocol = IPPROTO_UDP;
		}
		if ((vs.sched_flags & IP_VS_SVC_F_ONEPACKET) && vs.protocol != IPPROTO_UDP) {
			d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
								 ": one packet scheduling requires UDP - resetting");
			vs.sched_flags &= ~IP_VS_SVC_F_ONEPACKET;
		}
		if (!vs.persistence_timeout && vs.kind == VsKind::address && !vs.addr.port) {
			d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
								 ": zero port only valid for persistent services - setting");
			vs.persistence_timeout = 360;
		}
	}
	if (!vs.persistence_timeout && g)
		for (const auto &e : g->entries)
			if (e.kind == VsgEntryKind::range && !e.port) {
				d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
									 ": zero port only valid for persistent services - setting");
				vs.persistence_timeout = 360;
				break;
			}
	if (vs.protocol && by_fwmark) {
		d.report(Level::general, vs.loc, "Warning: Virtual server " + virtual_server_name(vs) +
							 ": protocol specified for fwmark - protocol will be ignored");
		vs.protocol = 0;
	}
	if (vs.sched.empty()) {
		d.report(Level::general, vs.loc,
			 "Virtual server " + virtual_server_name(vs) + ": no scheduler set, setting default 'wlc'");
		vs.sched = "wlc";
	}
}

Forward default_forward(VirtualServer &vs, Diagnostics &d)
{
	if (vs.forward.kind == Forward::unset) {
		d.report(Level::general, vs.loc,
			 "Virtual server " + virtual_server_name(vs) + ": no forwarding method set, setting default NAT");
		vs.forward.kind = Forward::nat;
	}
	return vs.forward.kind;
}

void inherit(RealServer &rs, const VirtualServer &vs, const GlobalDefs &gd)
{
	if (rs.alpha == Inherit::unset)
		rs.alpha = vs.alpha ? Inherit::yes : Inherit::no;
	if (rs.inhibit_on_failure == Inherit::unset)
		rs.inhibit_on_failure = vs.inhibit_on_failure ? Inherit::yes : Inherit::no;
	if (rs.retry == kNoCount)
		rs.retry = vs.retry;
	if (rs.connect_timeout == kNoTime)
		rs.connect_timeout = vs.connect_timeout;
	if (rs.delay_loop == kNoTime)
		rs.delay_loop = vs.delay_loop;
	if (rs.warmup == kNoTime)
		rs.warmup = vs.warmup;
	if (rs.delay_before_retry == kNoTime)
		rs.delay_before_retry = vs.delay_before_retry;
	if (rs.weight == kNoCount)
		rs.weight = vs.weight;
	if (rs.smtp_alert == Inherit::unset)
		rs.smtp_alert = gd.smtp_alert_checker != Inherit::unset ? gd.smtp_alert_checker
				: gd.smtp_alert != Inherit::unset	  ? gd.smtp_alert
									  : Inherit::yes;
}

void real_servers(VirtualServer &vs, const GlobalDefs &gd, Diagnostics &d, uint64_t &weight_sum)
{
	std::unordered_set<Endpoint, EndpointHash, EndpointEq> seen;
	seen.reserve(vs.real_servers.size());
	std::erase_if(vs.real_servers, [&](const RealServer &rs) {
		if (seen.insert(rs.addr).second)
			return false;
		d.report(Level::general, rs.loc, "VS " + virtual_server_name(vs) + ": real server " + trio(rs.addr, vs.protocol) +
							 " is duplicated - removing second rs");
		return true;
	});
	for (auto &rs : vs.real_servers) {
		if (rs.forward.kind == Forward::unset) {
			Forward k = default_forward(vs, d);
			rs.forward = vs.forward;
			rs.forward.kind = k;
		}
		inherit(rs, vs, gd);
		weight_sum += rs.weight;
		SorryServer *ss = sorry(vs);
		if (ss && EndpointEq{}(ss->addr, rs.addr) &&
		    ss->inhibit != (rs.inhibit_on_failure == Inherit::yes)) {
			bool on = rs.inhibit_on_failure == Inherit::yes;
			d.report(Level::general, rs.loc, "Virtual server " + virtual_server_name(vs) + ": real server " +
								 trio(rs.addr, vs.protocol) +
								 " matches sorry server, but inhibit setting differs, " +
								 (on ? "sett" : "clear") + "ing on sorry server");
			ss->inhibit = on;
		}
	}
}

void quorum(VirtualServer &vs, uint64_t weight_sum, Diagnostics &d)
{
	// A virtual server without real servers is how the EulerOS guide gives
	// a VIP from quorum_up alone (R-KA-VIP): nothing to weigh it against.
	if (vs.real_servers.empty())
		return;
	if (vs.quorum > weight_sum) {
		d.report(Level::general, vs.loc, "Warning - quorum " + std::to_string(vs.quorum) + " for " +
							 virtual_server_name(vs) + " exceeds total weight of real servers " +
							 std::to_string(weight_sum) + ", reducing quorum to " +
							 std::to_string(weight_sum));
		vs.quorum = static_cast<uint32_t>(weight_sum);
	}
	if (vs.hysteresis >= vs.quorum) {
		uint32_t h = vs.quorum ? vs.quorum - 1 : 0;
		d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) + ": hysteresis " +
							 std::to_string(vs.hysteresis) + " >= quorum " +
							 std::to_string(vs.quorum) + "; setting hysteresis to " +
							 std::to_string(h));
		vs.hysteresis = h;
	}
}

// Unless the real server translates ports (NAT, and FNAT), its port is the
// virtual server's, or none for fwmark services.
void ports(VirtualServer &vs, const VirtualServerGroup *g, Diagnostics &d)
{
	for (auto &rs : vs.real_servers) {
		bool nat = is_nat_like(rs.forward.kind);
		if (g) {
			for (const auto &e : g->entries) {
				if (nat)
					break;
				if (e.kind == VsgEntryKind::fwmark && rs.addr.port)
					d.report(Level::general, rs.loc, "WARNING - fwmark virtual server " + virtual_server_name(vs) +
										 ", real server " + trio(rs.addr, vs.protocol) +
										 " has port specified - port will be ignored");
				else if (e.kind == VsgEntryKind::range && rs.addr.port && e.port != rs.addr.port)
					d.report(Level::general, rs.loc, "virtual server " + virtual_server_name(vs) +
										 " and real server " + trio(rs.addr, vs.protocol) +
										 " ports don't match");
			}
		} else if (nat) {
			if (vs.kind == VsKind::address && !rs.addr.port)
				rs.addr.port = vs.addr.port;
		} else if (vs.kind == VsKind::fwmark) {
			if (rs.addr.port) {
				d.report(Level::general, rs.loc, "WARNING - fwmark virtual server " + virtual_server_name(vs) +
									 ", real server " + trio(rs.addr, vs.protocol) +
									 " has port specified - clearing");
				rs.addr.port = 0;
			}
		} else if (!rs.addr.port) {
			rs.addr.port = vs.addr.port;
		} else if (rs.addr.port != vs.addr.port) {
			d.report(Level::general, rs.loc, "WARNING - virtual server " + virtual_server_name(vs) + " and real server " +
								 trio(rs.addr, vs.protocol) +
								 " ports don't match - resetting");
			rs.addr.port = vs.addr.port;
		}
	}
	if (!sorry(vs) || g)
		return;
	SorryServer &ss = *sorry(vs);
	if (ss.forward.kind == Forward::unset) {
		Forward k = default_forward(vs, d);
		ss.forward = vs.forward;
		ss.forward.kind = k;
	}
	if (is_nat_like(ss.forward.kind))
		return;
	if (vs.kind == VsKind::fwmark) {
		if (ss.addr.port) {
			d.report(Level::general, ss.loc, "WARNING - virtual server " + virtual_server_name(vs) +
								 ", sorry server has port specified - clearing");
			ss.addr.port = 0;
		}
	} else if (!ss.addr.port) {
		ss.addr.port = vs.addr.port;
	} else if (ss.addr.port != vs.addr.port) {
		d.report(Level::general, ss.loc, "WARNING - virtual server " + virtual_server_name(vs) +
							 " and sorry server ports don't match - resetting");
		ss.addr.port = vs.addr.port;
	}
}

// A checker takes what it does not set from its real server, then from
// its type's defaults (retry 1, DNS 3, MISC 0; delay_before_retry 1 s,
// HTTP/SSL 3 s, DNS its delay_loop).
void checkers(RealServer &rs)
{
	for (auto &k : rs.checkers) {
		if (k.alpha == Inherit::unset)
			k.alpha = rs.alpha;
		if (k.type == CheckerType::file || k.type == CheckerType::bfd)
			continue;
		if (k.retry == kNoCount)
			k.retry = rs.retry != kNoCount	     ? rs.retry
				  : k.type == CheckerType::dns ? 3
				  : k.type == CheckerType::misc ? 0
								: 1;
		if (k.conn.connect_timeout == kNoTime)
			k.conn.connect_timeout = rs.connect_timeout;
		if (k.delay_loop == kNoTime)
			k.delay_loop = rs.delay_loop;
		if (k.warmup == kNoTime)
			k.warmup = rs.warmup != kNoTime ? rs.warmup : k.delay_loop;
		if (k.delay_before_retry == kNoTime) {
			bool web = k.type == CheckerType::http || k.type == CheckerType::ssl;
			k.delay_before_retry = rs.delay_before_retry != kNoTime ? rs.delay_before_retry
					       : web				   ? 3 * kSecond
					       : k.type == CheckerType::dns	   ? k.delay_loop
										   : kSecond;
		}
	}
}

bool validate_vs(Config &cfg, VirtualServer &vs, Diagnostics &d)
{
	const VirtualServerGroup *g = nullptr;
	if (vs.kind == VsKind::group) {
		g = find_group(cfg, vs.group);
		// 2.2.7 drops such a service silently when it starts (R-KA-COMPAT)
		if (!g) {
			d.report(Level::general, vs.loc, "Virtual server group " + vs.group +
								 " specified but not configured - ignoring virtual server " +
								 virtual_server_name(vs));
			return false;
		}
	}
	settle_family(vs, d);
	if (vs.real_servers.empty())
		d.report(Level::note, vs.loc, "Virtual server " + virtual_server_name(vs) + " has no real servers");
	check_service(vs, g, d);
	if (vs.smtp_alert == Inherit::unset)
		vs.smtp_alert = cfg.global.smtp_alert_checker != Inherit::unset ? cfg.global.smtp_alert_checker
				: cfg.global.smtp_alert != Inherit::unset	 ? cfg.global.smtp_alert
										 : Inherit::no;
	uint64_t weight_sum = 0;
	real_servers(vs, cfg.global, d, weight_sum);
	quorum(vs, weight_sum, d);
	ports(vs, g, d);
	for (auto &rs : vs.real_servers)
		checkers(rs);
	validate_extensions(cfg, vs, d);
	return true;
}

} // namespace

void validate(Config &cfg, Diagnostics &d)
{
	std::erase_if(cfg.virtual_servers, [&](VirtualServer &vs) { return !validate_vs(cfg, vs, d); });
	validate_checker_merge(cfg, d);
	validate_vrrp(cfg, d);
	validate_scripts(cfg, d);
}

} // namespace lvs::config
