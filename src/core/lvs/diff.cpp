#include "core/lvs/diff.hpp"

#include "core/lvs/hash.hpp"

#include <algorithm>
#include <unordered_map>

namespace lvs::table {

namespace {

// A destination's identity within its service.
struct DestKey {
	net::Addr addr;
	uint16_t port;

	friend bool operator==(const DestKey &, const DestKey &) = default;
};

struct DestKeyHash {
	size_t operator()(const DestKey &k) const { return hash_mix(hash_addr(0, k.addr), k.port); }
};

DestKey key_of(const ipvs::Dest &d)
{
	return {d.addr, d.port};
}

// What a request sets; the kernel's counters and HASHED are not ours.
bool same_service(const ipvs::Service &a, const ipvs::Service &b)
{
	return a.sched_name == b.sched_name && a.pe_name == b.pe_name &&
	       (a.flags & ~uint32_t(IP_VS_SVC_F_HASHED)) == (b.flags & ~uint32_t(IP_VS_SVC_F_HASHED)) &&
	       a.timeout == b.timeout && a.netmask == b.netmask;
}

bool same_dest(const ipvs::Dest &a, const ipvs::Dest &b)
{
	return a.conn_flags == b.conn_flags && a.weight == b.weight && a.u_threshold == b.u_threshold &&
	       a.l_threshold == b.l_threshold && a.tun_type == b.tun_type && a.tun_port == b.tun_port &&
	       a.tun_flags == b.tun_flags;
}

bool has_laddr(const std::vector<ipvs::LocalAddr> &pool, const ipvs::LocalAddr &la)
{
	return std::any_of(pool.begin(), pool.end(), [&](const auto &x) { return x.addr == la.addr; });
}

// Only what the wanted daemon sets counts: the kernel reports its own
// defaults for the rest (maxlen from the MTU, port 8848, ttl 1).
bool daemon_matches(const ipvs::Daemon &want, const ipvs::Daemon &have)
{
	return want.state == have.state && want.mcast_ifn == have.mcast_ifn && want.syncid == have.syncid &&
	       (!want.sync_maxlen || want.sync_maxlen == have.sync_maxlen) &&
	       (!want.mcast_group.af || want.mcast_group == have.mcast_group) &&
	       (!want.mcast_port || want.mcast_port == have.mcast_port) &&
	       (!want.mcast_ttl || want.mcast_ttl == have.mcast_ttl);
}

void globals(const Table &current, const Table &wanted, Plan &p)
{
	const ipvs::Timeouts &w = wanted.timeouts, &c = current.timeouts;
	if ((w.tcp && w.tcp != c.tcp) || (w.tcp_fin && w.tcp_fin != c.tcp_fin) || (w.udp && w.udp != c.udp)) {
		p.ops.push_back(ipvs::op::SetTimeouts{w});
	}
	for (const auto &have : current.daemons)
		if (std::none_of(wanted.daemons.begin(), wanted.daemons.end(),
				 [&](const auto &want) { return daemon_matches(want, have); }))
			p.ops.push_back(ipvs::op::DelDaemon{have});
	for (const auto &want : wanted.daemons)
		if (std::none_of(current.daemons.begin(), current.daemons.end(),
				 [&](const auto &have) { return daemon_matches(want, have); }))
			p.ops.push_back(ipvs::op::NewDaemon{want});
}

// Where a kernel service is in each table; kNone where it is not.
constexpr size_t kNone = SIZE_MAX;

struct Where {
	size_t want = kNone, have = kNone;
};

class Differ {
public:
	Differ(const Table &current, const Table &wanted, Plan &plan) : cur_(current), want_(wanted), plan_(plan)
	{
	}

