// The daemon's one event loop: epoll for file descriptors, a hashed timer
// wheel for timeouts (tens of thousands of health-check timers cost one
// slot visit each per revolution, not a heap operation), signalfd for
// signals and SIGCHLD-driven reaping for child processes. Single-threaded:
// every callback runs on the thread that called run(), one at a time, and
// may add or cancel timers, watches and child handlers, itself included.
#pragma once

#include "core/sys/fd.hpp"

#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace lvs::event {

using Clock = std::chrono::steady_clock;

class Loop {
public:
	using TimerId = std::uint64_t; // 0 is never a live timer
	using Task = std::function<void()>;
	using FdHandler = std::function<void(std::uint32_t events)>;
	using ExitHandler = std::function<void(int wait_status)>;

	// Timer resolution and wheel size: 1 ms ticks, 4.096 s per revolution.
	static constexpr auto kTick = std::chrono::milliseconds(1);
	static constexpr std::size_t kSlots = 4096;

	Loop();
	Loop(const Loop &) = delete;
	Loop &operator=(const Loop &) = delete;
	~Loop();

	// Now, as of the last wake-up (cheap; timers are relative to it).
	Clock::time_point now() const { return now_; }

	// Runs fn once, no earlier than d from now().
	TimerId after(Clock::duration d, Task fn);
	// Forgets a timer that has not fired; ignores ids that have.
	void cancel(TimerId id);

	// Calls fn with the ready EPOLL* bits while fd is watched. The caller
	// keeps owning fd and must unwatch it before closing it.
	void watch(int fd, std::uint32_t events, FdHandler fn);
	void modify(int fd, std::uint32_t events);
	void unwatch(int fd);

	// Delivers sig through the loop instead of a handler (blocks it for
	// the thread). One handler per signal; a second call replaces it.
	// A forked child inherits the blocked mask: unblock before exec.
	void on_signal(int sig, Task fn);
	// Calls fn once with the wait status when child pid exits; ask right
	// after fork(), before the loop runs again. Children nobody asked
	// about are reaped silently.
	void on_exit(pid_t pid, ExitHandler fn);

	// Dispatches until stop() (from a callback, or a signal handler task).
	void run();
	// One round: waits at most `wait` for something to happen, dispatches
	// what did. Tests drive the loop with it.
	void run_once(Clock::duration wait);
	void stop() { stopping_ = true; }

private:
	struct Timer {
		std::uint64_t due_tick = 0;
		std::uint32_t gen = 0;
		bool live = false;
		Task fn;
	};
	struct Watch {
		std::uint32_t gen;
		std::shared_ptr<FdHandler> fn;
	};

	std::uint64_t tick_of(Clock::time_point t) const;
	void fire_timers();
	int wait_ms(Clock::duration cap) const;
	void read_signals();
	void reap();
	void update_signal_mask();

	sys::Fd epoll_;
	sys::Fd signal_fd_;
	Clock::time_point origin_;
	Clock::time_point now_;
	bool stopping_ = false;

	std::vector<Timer> timers_;
	std::vector<std::uint32_t> free_timers_;
	std::array<std::vector<TimerId>, kSlots> wheel_;
	std::uint64_t done_tick_ = 0; // every slot up to this tick has fired
	std::size_t pending_ = 0;     // live timers

	std::uint32_t watch_gen_ = 0;
	std::unordered_map<int, Watch> watches_;
	std::unordered_map<int, std::shared_ptr<Task>> signals_;
	std::unordered_map<pid_t, ExitHandler> children_;
};

} // namespace lvs::event
