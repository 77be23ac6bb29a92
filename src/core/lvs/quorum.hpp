// Quorum (R-KA-QUORUM): whether a virtual server has enough live weight to
// serve, as keepalived 2.2.7 judges it (ipwrapper.c). The sum of the
// weights of its live real servers gains quorum at quorum + hysteresis
// and loses it when it falls below quorum - hysteresis (or to 0), so a
// sum between the two keeps the state it had. While quorum is down the
// sorry server replaces the real servers (desired.cpp).
//
// Quorums keeps each virtual server's state across health changes and
// reloads and says which virtual servers crossed, so the daemon can run
// quorum_up/quorum_down; it is pure: no scripts, no kernel.
#pragma once

#include "core/config/model.hpp"
#include "core/lvs/health.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace lvs::table {

// The sum of the weights of the real servers that are up of virtual
// server `vs` (an index into cfg).
uint64_t live_weight(const config::Config &cfg, size_t vs, const HealthView &health);

// The state after `before` (nullopt: a virtual server just loaded, which
// starts down) given the live weight. A virtual server without real
// servers has quorum unless alpha holds it down (the EulerOS guide §3.2:
// quorum_up gives such a one its VIP without alpha or with checker_off).
bool quorum_after(const config::VirtualServer &vs, std::optional<bool> before, uint64_t live);

// Whether virtual server `vs` (an index into the config being planned)
// has quorum now.
using QuorumView = std::function<bool(size_t vs)>;

struct QuorumChange {
	size_t vs = 0; // index in the config's virtual_servers
	bool up = false;
	uint64_t live = 0;
	bool crossed = false; // the state changed; else a load's up again
};

class Quorums {
public:
	// A new config (at start and at every reload): states of kept virtual
	// servers carry over, new ones start down. Beside every crossing, a
	// virtual server that has quorum and no alpha gets an up change at
	// each load even if it had quorum before, as keepalived runs
	// quorum_up at every start and config load.
	std::vector<QuorumChange> load(const config::Config &cfg, const HealthView &health);
	// Health changed for real servers of the virtual servers at
	// `touched` (indexes into the config's virtual_servers): their
	// crossings since they were last judged.
	std::vector<QuorumChange> update(const config::Config &cfg, const HealthView &health,
					 const std::vector<size_t> &touched);

	// Virtual server `vs` of the config last loaded edited: an appended or
	// replaced one is judged as load() judges it (a replaced one keeps its
	// state while its identity is the same).
	std::vector<QuorumChange> edit(const config::Config &cfg, const HealthView &health, size_t vs, Edit e);

	// Of virtual server `vs`, an index into the config last loaded.
	bool up(size_t vs) const { return vs < up_.size() && up_[vs]; }

private:
	// Judges virtual server i against its state `before` (none: just
	// loaded) into `out`; gives its new state.
	static bool judge(const config::Config &cfg, size_t i, std::optional<bool> before, const HealthView &health,
			  bool load, std::vector<QuorumChange> &out);

	// By position in the config last loaded.
	std::vector<VsId> ids_;
	std::vector<char> up_;
};

} // namespace lvs::table
