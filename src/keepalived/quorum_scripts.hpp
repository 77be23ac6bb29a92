// quorum_up / quorum_down (R-KA-QUORUM) on the engine's script runner:
// asynchronous and bounded, so a check never waits for a script and
// 35,000 virtual servers gaining quorum at once only queue (the guide saw
// keepalived stall there). A virtual server's scripts run one at a time,
// in order: an `ip addr add` in quorum_up still running when quorum is
// lost is followed by quorum_down, not raced by it (the guide's reason
// not to set quorum_down); of transitions that wait behind a running
// script only the last one runs, since only the last state matters.
#pragma once

#include "core/config/model.hpp"
#include "core/event/loop.hpp"
#include "core/lvs/health.hpp"
#include "core/script/runner.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lvs::keepalived {

class QuorumScripts {
public:
	explicit QuorumScripts(script::Runner &scripts) : scripts_(scripts) {}

	// Takes the scripts of a (new) config; a removed virtual server's
	// script that runs is left to finish.
	void sync(const config::Config &cfg);
	// One virtual server of the config edited (a JSON-RPC call): vs is
	// its new definition, or null when it is gone; the others are not
	// visited. A running script of it is left to finish.
	void edit(const config::Config &cfg, const table::VsId &id, const config::VirtualServer *vs);
	// Quorum gained (up) or lost: its script, if the config has one.
	void run(const table::VsId &vs, bool up);
	// keepalived stops: scripts running or waiting are killed or dropped,
	// nothing else starts, and quorum_down runs for `down` (omega), each
	// within a second as keepalived allows; `done` is called once they
	// have all ended.
	void stop(const std::unordered_set<table::VsId, table::VsIdHash> &down, std::function<void()> done);

private:
	struct Notify {
		std::string command; // empty: none
		script::RunAs who;
	};
	struct Slot {
		Notify up, down;
		script::Runner::JobId job = 0;  // queued or running
		std::optional<bool> next;       // waits for job to end
	};

	// run_as() reads the user database: once per user, not per script.
	using Users = std::map<std::pair<std::string, std::string>, script::RunAs>;
	static Notify notify(const std::optional<config::Script> &s, const config::GlobalDefs &g, Users &users);
	void start(const table::VsId &vs, Slot &slot, bool up);
	void ended(const table::VsId &vs);

	script::Runner &scripts_;
	std::unordered_map<table::VsId, Slot, table::VsIdHash> slots_;
	std::size_t jobs_ = 0; // slots with a job
	// As for notify scripts: one that hangs must not hold a runner slot
	// (and its virtual server's next script) for ever.
	event::Clock::duration timeout_ = std::chrono::seconds(60);
	bool stopped_ = false;
	std::function<void()> on_stopped_; // set while stop() waits
};

} // namespace lvs::keepalived
