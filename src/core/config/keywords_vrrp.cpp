// vrrp_instance and vrrp_sync_group: the protocol core typed in the model
// (state, interface, VRID, priority, advert_int, authentication, VIPs,
// routes, rules, unicast peers, tracking, notify scripts), every other
// 2.2.7 keyword checked and kept as written. Messages are keepalived's.
#include "core/config/keywords_global.hpp"
#include "core/config/keywords_vrrp.hpp"
#include "core/config/values.hpp"

#include <algorithm>
#include <climits>
#include <net/if.h>

namespace lvs::config {

namespace {

VrrpInstance &vi(Ctx &c)
{
	return c.cfg.vrrp.instances.back();
}

std::string tag(Ctx &c)
{
	return "(" + vi(c).name + ")";
}

void state(Ctx &c, const Stmt &s)
{
	std::string_view v = s.words[1];
	if (v == "MASTER")
		vi(c).state = VrrpState::master;
	else if (v == "BACKUP") {
		if (vi(c).state == VrrpState::master)
			return c.error(s.loc, tag(c) + " state previously set as MASTER - ignoring BACKUP");
		vi(c).state = VrrpState::backup;
	} else {
		c.error(s.loc, tag(c) + " unknown state '" + str(v) + "', defaulting to BACKUP");
		vi(c).state = VrrpState::backup;
	}
}

void interface(Ctx &c, const Stmt &s)
{
	std::string name = str(s.words[1]);
	if (name.size() >= IFNAMSIZ)
		return c.error(s.loc, "Interface name '" + name + "' too long - ignoring");
	if (name == "lo")
		return c.error(s.loc, tag(c) + " cannot use a loopback interface (" + name + ") for vrrp - ignoring");
	if (!if_nametoindex(name.c_str()))
		report_missing_interface(c, s.loc,
					 "WARNING - interface " + name + " for vrrp_instance " + vi(c).name +
						 " doesn't exist");
	vi(c).interface = name;
}

void vrid(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 255, v))
		return c.error(s.loc, tag(c) + ": VRID '" + str(s.words[1]) + "' not valid - must be between 1 & 255");
	vi(c).virtual_router_id = v;
}

void priority(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 255, v)) {
		c.error(s.loc, tag(c) + " Priority not valid! must be between 1 & 255. Using default 100");
		v = 100;
	}
	vi(c).priority = v;
}

void advert_int(Ctx &c, const Stmt &s)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 0, 0, t) || t == 0)
		return c.error(s.loc, tag(c) + " Advert interval (" + str(s.words[1]) +
					      ") not valid! Must be > 0 - ignoring");
	vi(c).advert_int = t;
}

void version(Ctx &c, const Stmt &s)
{
	if (s.words[1] != "2" && s.words[1] != "3")
		return c.error(s.loc, tag(c) + ": Version must be either 2 or 3");
	vi(c).version = static_cast<uint8_t>(s.words[1][0] - '0');
}

void auth_type(Ctx &c, const Stmt &s)
{
	if (s.words[1] == "PASS")
		vi(c).auth_type = AuthType::pass;
	else if (s.words[1] == "AH")
		vi(c).auth_type = AuthType::ah;
	else
		c.error(s.loc, tag(c) + " unknown authentication type '" + str(s.words[1]) + "'");
}

void auth_pass(Ctx &c, const Stmt &s)
{
	vi(c).auth_pass = str(s.words[1].substr(0, 8));
}

void vip_line(Ctx &c, const Stmt &s)
{
	IpAddress a;
	if (read_ip_address(c, s, a, true))
		vi(c).virtual_ipaddress.push_back(std::move(a));
}

void evip_line(Ctx &c, const Stmt &s)
{
	IpAddress a;
	if (read_ip_address(c, s, a, true))
		vi(c).virtual_ipaddress_excluded.push_back(std::move(a));
}

void route_line(Ctx &c, const Stmt &s)
{
	IpLine l;
	if (read_route(c, s, l, true))
		vi(c).virtual_routes.push_back(std::move(l));
}

void rule_line(Ctx &c, const Stmt &s)
{
	IpLine l;
	if (read_rule(c, s, l))
		vi(c).virtual_rules.push_back(std::move(l));
}

void src_ip(Ctx &c, const Stmt &s)
{
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, tag(c) + " invalid " + str(s.words[0]) + " " + str(s.words[1]) + " - ignoring");
	(s.words[0] == "mcast_src_ip" ? vi(c).mcast_src_ip : vi(c).unicast_src_ip) = a;
}

