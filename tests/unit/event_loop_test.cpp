#include "core/event/loop.hpp"

#include <doctest/doctest.h>

#include <thread>

#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <string>
#include <vector>

using lvs::event::Clock;
using lvs::event::Loop;
using namespace std::chrono_literals;

namespace {

// Runs the loop until pred holds or `limit` passes; returns pred().
template <class Pred> bool spin(Loop &loop, Pred pred, Clock::duration limit = 2s)
{
	auto end = Clock::now() + limit;
	while (!pred() && Clock::now() < end)
		loop.run_once(10ms);
	return pred();
}

} // namespace

TEST_CASE("timers fire in due order, not early, and cancelled ones never")
{
	Loop loop;
	std::vector<int> fired;
	auto start = Clock::now();
	Clock::time_point at30{};
	loop.after(30ms, [&] { fired.push_back(30); at30 = Clock::now(); });
	loop.after(10ms, [&] { fired.push_back(10); });
	auto gone = loop.after(20ms, [&] { fired.push_back(20); });
	loop.after(0ms, [&] { fired.push_back(0); });
	loop.cancel(gone);
	loop.cancel(gone); // twice is harmless
	REQUIRE(spin(loop, [&] { return fired.size() == 3; }));
	CHECK(fired == std::vector<int>{0, 10, 30});
	CHECK(at30 - start >= 30ms);
}

TEST_CASE("a timer can re-arm itself and cancel others from its callback")
{
	Loop loop;
	int ticks = 0;
	bool other = false;
	Loop::TimerId victim = loop.after(50ms, [&] { other = true; });
	std::function<void()> again = [&] {
		if (++ticks == 1)
			loop.cancel(victim);
		if (ticks < 5)
			loop.after(1ms, again);
	};
	loop.after(1ms, again);
	REQUIRE(spin(loop, [&] { return ticks == 5; }));
	spin(loop, [] { return false; }, 80ms);
	CHECK_FALSE(other);
}

TEST_CASE("a timer of no delay added from a callback fires at the next tick, not a wheel's turn later")
{
	// A check whose attempt fails at once (bind() to an address the host
	// lacks) reports through such a timer: it was lost for 4 s.
	Loop loop;
	int fired = 0;
	std::function<void()> chain = [&] {
		if (++fired < 20)
			loop.after(0ms, chain);
	};
	auto start = Clock::now();
	// Late, so the sweep that runs it covers several ticks at once.
	loop.after(2ms, chain);
	std::this_thread::sleep_for(5ms);
	REQUIRE(spin(loop, [&] { return fired == 20; }, 1s));
	CHECK(Clock::now() - start < 500ms);
}

TEST_CASE("a stale id does not cancel the timer that reused its slot")
{
	Loop loop;
	bool first = false, second = false;
	auto id = loop.after(0ms, [&] { first = true; });
	REQUIRE(spin(loop, [&] { return first; }));
	loop.after(5ms, [&] { second = true; });
	loop.cancel(id);
	CHECK(spin(loop, [&] { return second; }));
}

TEST_CASE("timers longer than one wheel revolution wait their rounds")
{
	Loop loop;
	bool long_fired = false, short_fired = false;
	auto start = Clock::now();
	Clock::time_point at{};
	loop.after(Loop::kTick * Loop::kSlots + 100ms, [&] { long_fired = true; at = Clock::now(); });
	// Shares the long timer's slot in the first revolution.
	loop.after(100ms, [&] { short_fired = true; });
	REQUIRE(spin(loop, [&] { return short_fired; }));
	CHECK_FALSE(long_fired);
	REQUIRE(spin(loop, [&] { return long_fired; }, 6s));
	CHECK(at - start >= Loop::kTick * Loop::kSlots + 100ms);
}

TEST_CASE("fd watches see readiness until unwatched")
{
	Loop loop;
	int p[2];
	REQUIRE(::pipe(p) == 0);
	std::string got;
	loop.watch(p[0], EPOLLIN, [&](std::uint32_t ev) {
		CHECK((ev & EPOLLIN) != 0);
		char buf[16];
		auto n = ::read(p[0], buf, sizeof buf);
		got.append(buf, size_t(n));
		if (got == "ab")
			loop.unwatch(p[0]);
	});
	REQUIRE(::write(p[1], "a", 1) == 1);
	REQUIRE(spin(loop, [&] { return got == "a"; }));
	REQUIRE(::write(p[1], "b", 1) == 1);
	REQUIRE(spin(loop, [&] { return got == "ab"; }));
	REQUIRE(::write(p[1], "c", 1) == 1);
	spin(loop, [] { return false; }, 30ms);
	CHECK(got == "ab");
	::close(p[0]);
	::close(p[1]);
}

TEST_CASE("signals and child exits arrive through the loop")
{
	Loop loop;
	int usr1 = 0;
	loop.on_signal(SIGUSR1, [&] { usr1++; });
	::kill(::getpid(), SIGUSR1);
	REQUIRE(spin(loop, [&] { return usr1 == 1; }));

	int status = -1;
	pid_t pid = ::fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		::_exit(3);
	loop.on_exit(pid, [&](int st) { status = st; });
	REQUIRE(spin(loop, [&] { return status != -1; }));
	CHECK(WIFEXITED(status));
	CHECK(WEXITSTATUS(status) == 3);
}

TEST_CASE("stop() ends run() from a callback")
{
	Loop loop;
	loop.after(5ms, [&] { loop.stop(); });
	loop.run();
	CHECK(true);
}
