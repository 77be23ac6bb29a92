// The health-check engine: every checker of a config, run on the daemon's
// one event loop (no thread per check), and the health of each real server
// that follows from them.
//
// A real server is up when all its checkers are up (keepalived counts
// failed checkers; alive means none), with no checkers it is always up,
// and its weight is the configured one plus what its checkers add
// (misc_dynamic sets a weight, FILE_CHECK adds to it), from 0 to 2^31-1;
// and under checker_off (R-HC-OFF) every real server is up and nothing is
// checked. A checker with alpha starts down until it passes; without,
// it starts up. Under checker_merge (R-HC-MERGE) the identical TCP_CHECKs
// of real servers with the same address, across the virtual servers that
// set it, are one check whose result goes to each of them.
// inhibit_on_failure is the caller's business: the engine says down.
//
// sync() takes a whole (new) config: checks of new real servers start,
// those of removed ones stop, and a check whose real server and settings
// are unchanged carries on with its state (no flap, no alpha again on a
// reload); changing a checker's settings restarts that check only.
#pragma once

#include "core/check/check.hpp"
#include "core/check/pinger.hpp"
#include "core/check/tls.hpp"
#include "core/config/model.hpp"
#include "core/event/loop.hpp"
#include "core/lvs/health.hpp"
#include "core/script/runner.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lvs::check {

// Real servers are named as the table code names them; their health is
// what the table takes.
using table::RsHealth;
using table::Edit;
using table::RsId;

class Engine {
public:
	explicit Engine(event::Loop &loop);
	Engine(const Engine &) = delete;
	Engine &operator=(const Engine &) = delete;

	void sync(const config::Config &cfg);

	// The config last synced with virtual server `vs` edited (health.hpp's
	// Edit). Only that virtual server's checks are
	// visited, as sync() would treat them; under checker_merge, whose
	// checks span virtual servers, it is a sync() of the whole config.
	void edit(const config::Config &cfg, std::size_t vs, table::Edit e);

	// Called when a real server's health changes: by its checks, and by
	// sync() for a real server the previous config had too (a new one's
	// first health is what health() says after sync), with the index of
	// its virtual server in the config last synced. It runs inside the
	// engine's callbacks: it must not call sync().
	std::function<void(const RsId &, std::size_t vs, const RsHealth &)> on_change;
	// A line for the log: why a check went down, a track file's value
	// that is not a number.
	Log on_log;
	// A line only keepalived -D logs (a DNS_CHECK's read timeout).
	Log on_detail;

	// Nothing for a real server the config does not have.
	std::optional<RsHealth> health(const RsId &key) const;
	// The same, found by its position when `at` is of the config last
	// synced: a table of 100,000 real servers is planned without hashing.
	std::optional<RsHealth> health(const table::RsAt &at) const;

	// Checks running: one per checker, one per merged address.
	std::size_t checks() const { return checks_.size(); }

	// The script runner notify_up/notify_down and MISC_CHECK use; the
	// daemon's quorum scripts share its bound.
	script::Runner &scripts() { return scripts_; }

private:
	struct Notify {
		std::string command; // empty: none
		script::RunAs who;
	};
	// A check's identity (see sync()).
	struct CheckId {
		RsId rs;		// merged: the address alone
		std::uint32_t nth = 0;	// which of the real server's identical checkers
		std::string settings;	// fingerprint()
		friend bool operator==(const CheckId &, const CheckId &) = default;
	};
	struct CheckIdHash {
		std::size_t operator()(const CheckId &id) const;
	};
	struct Target;
	struct Running {
		const CheckId *id = nullptr; // its key in checks_
		std::uint64_t gen = 0;	     // the last sync() that had it
		std::unique_ptr<Check> check;
		std::vector<Target *> targets;
	};
	struct Target {
		const RsId *key = nullptr; // its key in targets_
		std::uint64_t gen = 0;	   // the last sync() that had it
		std::size_t vs = 0;	   // its virtual server's index in that config
		std::size_t pos = 0;	   // its place in order_
		std::vector<Running *> runs; // one per checker run, in the config's order
		std::vector<const Check *> checks; // those, each once
		std::uint32_t weight = 0; // configured
		Notify up, down;
		RsHealth health;
	};

	// What a sync() or an edit() gathers as it goes.
	struct Pass {
		std::unordered_map<CheckId, CheckId, CheckIdHash> merged_ids; // by merged_id() without settings
		std::vector<Running *> started;
		std::vector<std::pair<Target *, RsHealth>> moved;
	};

	// Virtual server vi's real servers and their checks, into `out`.
	void take(const config::Config &cfg, std::size_t vi, const std::vector<Target *> &last, std::size_t &next,
		  Pass &pass, std::vector<Target *> &out);
	// Starts the new checks and reports the health that moved.
	void finish(Pass &pass);
	static RsHealth judge(const Target &t);
	// The check checker_merge gives a real server.
	static CheckId merged_id(const config::RealServer &rs, std::string settings);
	// The target of `key`: the one the last sync() had at `next` if it
	// is that one (a reload mostly keeps the order, and then nothing is
	// hashed), else the map's; `fresh` when new.
	Target &place(RsId key, const std::vector<Target *> &last, std::size_t &next, bool &fresh);
	// The running check of `id`: the one `t` had as its `nth` before if
	// it is that one, else the map's (new ones into `started`).
	Running &run(CheckId id, const Target &t, std::size_t nth, Spec &spec, std::vector<Running *> &started);
	void changed(const Running &r);
	void report(Target &t, const RsHealth &h);

	script::Runner scripts_;
	Pinger pinger_;
	Tls tls_;
	RegexCache regexes_;
	event::FileWatch files_;
	Env env_;
	std::unordered_map<CheckId, Running, CheckIdHash> checks_;
	std::uint64_t gen_ = 0; // sync() calls
	std::unordered_map<RsId, Target, table::RsIdHash> targets_;
	// The real servers of the config last synced, in its order; those of
	// virtual server i start at first_[i].
	std::vector<Target *> order_;
	std::vector<std::size_t> first_;
	bool merging_ = false; // some virtual server merges its checks
};

} // namespace lvs::check