	// Services that go are deleted first (with their destinations and
	// local addresses), then the wanted ones are added or updated in order.
	// A second entry for one kernel service is ignored: the first stands.
	void run()
	{
		where_.reserve(want_.entries.size());
		for (size_t j = 0; j < want_.entries.size(); j++)
			where_.try_emplace(want_.entries[j].service.key, Where{j, kNone});
		for (size_t i = 0; i < cur_.entries.size(); i++) {
			auto it = where_.find(cur_.entries[i].service.key);
			if (it == where_.end())
				plan_.ops.push_back(ipvs::op::DelService{cur_.entries[i].service.key});
			else if (it->second.have == kNone)
				it->second.have = i;
		}
		for (size_t j = 0; j < want_.entries.size(); j++) {
			const Where &w = where_.at(want_.entries[j].service.key);
			if (w.want != j)
				continue;
			if (w.have == kNone)
				add(want_.entries[j]);
			else
				update(cur_.entries[w.have], j);
		}
	}

private:
	void add(const Entry &w)
	{
		plan_.ops.push_back(ipvs::op::NewService{w.service});
		for (const auto &d : w.dests)
			plan_.ops.push_back(ipvs::op::NewDest{w.service.key, d});
		for (const auto &la : w.laddrs)
			plan_.ops.push_back(ipvs::op::NewLaddr{w.service.key, la.addr});
	}

	void update(const Entry &c, size_t j)
	{
		const Entry &w = want_.entries[j];
		if (!same_service(c.service, w.service))
			plan_.ops.push_back(ipvs::op::SetService{w.service});
		if (aligned(c.dests, w.dests)) {
			for (size_t k = 0; k < w.dests.size(); k++)
				change(c.dests[k], w.dests[k], w);
		} else {
			match(c, j);
		}
		for (const auto &la : c.laddrs)
			if (!has_laddr(w.laddrs, la))
				plan_.ops.push_back(ipvs::op::DelLaddr{w.service.key, la.addr});
		for (const auto &la : w.laddrs)
			if (!has_laddr(c.laddrs, la))
				plan_.ops.push_back(ipvs::op::NewLaddr{w.service.key, la.addr});
	}

	// Most services of a reload are as they were: the same destinations
	// in the same order, compared pairwise without a lookup.
	static bool aligned(const std::vector<ipvs::Dest> &a, const std::vector<ipvs::Dest> &b)
	{
		if (a.size() != b.size())
			return false;
		for (size_t k = 0; k < a.size(); k++)
			if (!(key_of(a[k]) == key_of(b[k])))
				return false;
		return true;
	}

	// The others: destinations matched by identity.
	void match(const Entry &c, size_t j)
	{
		const Entry &w = want_.entries[j];
		std::unordered_map<DestKey, size_t, DestKeyHash> have;
		have.reserve(c.dests.size());
		for (size_t k = 0; k < c.dests.size(); k++)
			have.emplace(key_of(c.dests[k]), k);
		std::vector<bool> kept(c.dests.size());
		for (const auto &d : w.dests) {
			auto it = have.find(key_of(d));
			if (it == have.end()) {
				plan_.ops.push_back(ipvs::op::NewDest{w.service.key, d});
				continue;
			}
			kept[it->second] = true;
			change(c.dests[it->second], d, w);
		}
		for (size_t k = 0; k < c.dests.size(); k++)
			if (!kept[k])
				leave(c.dests[k], w, j);
	}

	void change(const ipvs::Dest &have, const ipvs::Dest &want, const Entry &w)
	{
		if (!same_dest(have, want))
			plan_.ops.push_back(ipvs::op::SetDest{w.service.key, want});
	}

	// A destination the service no longer wants: drained, or deleted.
	void leave(const ipvs::Dest &d, const Entry &w, size_t j)
	{
		if (!w.drain) {
			plan_.ops.push_back(ipvs::op::DelDest{w.service.key, d.addr, d.port});
			return;
		}
		ipvs::Dest idle = d;
		idle.weight = 0;
		if (d.weight != 0)
			plan_.ops.push_back(ipvs::op::SetDest{w.service.key, idle});
		plan_.draining.push_back({j, idle, *w.drain});
	}

	const Table &cur_;
	const Table &want_;
	Plan &plan_;
	std::unordered_map<ipvs::ServiceKey, Where, ServiceKeyHash> where_;
};

} // namespace

size_t ServiceKeyHash::operator()(const ipvs::ServiceKey &k) const
{
	return hash_mix(hash_mix(hash_mix(hash_addr(k.af, k.addr), k.protocol), k.port), k.fwmark);
}

Plan diff(const Table &current, const Table &wanted)
{
	Plan p;
	globals(current, wanted, p);
	Differ(current, wanted, p).run();
	return p;
}

Table installed(Table wanted, const Plan &plan)
{
	for (const auto &d : plan.draining)
		wanted.entries[d.entry].dests.push_back(d.dest);
	return wanted;
}

} // namespace lvs::table