constexpr Inert kTtl{"adverts go out with TTL 255 and are taken whatever their TTL from a unicast peer"};
constexpr Keyword kPeerOptions[] = {
	{"min_ttl", 1, nullptr, nullptr, &kTtl},
	{"max_ttl", 1, nullptr, nullptr, &kTtl},
};

void peer_line(Ctx &c, const Stmt &s)
{
	UnicastPeer p;
	p.loc = s.loc;
	if (!parse_addr(s.words[0], p.addr) || s.words[0].find_first_of("/-") != std::string_view::npos)
		return c.error(s.loc, "VRRP parsed invalid IP " + str(s.words[0]) + ". skipping IP...");
	for (size_t i = 1; i < s.words.size(); ++i) {
		std::string_view k = s.words[i];
		auto option = std::ranges::find(kPeerOptions, k, &Keyword::name);
		if (option == std::end(kPeerOptions) || i + 1 == s.words.size()) {
			c.error(s.loc, tag(c) + " unknown unicast_peer option " + str(k));
			continue;
		}
		note_inert(c.diags, s.loc, k, {}, *option->inert);
		uint32_t ttl;
		if (!read_unsigned(c, s.loc, s.words[++i], 0, 255, ttl)) {
			c.error(s.loc, tag(c) + ": TTL '" + str(s.words[i]) + "' not valid - must be between 0 & 255");
			continue;
		}
		(k == "min_ttl" ? p.min_ttl : p.max_ttl) = static_cast<int16_t>(ttl);
	}
	if (p.min_ttl >= 0 && p.max_ttl >= 0 && p.min_ttl > p.max_ttl)
		c.error(s.loc, tag(c) + " min_ttl " + std::to_string(p.min_ttl) + " > max_ttl " +
				       std::to_string(p.max_ttl) + " - all packets will be discarded");
	vi(c).unicast_peer.push_back(p);
}

void nopreempt(Ctx &c, const Stmt &)
{
	vi(c).nopreempt = true;
}

void preempt(Ctx &c, const Stmt &)
{
	vi(c).nopreempt = false;
}

void preempt_delay(Ctx &c, const Stmt &s)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 0, 1000 * kSecond, t))
		return c.error(s.loc, tag(c) + " Preempt_delay not valid! must be between 0-1000");
	vi(c).preempt_delay = t;
}

void accept(Ctx &c, const Stmt &s)
{
	vi(c).accept = s.words[0] == "accept" ? Inherit::yes : Inherit::no;
}

void strict_mode(Ctx &c, const Stmt &s)
{
	int b = s.words.size() < 2 ? 1 : read_bool(s.words[1]);
	if (b < 0)
		return c.error(s.loc, tag(c) + " invalid strict_mode " + str(s.words[1]) + " specified");
	vi(c).strict_mode = b ? Inherit::yes : Inherit::no;
}

void dont_track_primary(Ctx &c, const Stmt &)
{
	vi(c).dont_track_primary = true;
}

void debug(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (s.words.size() > 1 && !read_unsigned(c, s.loc, s.words[1], 0, 4, v))
		return c.error(s.loc, tag(c) + " Debug value '" + str(s.words[1]) + "' not valid; must be between 0-4");
	keep(c, s);
}

void instance_bool(Ctx &c, const Stmt &s)
{
	if (s.words.size() > 1 && read_bool(s.words[1]) < 0)
		return c.error(s.loc, tag(c) + " invalid " + str(s.words[0]) + " " + str(s.words[1]) + " specified");
	keep(c, s);
}

void garp_number(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, v))
		return c.error(s.loc, tag(c) + ": " + str(s.words[0]) + " '" + str(s.words[1]) + "' invalid - ignoring");
	keep(c, s);
}

void down_timer_adverts(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, 100, v))
		return c.error(s.loc, tag(c) + ": Invalid down_timer_adverts [1:100] '" + str(s.words[1]) + "'");
	keep(c, s);
}

void unicast_ttl(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, 255, v))
		return c.error(s.loc, tag(c) + ": TTL '" + str(s.words[1]) + "' not valid - must be between 0 & 255");
	keep(c, s);
}

void mcast_dst_ip(Ctx &c, const Stmt &s)
{
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, tag(c) + " malformed mcast dest address " + str(s.words[1]) + ". Skipping...");
	keep(c, s);
}

