// The state machine every checker type shares, keepalived's: attempts
// every delay_loop; a failure while up (or before the first verdict) is
// retried `retry` times, delay_before_retry apart, before the check goes
// down; a down check is not retried, only tried again every delay_loop;
// one success brings it up (SMTP_CHECK, as keepalived's, retries a down
// check too). The first attempt waits a random share of warmup, so
// thousands of checks do not start in one burst. A check with alpha
// starts down, without it starts up. A FILE_CHECK has none of this: its
// state is what its file says, from the start and at each change. A
// check that goes down logs why.
#pragma once

#include "core/check/probe.hpp"
#include "core/event/handles.hpp"

#include <cstdint>
#include <functional>
#include <optional>

namespace lvs::check {

class Check {
public:
	using Changed = std::function<void()>;

	Check(Env &env, Spec spec);
	Check(const Check &) = delete;
	Check &operator=(const Check &) = delete;

	const Spec &spec() const { return spec_; }
	bool up() const { return up_; }
	// What the last success said the weight should be (misc_dynamic).
	std::optional<std::uint32_t> weight() const { return weight_; }
	// What the last success adds to the weight (FILE_CHECK).
	std::int64_t weight_add() const { return weight_add_; }

	// Begins checking; changed runs whenever up() or weight() changes.
	void start(Changed changed);

private:
	void attempt();
	void finish(Result r);
	// Takes a verdict as it is: up or down, and what it does to the
	// weight; tells if that changed.
	void settle(Result r);
	void again(config::Micros after);

	Env &env_;
	Spec spec_;
	Changed changed_;
	bool up_;
	bool has_run_ = false;
	std::uint32_t retry_it_ = 0;
	std::optional<std::uint32_t> weight_;
	std::int64_t weight_add_ = 0;
	event::Timer timer_;
	AttemptPtr attempt_;
};

} // namespace lvs::check
