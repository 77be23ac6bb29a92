#include "core/lvs/quorum.hpp"

#include "core/lvs/follow.hpp"

namespace lvs::table {

uint64_t live_weight(const config::Config &cfg, size_t vs, const HealthView &health)
{
	uint64_t sum = 0;
	for (size_t rs = 0; rs < cfg.virtual_servers[vs].real_servers.size(); ++rs) {
		RsHealth h = health_of(health, cfg, vs, rs);
		sum += h.up ? h.weight : 0;
	}
	return sum;
}

bool quorum_after(const config::VirtualServer &vs, std::optional<bool> before, uint64_t live)
{
	if (vs.real_servers.empty())
		return !vs.alpha || vs.checker_off;
	// Signed: quorum - hysteresis may be below 0 (never lost but at 0).
	int64_t quorum = vs.quorum, hysteresis = vs.hysteresis, sum = static_cast<int64_t>(live);
	if (!before.value_or(false))
		return sum >= quorum + hysteresis;
	return sum != 0 && sum >= quorum - hysteresis;
}

std::vector<QuorumChange> Quorums::load(const config::Config &cfg, const HealthView &health)
{
	std::vector<QuorumChange> out;
	size_t n = cfg.virtual_servers.size();
	std::vector<VsId> ids;
	std::vector<char> up(n);
	ids.reserve(n);
	Follow<VsId, VsIdHash> old(ids_);
	for (size_t i = 0; i < n; ++i) {
		ids.push_back(vs_id(cfg.virtual_servers[i]));
		std::optional<bool> before;
		if (auto j = old.find(ids.back()))
			before = up_[*j] != 0;
		up[i] = judge(cfg, i, before, health, true, out);
	}
	ids_ = std::move(ids);
	up_ = std::move(up);
	return out;
}

std::vector<QuorumChange> Quorums::update(const config::Config &cfg, const HealthView &health,
					  const std::vector<size_t> &touched)
{
	std::vector<QuorumChange> out;
	for (size_t i : touched) {
		bool before = up_.at(i) != 0;
		up_[i] = judge(cfg, i, before, health, false, out);
	}
	return out;
}

std::vector<QuorumChange> Quorums::edit(const config::Config &cfg, const HealthView &health, size_t vs, Edit e)
{
	std::vector<QuorumChange> out;
	if (e == Edit::erase) {
		ids_.erase(ids_.begin() + vs);
		up_.erase(up_.begin() + vs);
		return out;
	}
	VsId id = vs_id(cfg.virtual_servers[vs]);
	std::optional<bool> before;
	if (e == Edit::append) {
		ids_.push_back(id);
		up_.push_back(0);
	} else if (ids_[vs] == id) {
		before = up_[vs] != 0;
	} else {
		ids_[vs] = id;
	}
	up_[vs] = judge(cfg, vs, before, health, true, out);
	return out;
}

bool Quorums::judge(const config::Config &cfg, size_t i, std::optional<bool> before, const HealthView &health,
		    bool load, std::vector<QuorumChange> &out)
{
	const config::VirtualServer &vs = cfg.virtual_servers[i];
	uint64_t live = live_weight(cfg, i, health);
	bool now = quorum_after(vs, before, live);
	bool crossed = now != before.value_or(false);
	if (crossed || (load && now && !vs.alpha))
		out.push_back({i, now, live, crossed});
	return now;
}

} // namespace lvs::table
