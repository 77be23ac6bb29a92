#include "core/lvs/desired.hpp"

#include "core/config/names.hpp"
#include "core/config/values.hpp"
#include "core/net/addr.hpp"

#include <linux/ip_vs.h>

namespace lvs::table {

namespace {

using config::Forward;

constexpr uint32_t kNoForward = UINT32_MAX;

// The kernel's forwarding method; kNoForward for the VXLAN kinds, which
// no kernel we drive has yet (R-FWD-VXLAN).
uint32_t conn_flags(Forward f)
{
	switch (f) {
	case Forward::nat:
		return IP_VS_CONN_F_MASQ;
	case Forward::dr:
		return IP_VS_CONN_F_DROUTE;
	case Forward::tun:
		return IP_VS_CONN_F_TUNNEL;
	case Forward::fnat:
		return ipvs::kFwdFullNat;
	default:
		return kNoForward;
	}
}

// NAT and full NAT translate the port; DR and TUN deliver to the
// service's own port (none for a fwmark service), as ipvsadm sets it.
bool translates_port(uint32_t fwd)
{
	return fwd == IP_VS_CONN_F_MASQ || fwd == ipvs::kFwdFullNat;
}

ipvs::Dest make_dest(const config::Endpoint &addr, const config::ForwardMethod &fm, uint32_t fwd)
{
	ipvs::Dest d;
	d.addr = addr.addr;
	d.port = addr.port;
	d.conn_flags = fwd;
	if (fwd == IP_VS_CONN_F_TUNNEL) {
		// keepalived's TUN type and csum keywords are the kernel's numbers.
		d.tun_type = static_cast<uint8_t>(fm.tun_type);
		d.tun_port = fm.tun_type == config::TunnelType::gue ? fm.tun_port : 0;
		d.tun_flags = static_cast<uint16_t>(fm.csum);
	}
	return d;
}

// A destination of the virtual server as one of its services gets it.
ipvs::Dest at(ipvs::Dest d, const ipvs::ServiceKey &key)
{
	if (!translates_port(d.conn_flags))
		d.port = key.fwmark ? 0 : key.port;
	else if (!d.port)
		d.port = key.port;
	return d;
}

std::string forward_note(const config::VirtualServer &vs, const config::Endpoint &e)
{
	return "virtual server " + config::virtual_server_name(vs) + ": real server " +
	       config::trio(e, vs.protocol) + " uses VXLAN forwarding, which the kernel does not offer yet - left out";
}

// The virtual server's destinations, health applied, sorry server included.
// Without quorum the sorry server replaces the live real servers, as
// keepalived does; with no view, quorum is what a fresh start judges.
std::vector<ipvs::Dest> dests(const config::Config &cfg, size_t vi, const HealthView &health,
			      const QuorumView &quorum, Table &t)
{
	const config::VirtualServer &vs = cfg.virtual_servers[vi];
	std::vector<RsHealth> hs;
	hs.reserve(vs.real_servers.size());
	uint64_t live = 0;
	for (size_t i = 0; i < vs.real_servers.size(); ++i) {
		hs.push_back(health_of(health, cfg, vi, i));
		live += hs.back().up ? hs.back().weight : 0;
	}
	const auto &ss = peek(vs.rare).sorry_server;
	bool has_quorum = quorum ? quorum(vi) : quorum_after(vs, std::nullopt, live);
	bool sorry = ss && !has_quorum;
	std::vector<ipvs::Dest> out;
	out.reserve(vs.real_servers.size());
	for (size_t i = 0; i < vs.real_servers.size(); ++i) {
		const config::RealServer &rs = vs.real_servers[i];
		const RsHealth &h = hs[i];
		// Up: in unless the sorry server stands in; down: out unless
		// inhibit_on_failure keeps it at weight 0.
		if (h.up ? sorry : rs.inhibit_on_failure != config::Inherit::yes)
			continue;
		Forward lb_kind = peek(rs.rare).dest_lb_kind;
		uint32_t fwd = conn_flags(lb_kind != Forward::unset ? lb_kind : rs.forward.kind);
		if (fwd == kNoForward) {
			t.notes.push_back(forward_note(vs, rs.addr));
			continue;
		}
		ipvs::Dest d = make_dest(rs.addr, rs.forward, fwd);
		d.weight = h.up ? static_cast<int32_t>(h.weight) : 0;
		d.u_threshold = rs.uthreshold;
		d.l_threshold = rs.lthreshold;
		out.push_back(d);
	}
	if (!ss || (has_quorum && !ss->inhibit))
		return out;
	for (const auto &d : out)
		if (d.addr == ss->addr.addr && d.port == ss->addr.port)
			return out; // also a real server: that entry stands
	config::ForwardMethod fm = ss->forward.kind != Forward::unset ? ss->forward : vs.forward;
	uint32_t fwd = conn_flags(fm.kind);
	if (fwd == kNoForward) {
		t.notes.push_back(forward_note(vs, ss->addr));
		return out;
	}
	ipvs::Dest d = make_dest(ss->addr, fm, fwd);
	d.weight = has_quorum ? 0 : 1;
	out.push_back(d);
	return out;
}

// The virtual server's local address pool, for full-NAT services.
std::vector<ipvs::LocalAddr> laddrs(const config::Config &cfg, const config::VirtualServer &vs)
{
	std::vector<ipvs::LocalAddr> out;
	const std::string &name = peek(vs.rare).laddr_group_name;
	if (name.empty() || !config::fnat(vs.forward.kind))
		return out;
	for (const auto &g : cfg.local_address_groups) {
		if (g.name != name)
			continue;
		for (const auto &a : g.addresses)
			for (net::Addr x = a.first;; x = net::successor(x)) {
				out.push_back({x});
				if (x == a.last)
					break;
			}
	}
	return out;
}

ipvs::Service service(const config::VirtualServer &vs, const ipvs::ServiceKey &key)
{
	ipvs::Service s;
	s.key = key;
	s.sched_name = vs.sched;
	s.pe_name = peek(vs.rare).persistence_engine;
	// The kernel sets HASHED itself and ignores it in requests.
	s.flags = vs.sched_flags & ~uint32_t(IP_VS_SVC_F_HASHED);
	if (vs.persistence_timeout)
		s.flags |= IP_VS_SVC_F_PERSISTENT;
	s.timeout = vs.persistence_timeout;
	s.netmask = vs.persistence_granularity;
	if (key.af == AF_INET6 && s.netmask == UINT32_MAX)
		s.netmask = 128;
	return s;
}

ipvs::ServiceKey address_key(uint16_t protocol, const net::Addr &addr, uint16_t port)
{
	return {addr.af, protocol, addr, port, 0};
}

ipvs::ServiceKey fwmark_key(uint16_t af, uint32_t mark)
{
	return {af, 0, net::Addr{af, {}}, 0, mark};
}

void add_virtual_server(Table &t, const config::Config &cfg, size_t vi, const HealthView &health,
			const QuorumView &quorum)
{
	const config::VirtualServer &vs = cfg.virtual_servers[vi];
	std::vector<ipvs::Dest> ds = dests(cfg, vi, health, quorum, t);
	std::vector<ipvs::LocalAddr> las = laddrs(cfg, vs);
	for (const auto &key : service_keys(cfg, vs)) {
		Entry e;
		e.service = service(vs, key);
		e.dests.reserve(ds.size());
		for (const auto &d : ds)
			e.dests.push_back(at(d, key));
		for (const auto &la : las)
			if (la.addr.af == key.af)
				e.laddrs.push_back(la);
		e.drain = peek(vs.rare).tcp_draining_timeout;
		t.entries.push_back(std::move(e));
	}
}

// lvs_sync_daemon: without a VRRP instance, keepalived runs both sides;
// one tied to an instance follows its state, which the VRRP process does
// (vrrp/daemon.cpp).
void sync_daemons(const config::GlobalDefs &g, Table &t)
{
	if (!g.lvs_sync_daemon)
		return;
	const config::LvsSyncDaemon &s = *g.lvs_sync_daemon;
	if (!s.vrrp_instance.empty())
		return;
	for (uint32_t state : {IP_VS_STATE_MASTER, IP_VS_STATE_BACKUP}) {
		ipvs::Daemon d;
		d.state = state;
		d.mcast_ifn = s.interface;
		d.syncid = s.syncid == config::kNoCount ? 0 : s.syncid;
		d.sync_maxlen = static_cast<uint16_t>(s.maxlen);
		d.mcast_group = s.group.af ? s.group : net::Addr{0, {}};
		d.mcast_port = static_cast<uint16_t>(s.port);
		d.mcast_ttl = static_cast<uint8_t>(s.ttl);
		t.daemons.push_back(d);
	}
}

} // namespace

std::vector<ipvs::ServiceKey> service_keys(const config::Config &cfg, const config::VirtualServer &vs)
{
	switch (vs.kind) {
	case config::VsKind::address:
		return {address_key(vs.protocol, vs.addr.addr, vs.addr.port)};
	case config::VsKind::fwmark:
		return {fwmark_key(vs.af ? vs.af : uint16_t(AF_INET), vs.fwmark)};
	case config::VsKind::group:
		break;
	}
	std::vector<ipvs::ServiceKey> out;
	uint16_t family = vs.af ? vs.af : vs.real_servers.empty() ? AF_INET : vs.real_servers[0].addr.addr.af;
	for (const auto &g : cfg.virtual_server_groups) {
		if (g.name != vs.group)
			continue;
		for (const auto &e : g.entries) {
			if (e.kind == config::VsgEntryKind::fwmark) {
				out.push_back(fwmark_key(e.fwmark_af ? e.fwmark_af : family, e.fwmark));
				continue;
			}
			for (net::Addr x = e.first;; x = net::successor(x)) {
				out.push_back(address_key(vs.protocol, x, e.port));
				if (x == e.last)
					break;
			}
		}
	}
	return out;
}

Table desired(const config::Config &cfg, const HealthView &health, const QuorumView &quorum)
{
	Table t;
	t.entries.reserve(cfg.virtual_servers.size());
	for (size_t i = 0; i < cfg.virtual_servers.size(); ++i)
		add_virtual_server(t, cfg, i, health, quorum);
	const config::LvsTimeouts &lt = cfg.global.lvs_timeouts;
	t.timeouts = {lt.tcp, lt.tcpfin, lt.udp};
	sync_daemons(cfg.global, t);
	return t;
}

Table desired_for(const config::Config &cfg, const std::vector<size_t> &vs, const HealthView &health,
		  const QuorumView &quorum)
{
	Table t;
	for (size_t i : vs)
		add_virtual_server(t, cfg, i, health, quorum);
	return t;
}

} // namespace lvs::table
