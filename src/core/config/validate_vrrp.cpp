// vrrp_validate_config(): what keepalived 2.2.7 checks of instances, sync
// groups and the global lvs_sync_daemon once everything is read.
#include "core/config/validate.hpp"
#include "core/config/values.hpp"
#include "core/sys/fd.hpp"

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <set>

namespace lvs::config {

namespace {

std::string tag(const VrrpInstance &vi)
{
	return "(" + vi.name + ")";
}

// Whether the interface can send multicast (IFF_MULTICAST); nullopt when
// there is no such interface, which its line has said. An ioctl, like
// keepalived's netlink query, sees the network namespace we run in.
std::optional<bool> multicast(const std::string &ifname)
{
	sys::Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	ifreq r{};
	std::strncpy(r.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
	if (!fd || ::ioctl(fd.get(), SIOCGIFFLAGS, &r) < 0)
		return std::nullopt;
	return (r.ifr_flags & IFF_MULTICAST) != 0;
}

uint16_t family(const VrrpInstance &vi)
{
	return vi.virtual_ipaddress.empty() ? AF_INET : vi.virtual_ipaddress.front().addr.af;
}

void addresses(VrrpInstance &vi, Diagnostics &d)
{
	uint16_t af = family(vi);
	std::vector<IpAddress> kept;
	for (auto &a : vi.virtual_ipaddress) {
		if (a.addr.af != af) {
			d.report(Level::general, a.loc, tag(vi) + ": address family must match VRRP instance [" +
								addr_str(a.addr) + "] - ignoring");
			continue;
		}
		kept.push_back(std::move(a));
	}
	vi.virtual_ipaddress = std::move(kept);
	if (af == AF_INET6 && vi.version == 2) {
		d.report(Level::general, vi.loc, tag(vi) + " cannot use IPv6 with VRRP version 2; setting version 3");
		vi.version = 3;
	}
	for (const auto &p : vi.unicast_peer)
		if (!vi.virtual_ipaddress.empty() && p.addr.af != af)
			d.report(Level::general, p.loc, tag(vi) + ": address family must match VRRP instance [" +
								addr_str(p.addr) + "] - ignoring");
}

void authentication(VrrpInstance &vi, bool strict, Diagnostics &d)
{
	if (vi.auth_type == AuthType::none)
		return;
	if (strict) {
		d.report(Level::general, vi.loc, tag(vi) + " Strict mode does not support authentication. Ignoring.");
		vi.auth_type = AuthType::none;
	} else if (vi.version == 3) {
		d.report(Level::general, vi.loc, tag(vi) + " VRRP version 3 does not support authentication. Ignoring.");
		vi.auth_type = AuthType::none;
	} else if (vi.auth_pass.empty()) {
		d.report(Level::general, vi.loc, tag(vi) + " Authentication specified but no password given. Ignoring");
		vi.auth_type = AuthType::none;
	} else if (vi.auth_type == AuthType::ah && vi.state == VrrpState::master && vi.priority != 255) {
		d.report(Level::general, vi.loc, tag(vi) + " Initial state master is incompatible with AH authentication - clearing");
		vi.state = VrrpState::backup;
	}
}

void preemption(VrrpInstance &vi, Diagnostics &d)
{
	if (vi.nopreempt && vi.priority == 255) {
		d.report(Level::general, vi.loc, tag(vi) + " nopreempt is incompatible with priority 255. resetting nopreempt");
		vi.nopreempt = false;
	}
	if (vi.state == VrrpState::master) {
		if (vi.nopreempt) {
			d.report(Level::general, vi.loc, tag(vi) + " Warning - nopreempt will not work with initial state MASTER - clearing");
			vi.state = VrrpState::backup;
		}
		if (vi.preempt_delay) {
			d.report(Level::general, vi.loc, tag(vi) + " Warning - preempt delay will not work with initial state MASTER - clearing");
			vi.state = VrrpState::backup;
		}
	}
}

uint32_t number(const Setting &s)
{
	uint32_t v = 0;
	std::from_chars(s.args[0].data(), s.args[0].data() + s.args[0].size(), v);
	return v;
}

// A kept numeric keyword other than `def`, which vrrp_strict resets.
bool set_other_than(const std::vector<Setting> &list, std::string_view name, uint32_t def)
{
	return std::ranges::any_of(list, [&](const Setting &s) { return s.name == name && !s.args.empty() && number(s) != def; });
}

// vrrp_strict (RFC 3768 / 5798 to the letter): what keepalived 2.2.7
// resets, with its messages, after the instance's other checks.
void strict_rules(VrrpInstance &vi, Diagnostics &d)
{
	if (family(vi) == AF_INET6 && vi.unicast_peer.empty() && !vi.virtual_ipaddress.empty() &&
	    !(vi.virtual_ipaddress.front().addr.bytes[0] == 0xfe && (vi.virtual_ipaddress.front().addr.bytes[1] & 0xc0) == 0x80))
		d.report(Level::general, vi.loc, tag(vi) + " the first IPv6 VIP address must be link local");
	auto reset = [&](std::string_view name, const std::string &text) {
		d.report(Level::general, vi.loc, tag(vi) + text);
		std::erase_if(vi.other, [&](const Setting &s) { return s.name == name; });
	};
	if (vi.preempt_delay) {
		d.report(Level::general, vi.loc, tag(vi) + " preempt_delay is incompatible with strict mode - resetting");
		vi.preempt_delay = 0;
	}
	if (set_other_than(vi.other, "down_timer_adverts", 3))
		reset("down_timer_adverts", " down_timer_adverts is incompatible with strict mode - resetting");
	if (vi.accept == Inherit::yes && vi.priority != 255 && vi.version == 2) {
		d.report(Level::general, vi.loc, tag(vi) + " warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting");
		vi.accept = Inherit::no;
	}
	if (set_other_than(vi.other, "garp_lower_prio_repeat", 0))
		reset("garp_lower_prio_repeat", " Strict mode requires no repeat garps. resetting");
	if (set_other_than(vi.other, "garp_lower_prio_delay", 0))
		reset("garp_lower_prio_delay", " Strict mode requires no repeat garp delay. resetting");
	if (flag(vi.other, "lower_prio_no_advert") == false)
		reset("lower_prio_no_advert", " Strict mode requires no lower priority advert. resetting");
	if (flag(vi.other, "higher_prio_send_advert") == true)
		reset("higher_prio_send_advert", " strict mode requires higher_prio_send_advert to be clear. resetting");
}

bool instance(VrrpInstance &vi, const GlobalDefs &g, uint8_t default_version, Diagnostics &d)
{
	if (!vi.virtual_router_id) {
		d.report(Level::general, vi.loc, tag(vi) + " the virtual router id must be set");
		return false;
	}
	// 2.2.7 wants an interface even for unicast, whatever default_interface
	// says (that one is for static addresses).
	if (vi.interface.empty()) {
		d.report(Level::general, vi.loc, tag(vi) + " Unknown interface!");
		return false;
	}
	bool strict = vrrp_strict(g, vi);
	// an initial MASTER without a priority is the address owner
	if (!vi.priority)
		vi.priority = vi.state == VrrpState::master ? 255 : 100;
	// vrrp_strict: no address owner but the one with priority 255.
	if (strict && vi.state != VrrpState::unset && (vi.state == VrrpState::master) != (vi.priority == 255)) {
		d.report(Level::general, vi.loc, tag(vi) + " State MASTER must match being address owner");
		vi.state = vi.priority == 255 ? VrrpState::master : VrrpState::backup;
	}
	if (vi.advert_int == kNoTime)
		vi.advert_int = kSecond;
	if (!vi.version)
		vi.version = family(vi) == AF_INET6 ? 3 : default_version;
	if (vi.state == VrrpState::unset)
		vi.state = VrrpState::backup;
	std::erase_if(vi.track.interfaces, [&](const TrackRef &t) {
		if (t.name != vi.interface)
			return false;
		d.report(Level::general, vi.loc, tag(vi) + " Ignoring track_interface " + t.name + " since own interface");
		return true;
	});
	addresses(vi, d);
	if (vi.virtual_ipaddress.empty()) {
		if (vi.version == 3 || strict) {
			d.report(Level::general, vi.loc, tag(vi) + " No VIP specified; at least one is required");
			return false;
		}
		d.report(Level::general, vi.loc, tag(vi) + " No VIP specified; at least one is sensible");
	}
	authentication(vi, strict, d);
	// 2.2.7 keeps such an instance in FAULT for good; it is left out here.
	if (vi.unicast_peer.empty() && multicast(vi.interface) == false) {
		d.report(Level::general, vi.loc, tag(vi) + " interface " + vi.interface +
							 " does not support multicast, specify unicast peers - disabling");
		return false;
	}
	preemption(vi, d);
	if (strict)
		strict_rules(vi, d);
	return true;
}

// One VRID per interface and family, unless unicast.
void duplicate_vrids(const std::vector<VrrpInstance> &list, Diagnostics &d)
{
	std::map<std::tuple<std::string, uint16_t, uint32_t>, const VrrpInstance *> seen;
	for (const auto &vi : list) {
		if (!vi.unicast_peer.empty())
			continue;
		auto [it, fresh] = seen.try_emplace({vi.interface, family(vi), vi.virtual_router_id}, &vi);
		if (!fresh)
			d.report(Level::general, vi.loc, tag(vi) + " duplicate VRID conflict with " + it->second->name +
								 " VRID " + std::to_string(vi.virtual_router_id));
	}
}

void sync_groups(Config &cfg, Diagnostics &d)
{
	std::set<std::string> names, used;
	for (const auto &vi : cfg.vrrp.instances)
		names.insert(vi.name);
	std::vector<VrrpSyncGroup> kept;
	for (auto &g : cfg.vrrp.sync_groups) {
		std::vector<std::string> members;
		for (const auto &m : g.group) {
			if (!names.count(m))
				d.report(Level::general, g.loc, "Virtual router " + m + " specified in sync group " + g.name +
									" doesn't exist - ignoring");
			else if (!used.insert(m).second)
				d.report(Level::general, g.loc, "Virtual router " + m +
									" cannot exist in more than one sync group; ignoring " + g.name);
			else
				members.push_back(m);
		}
		g.group = std::move(members);
		if (g.group.empty()) {
			d.report(Level::general, g.loc, "Sync group " + g.name + " has no virtual router(s). removing");
			continue;
		}
		if (g.group.size() == 1)
			d.report(Level::general, g.loc, "Sync group " + g.name +
								" has only 1 virtual router(s) - this probably isn't what you want");
		kept.push_back(std::move(g));
	}
	cfg.vrrp.sync_groups = std::move(kept);
}

void sync_daemon(Config &cfg, Diagnostics &d)
{
	auto &sd = cfg.global.lvs_sync_daemon;
	if (!sd || sd->vrrp_instance.empty())
		return;
	for (const auto &vi : cfg.vrrp.instances)
		if (vi.name == sd->vrrp_instance)
			return;
	d.report(Level::general, sd->loc, "Unable to find vrrp instance " + sd->vrrp_instance +
						  " for lvs_syncd - clearing lvs_syncd config");
	sd.reset();
}

uint8_t default_version(const GlobalDefs &g)
{
	for (const auto &s : g.other)
		if (s.name == "vrrp_version" && !s.args.empty())
			return static_cast<uint8_t>(s.args[0][0] - '0');
	return 2;
}

} // namespace

std::optional<bool> flag(const std::vector<Setting> &list, std::string_view name)
{
	auto it = std::ranges::find_if(list, [&](const Setting &s) { return s.name == name; });
	if (it == list.end())
		return std::nullopt;
	return it->args.empty() || read_bool(it->args[0]) == 1;
}

bool vrrp_strict(const GlobalDefs &g, const VrrpInstance &vi)
{
	if (vi.strict_mode != Inherit::unset)
		return vi.strict_mode == Inherit::yes;
	return flag(g.other, "vrrp_strict").value_or(false);
}

void validate_vrrp(Config &cfg, Diagnostics &d)
{
	uint8_t version = default_version(cfg.global);
	std::vector<VrrpInstance> kept;
	for (auto &vi : cfg.vrrp.instances)
		if (instance(vi, cfg.global, version, d))
			kept.push_back(std::move(vi));
	cfg.vrrp.instances = std::move(kept);
	duplicate_vrids(cfg.vrrp.instances, d);
	sync_groups(cfg, d);
	sync_daemon(cfg, d);
}

} // namespace lvs::config
