// The EulerOS extensions of a virtual server: what only works with the
// full-NAT module (flow control, client lists, checker_merge, local
// addresses), the VXLAN real servers, and the client lists' families.
#include "core/config/validate.hpp"
#include "core/config/values.hpp"

#include <net/if.h>
#include <unordered_set>

namespace lvs::config {

namespace {

constexpr size_t kMaxMergedAddresses = 1024;

void fnat_only(const VirtualServer &vs, Diagnostics &d, bool used, const char *what)
{
	if (used && !fnat(vs.forward.kind))
		d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) + ": " + what +
							 " only works with lb_kind FNAT - ignoring");
}

bool has_local_group(const Config &cfg, const std::string &name)
{
	for (const auto &g : cfg.local_address_groups)
		if (g.name == name)
			return true;
	return false;
}

void client_lists(const VirtualServer &vs, Diagnostics &d)
{
	const VirtualServerRare &r = peek(vs.rare);
	bool any = !r.client_ipaddr_allow.empty() || !r.client_ipaddr_exclude.empty();
	fnat_only(vs, d, any, "client_ipaddr_allow/client_ipaddr_exclude");
	if (!r.client_ipaddr_allow.empty() && !r.client_ipaddr_exclude.empty())
		d.report(Level::note, vs.loc, "Virtual server " + virtual_server_name(vs) +
						      ": both client lists set - only client_ipaddr_allow applies");
	for (auto *list : {&r.client_ipaddr_allow, &r.client_ipaddr_exclude})
		for (const auto &e : *list)
			if (vs.af && e.addr.af != vs.af)
				d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
									 ": client list entry " + addr_str(e.addr) +
									 " is not of the virtual server's address family");
}

void vxlan(const Config &cfg, const VirtualServer &vs, Diagnostics &d)
{
	for (const auto &rs : vs.real_servers) {
		const RealServerRare &r = peek(rs.rare);
		Forward kind = r.dest_lb_kind != Forward::unset ? r.dest_lb_kind : rs.forward.kind;
		bool in_vxlan = kind == Forward::nat_in_vxlan || kind == Forward::fnat_in_vxlan;
		auto say = [&](Level level, const char *what) {
			d.report(level, rs.loc, "Virtual server " + virtual_server_name(vs) + ", real server " +
							addr_str(rs.addr.addr) + ": " + what);
		};
		if (r.dest_lb_kind != Forward::unset && vs.forward.kind != Forward::fnat)
			say(Level::general, "dest_lb_kind needs lb_kind FNAT on the virtual server");
		if (!in_vxlan) {
			if (r.mac || r.vni || r.vteppaddr.addr.af)
				say(Level::note, "mac, vni and vteppaddr only apply to NATinVXLAN and FNATinVXLAN");
			continue;
		}
		if (!r.mac)
			say(Level::general, "VXLAN forwarding needs the real server's mac");
		if (!r.vni)
			say(Level::general, "VXLAN forwarding needs vni");
		if (!r.vteppaddr.addr.af)
			say(Level::general, "VXLAN forwarding needs vteppaddr IP PORT");
		if (!cfg.vxlan)
			say(Level::general, "VXLAN forwarding needs the global LVS_VXLAN_PARAM block");
	}
}

} // namespace

void validate_extensions(const Config &cfg, const VirtualServer &vs, Diagnostics &d)
{
	const VirtualServerRare &r = peek(vs.rare);
	fnat_only(vs, d, !r.laddr_group_name.empty(), "laddr_group_name");
	if (!r.laddr_group_name.empty() && !has_local_group(cfg, r.laddr_group_name))
		d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) +
							 ": local_address_group " + r.laddr_group_name +
							 " is not defined");
	bool flow = r.flow_control_cps || r.flow_control_interval || r.flow_control_pc;
	fnat_only(vs, d, flow, "flow_control_cps/flow_control_interval/flow_control_pc");
	if (r.flow_control_cps.value_or(0) && !r.flow_control_interval.value_or(0))
		d.report(Level::note, vs.loc, "Virtual server " + virtual_server_name(vs) +
						      ": flow_control_cps has no effect without flow_control_interval");
	client_lists(vs, d);
	fnat_only(vs, d, vs.checker_merge, "checker_merge");
	if (vs.checker_off && (vs.alpha || vs.checker_merge))
		d.report(Level::note, vs.loc, "Virtual server " + virtual_server_name(vs) +
						      ": checker_off wins over alpha and checker_merge");
	if (!r.vip_bind_dev.empty() && !if_nametoindex(r.vip_bind_dev.c_str()))
		d.report(Level::general, vs.loc, "Virtual server " + virtual_server_name(vs) + ": vip_bind_dev " +
							 r.vip_bind_dev + " doesn't exist");
	vxlan(cfg, vs, d);
}

// checker_merge checks each real server address once across the virtual
// servers that set it; the guide allows up to 1024 such shared addresses.
void validate_checker_merge(const Config &cfg, Diagnostics &d)
{
	std::unordered_set<std::string> seen, shared;
	for (const auto &vs : cfg.virtual_servers) {
		if (!vs.checker_merge || vs.checker_off)
			continue;
		for (const auto &rs : vs.real_servers) {
			for (const auto &k : rs.checkers)
				if (k.type != CheckerType::tcp)
					d.report(Level::note, k.loc, "checker_merge only merges TCP_CHECK; this checker runs on its own");
			std::string key(reinterpret_cast<const char *>(rs.addr.addr.bytes.data()), 16);
			if (!seen.insert(key).second)
				shared.insert(key);
		}
	}
	if (shared.size() > kMaxMergedAddresses)
		d.report(Level::general, {}, "checker_merge: " + std::to_string(shared.size()) +
						     " real server addresses are shared, more than the " +
						     std::to_string(kMaxMergedAddresses) + " supported");
}

} // namespace lvs::config
