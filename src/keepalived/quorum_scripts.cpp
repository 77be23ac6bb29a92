#include "keepalived/quorum_scripts.hpp"

#include <chrono>
#include <utility>

namespace lvs::keepalived {

namespace {

// keepalived gives quorum_down at stop one second.
constexpr auto kStopTimeout = std::chrono::seconds(1);

} // namespace

QuorumScripts::Notify QuorumScripts::notify(const std::optional<config::Script> &s, const config::GlobalDefs &g,
					     Users &users)
{
	if (!s)
		return {};
	auto [it, fresh] = users.try_emplace({s->user, s->group});
	if (fresh)
		it->second = script::run_as(*s, g);
	return {s->command, it->second};
}

void QuorumScripts::sync(const config::Config &cfg)
{
	Users users;
	std::unordered_map<table::VsId, Slot, table::VsIdHash> next;
	for (const auto &vs : cfg.virtual_servers) {
		const config::VirtualServerRare &rare = peek(vs.rare);
		if (!rare.quorum_up && !rare.quorum_down)
			continue;
		table::VsId id = table::vs_id(vs);
		Slot slot;
		if (auto it = slots_.find(id); it != slots_.end())
			slot = std::move(it->second);
		slot.up = notify(rare.quorum_up, cfg.global, users);
		slot.down = notify(rare.quorum_down, cfg.global, users);
		next.emplace(std::move(id), std::move(slot));
	}
	slots_ = std::move(next);
}

void QuorumScripts::edit(const config::Config &cfg, const table::VsId &id, const config::VirtualServer *vs)
{
	static const config::VirtualServerRare gone;
	const config::VirtualServerRare &rare = vs ? peek(vs->rare) : gone;
	if (!rare.quorum_up && !rare.quorum_down) {
		slots_.erase(id);
		return;
	}
	Users users;
	Slot &slot = slots_[id];
	slot.up = notify(rare.quorum_up, cfg.global, users);
	slot.down = notify(rare.quorum_down, cfg.global, users);
}

void QuorumScripts::run(const table::VsId &vs, bool up)
{
	auto it = slots_.find(vs);
	if (it == slots_.end() || stopped_)
		return;
	if (it->second.job)
		it->second.next = up;
	else
		start(vs, it->second, up);
}

void QuorumScripts::start(const table::VsId &vs, Slot &slot, bool up)
{
	const Notify &n = up ? slot.up : slot.down;
	if (n.command.empty())
		return;
	slot.job = scripts_.run(n.command, n.who, timeout_, [this, vs](const script::Exit &) { ended(vs); });
	++jobs_;
}

void QuorumScripts::ended(const table::VsId &vs)
{
	--jobs_;
	auto it = slots_.find(vs);
	if (it != slots_.end()) {
		Slot &slot = it->second;
		slot.job = 0;
		if (auto next = std::exchange(slot.next, std::nullopt))
			start(vs, slot, *next);
	}
	if (on_stopped_ && !jobs_)
		std::exchange(on_stopped_, nullptr)();
}

void QuorumScripts::stop(const std::unordered_set<table::VsId, table::VsIdHash> &down, std::function<void()> done)
{
	stopped_ = true;
	timeout_ = kStopTimeout;
	for (auto &[id, slot] : slots_) {
		slot.next.reset();
		if (slot.job) {
			scripts_.cancel(std::exchange(slot.job, 0));
			--jobs_;
		}
		if (down.contains(id))
			start(id, slot, false);
	}
	if (jobs_)
		on_stopped_ = std::move(done);
	else
		done();
}

} // namespace lvs::keepalived
