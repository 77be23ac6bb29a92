// The top level of keepalived.conf: every block keepalived 2.2.7 knows
// there, the EulerOS ones (local_address_group, LVS_VXLAN_PARAM), the
// process-wide keywords, and the static addresses, routes and rules.
#include "core/config/keywords_global.hpp"
#include "core/config/keywords_lvs.hpp"
#include "core/config/keywords_vrrp.hpp"
#include "core/config/values.hpp"

#include <climits>

namespace lvs::config {

namespace {

void static_address(Ctx &c, const Stmt &s)
{
	IpAddress a;
	if (read_ip_address(c, s, a, false))
		c.cfg.vrrp.static_ipaddress.push_back(std::move(a));
}

void static_route(Ctx &c, const Stmt &s)
{
	IpLine l;
	if (read_route(c, s, l, false))
		c.cfg.vrrp.static_routes.push_back(std::move(l));
}

void static_rule(Ctx &c, const Stmt &s)
{
	IpLine l;
	if (read_rule(c, s, l))
		c.cfg.vrrp.static_rules.push_back(std::move(l));
}

// "IFNAME [MII|ETHTOOL|IOCTL]" and "IFNAME DOWN_DELAY [UP_DELAY]".
void interface_line(const Stmt &s, std::vector<Setting> &out)
{
	Setting set{str(s.words[0]), {}, s.loc};
	for (auto w : args(s))
		set.args.push_back(str(w));
	out.push_back(std::move(set));
}

void linkbeat_line(Ctx &c, const Stmt &s)
{
	if (s.words.size() > 1 && s.words[1] != "MII" && s.words[1] != "ETHTOOL" && s.words[1] != "IOCTL")
		c.error(s.loc, "Unknown linkbeat type " + str(s.words[1]) + " for " + str(s.words[0]));
	interface_line(s, c.cfg.vrrp.linkbeat_interfaces);
}

void delays_line(Ctx &c, const Stmt &s)
{
	for (auto w : args(s)) {
		Micros t;
		if (!read_timer(c, s.loc, w, 0, 255 * kSecond, t))
			return c.error(s.loc, "Invalid delay " + str(w) + " for interface " + str(s.words[0]));
	}
	interface_line(s, c.cfg.vrrp.interface_up_down_delays);
}

void child_wait_time(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, v))
		return c.error(s.loc, "Invalid child_wait_time " + str(s.words[1]));
	keep(c, s);
}

void open_global_defs(Ctx &c, const Stmt &)
{
	c.other = nullptr;
}

constexpr Inert kInstance{"the pid and data files keep their names"};
constexpr Inert kPidDir{"the pid files are the -p, -c and -r options' files"};
constexpr Inert kUpDownDelays{"a change of link state is acted upon at once"};

constexpr Keyword kRootKeywords[] = {
	{"global_defs", 0, open_global_defs, &kGlobalDefsBlock},
	{"linkbeat_use_polling", 0, keep, nullptr, &kLinkbeat},
	{"net_namespace", 0, keep_name, nullptr, &kNamespaces},
	{"net_namespace_ipvs", 0, keep, nullptr, &kNamespaces},
	{"namespace_with_ipsets", 0, keep, nullptr, &kNamespaces},
	{"use_pid_dir", 0, keep, nullptr, &kPidDir},
	{"instance", 0, keep_name, nullptr, &kInstance},
	{"child_wait_time", 1, child_wait_time},
	{"linkbeat_interfaces", 0, nullptr, &kLinkbeatBlock, &kLinkbeat},
	{"interface_up_down_delays", 0, nullptr, &kUpDownDelaysBlock, &kUpDownDelays},
	{"static_ipaddress", 0, nullptr, &kStaticAddressBlock, &kStatic},
	{"static_routes", 0, nullptr, &kStaticRoutesBlock, &kStatic},
	{"static_rules", 0, nullptr, &kStaticRulesBlock, &kStatic},
	{"track_group", 1, open_track_group, &kTrackGroupBlock, &kTrackGroup},
	{"track_file", 1, open_track_file, &kTrackFileBlock},
	{"vrrp_track_file", 1, open_track_file, &kTrackFileBlock},
	{"vrrp_track_process", 1, open_track_process, &kTrackProcessBlock, &kTrackProcess},
	{"vrrp_script", 1, open_vrrp_script, &kVrrpScriptBlock},
	{"vrrp_sync_group", 1, open_vrrp_sync_group, &kVrrpSyncGroupBlock},
	{"garp_group", 0, open_garp_group, &kGarpGroupBlock, &kGarpTiming},
	{"vrrp_instance", 1, open_vrrp_instance, &kVrrpInstanceBlock},
	{"bfd_instance", 1, open_bfd_instance, &kBfdInstanceBlock, &kNoBfd},
	{"SSL", 0, open_ssl, &kSslBlock},
	{"virtual_server_group", 1, open_virtual_server_group, &kVirtualServerGroupBlock},
	{"virtual_server", 1, open_virtual_server, &kVirtualServerBlock},
	// EulerOS
	{"local_address_group", 1, open_local_address_group, &kLocalAddressGroupBlock},
	{"LVS_VXLAN_PARAM", 0, open_vxlan, &kVxlanBlock, &kVxlanKeyword},
};

constexpr Block kRootBlock{kRootKeywords};

} // namespace

const Block kStaticAddressBlock{{}, static_address};
const Block kStaticRoutesBlock{{}, static_route};
const Block kStaticRulesBlock{{}, static_rule};
const Block kLinkbeatBlock{{}, linkbeat_line};
const Block kUpDownDelaysBlock{{}, delays_line};

const Block &root_block()
{
	return kRootBlock;
}

} // namespace lvs::config
