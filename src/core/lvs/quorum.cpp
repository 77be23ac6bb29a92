#include "core/lvs/quorum.hpp"

namespace lvs::table {

uint64_t live_weight(const config::VirtualServer &vs, const HealthView &health)
{
	uint64_t sum = 0;
	for (const auto &rs : vs.real_servers) {
		RsHealth h = health_of(health, vs, rs);
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
	std::unordered_map<VsId, bool, VsIdHash> next;
	next.reserve(cfg.virtual_servers.size());
	for (size_t i = 0; i < cfg.virtual_servers.size(); ++i) {
		VsId id = vs_id(cfg.virtual_servers[i]);
		auto it = state_.find(id);
		std::optional<bool> before;
		if (it != state_.end())
			before = it->second;
		next.emplace(std::move(id), judge(cfg, i, before, health, true, out));
	}
	state_ = std::move(next);
	return out;
}

std::vector<QuorumChange> Quorums::update(const config::Config &cfg, const HealthView &health,
					  const std::vector<size_t> &touched)
{
	std::vector<QuorumChange> out;
	for (size_t i : touched) {
		auto [it, fresh] = state_.try_emplace(vs_id(cfg.virtual_servers[i]), false);
		it->second = judge(cfg, i, fresh ? std::nullopt : std::optional<bool>(it->second), health, false, out);
	}
	return out;
}

bool Quorums::up(const VsId &id) const
{
	auto it = state_.find(id);
	return it != state_.end() && it->second;
}

bool Quorums::judge(const config::Config &cfg, size_t i, std::optional<bool> before, const HealthView &health,
		    bool load, std::vector<QuorumChange> &out)
{
	const config::VirtualServer &vs = cfg.virtual_servers[i];
	uint64_t live = live_weight(vs, health);
	bool now = quorum_after(vs, before, live);
	if (now != before.value_or(false) || (load && now && !vs.alpha))
		out.push_back({i, now, live});
	return now;
}

} // namespace lvs::table