void lvs_sync_daemon_interface(Ctx &c, const Stmt &s)
{
	c.error(s.loc, tag(c) + " Specifying lvs_sync_daemon_interface against a vrrp is deprecated.");
	c.error(s.loc, "        Please use global lvs_sync_daemon");
	keep(c, s);
}

void linkbeat_use_polling(Ctx &c, const Stmt &s)
{
	c.error(s.loc, tag(c) + " 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces block");
	keep(c, s);
}

void vrrp_close(Ctx &c)
{
	c.track = nullptr;
	c.notify = nullptr;
	c.smtp_alert = nullptr;
	c.other = nullptr;
	c.block_name = nullptr;
}

// What an instance does instead of the keywords it does not act upon.
constexpr std::string_view kAh[] = {"AH"};
constexpr Inert kAuthAh{"there is no IPsec AH: adverts carry authentication type 2 and nothing else, so a "
			"keepalived using AH does not hear them",
			kAh};
constexpr Inert kRoutes{"the instance adds no routes or rules when it becomes master"};
constexpr Inert kDebug{"every instance logs the same"};
constexpr Inert kSyncDaemonInterface{"use the global lvs_sync_daemon"};
constexpr Inert kNativeIpv6{"the instance's family is its first address's"};
constexpr Inert kOldChecksum{"unicast adverts carry the RFC checksum"};
constexpr Inert kPromoteSecondaries{"the interface's promote_secondaries setting is left alone"};
constexpr Inert kTrackSrcIp{"the source address is chosen at start and not followed"};
constexpr Inert kNoPeerFault{"an instance without unicast peers uses multicast"};
constexpr Inert kVrf{"the instance's sockets are not bound to a VRF"};

constexpr Keyword kAuthKeywords[] = {
	{"auth_type", 1, auth_type, nullptr, &kAuthAh},
	{"auth_pass", 1, auth_pass},
};
constexpr Block kAuthBlock{kAuthKeywords};
constexpr Block kVipBlock{{}, vip_line, nullptr, nullptr, kAddressOptions};
constexpr Block kEvipBlock{{}, evip_line, nullptr, nullptr, kAddressOptions};
constexpr Block kRoutesBlock{{}, route_line};
constexpr Block kRulesBlock{{}, rule_line};
constexpr Block kPeerBlock{{}, peer_line, nullptr, nullptr, kPeerOptions};

constexpr Keyword kInstanceKeywords[] = {
	{"state", 1, state},
	{"interface", 1, interface},
	{"virtual_router_id", 1, vrid},
	{"priority", 1, priority},
	{"advert_int", 1, advert_int},
	{"version", 1, version},
	{"authentication", 0, nullptr, &kAuthBlock},
	{"virtual_ipaddress", 0, nullptr, &kVipBlock},
	{"virtual_ipaddress_excluded", 0, nullptr, &kEvipBlock},
	{"virtual_routes", 0, nullptr, &kRoutesBlock, &kRoutes},
	{"virtual_rules", 0, nullptr, &kRulesBlock, &kRoutes},
	{"mcast_src_ip", 1, src_ip},
	{"unicast_src_ip", 1, src_ip},
	{"unicast_peer", 0, nullptr, &kPeerBlock},
	{"nopreempt", 0, nopreempt},
	{"preempt", 0, preempt},
	{"preempt_delay", 1, preempt_delay},
	{"accept", 0, accept},
	{"no_accept", 0, accept},
	{"strict_mode", 0, strict_mode},
	{"dont_track_primary", 0, dont_track_primary},
	{"debug", 0, debug, nullptr, &kDebug},
	{"check_unicast_src", 0, keep},
	{"down_timer_adverts", 1, down_timer_adverts},
	{"garp_extra_if", 1, keep, nullptr, &kGarpTiming},
	{"garp_lower_prio_delay", 1, garp_number, nullptr, &kGarpTiming},
	{"garp_lower_prio_repeat", 1, garp_number, nullptr, &kGarpTiming},
	{"garp_master_delay", 1, garp_number},
	{"garp_master_refresh", 1, garp_number},
	{"garp_master_refresh_repeat", 1, garp_number},
	{"garp_master_repeat", 1, garp_number},
	{"higher_prio_send_advert", 0, instance_bool, nullptr, &kHigherPrioSendAdvert},
	{"lower_prio_no_advert", 0, instance_bool},
	{"skip_check_adv_addr", 0, instance_bool, nullptr, &kSkipCheckAdvAddr},
	{"kernel_rx_buf_size", 1, keep_uint<0, UINT_MAX>, nullptr, &kReceiveBuffers},
	{"linkbeat_use_polling", 0, linkbeat_use_polling, nullptr, &kLinkbeat},
	{"lvs_sync_daemon_interface", 1, lvs_sync_daemon_interface, nullptr, &kSyncDaemonInterface},
	{"mcast_dst_ip", 1, mcast_dst_ip, nullptr, &kMulticastGroup},
	{"native_ipv6", 0, keep, nullptr, &kNativeIpv6},
	{"old_unicast_checksum", 0, keep, nullptr, &kOldChecksum},
	{"promote_secondaries", 0, keep, nullptr, &kPromoteSecondaries},
	{"track_src_ip", 0, keep, nullptr, &kTrackSrcIp},
	{"unicast_fault_no_peer", 0, keep, nullptr, &kNoPeerFault},
	{"unicast_ttl", 1, unicast_ttl, nullptr, &kTtl},
	{"use_ipvlan", 0, keep, nullptr, &kVmac},
	{"use_vmac", 0, keep, nullptr, &kVmac},
	{"use_vmac_addr", 0, keep, nullptr, &kVmac},
	{"vmac_xmit_base", 0, keep, nullptr, &kVmac},
	{"vrf", 1, keep, nullptr, &kVrf},
};

// ---------------------------------------------------------- sync groups

VrrpSyncGroup &sg(Ctx &c)
{
	return c.cfg.vrrp.sync_groups.back();
}

void sg_member(Ctx &c, const Stmt &s)
{
	for (auto w : s.words)
		sg(c).group.push_back(str(w));
}

void sg_group_close(Ctx &c)
{
	if (sg(c).group.empty())
		c.error(c.close_loc, "Warning - sync group " + sg(c).name + " has empty group block");
}

void global_tracking(Ctx &c, const Stmt &s)
{
	c.error(s.loc, "(" + sg(c).name + ") global_tracking is deprecated. Use track_interface/script/file on the sync group");
	keep(c, s);
}

constexpr Block kGroupBlock{{}, sg_member, sg_group_close};

constexpr Keyword kSyncGroupKeywords[] = {
	{"group", 0, nullptr, &kGroupBlock},
	{"global_tracking", 0, global_tracking, nullptr, &kSyncGroupOwn},
	{"sync_group_tracking_weight", 0, keep, nullptr, &kSyncGroupOwn},
};

} // namespace

// Tracking and notify keywords shared by instances and sync groups.
const Block kVrrpInstanceBlock{kInstanceKeywords, nullptr, vrrp_close, &kVrrpCommonBlock};
const Block kVrrpSyncGroupBlock{kSyncGroupKeywords, nullptr, vrrp_close, &kVrrpSyncGroupCommonBlock};

void open_vrrp_instance(Ctx &c, const Stmt &s)
{
	VrrpInstance v;
	v.name = str(s.words[1]);
	v.loc = s.loc;
	c.cfg.vrrp.instances.push_back(std::move(v));
	VrrpInstance &n = c.cfg.vrrp.instances.back();
	c.track = &n.track;
	c.notify = &n.notify;
	c.smtp_alert = &n.smtp_alert;
	c.other = &n.other;
	c.block_name = &n.name;
}

void open_vrrp_sync_group(Ctx &c, const Stmt &s)
{
	for (const auto &g : c.cfg.vrrp.sync_groups)
		if (g.name == s.words[1]) {
			c.error(s.loc, "vrrp sync group " + str(s.words[1]) + " already defined");
			c.skip_block = true;
			return;
		}
	VrrpSyncGroup g;
	g.name = str(s.words[1]);
	g.loc = s.loc;
	c.cfg.vrrp.sync_groups.push_back(std::move(g));
	VrrpSyncGroup &n = c.cfg.vrrp.sync_groups.back();
	c.track = &n.track;
	c.notify = &n.notify;
	c.smtp_alert = &n.smtp_alert;
	c.other = &n.other;
	c.block_name = &n.name;
}

void report_missing_interface(Ctx &c, Loc loc, std::string text)
{
	c.error(loc, std::move(text));
	c.missing_interface = true;
}

} // namespace lvs::config
