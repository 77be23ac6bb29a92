// MISC_CHECK, notify_up/notify_down and the script runner, with real
// scripts: exit codes, misc_dynamic weights, timeouts that kill the whole
// process group, the exact number of attempts retry allows, and the bound
// on scripts running at once.
#include "check_helpers.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>

using namespace checktest;
using lvs::script::RunAs;
using lvs::script::Exit;
using lvs::script::Runner;

namespace {

std::string misc_rs(const std::string &path, const std::string &check = "", const std::string &rs = "")
{
	return " real_server 127.0.0.1 8080 {\n" + rs + "\n  MISC_CHECK {\n   misc_path \"" + path +
	       "\"\n   warmup 0\n" + check + "\n  }\n }\n";
}

std::size_t lines(const std::string &text)
{
	return std::size_t(std::count(text.begin(), text.end(), '\n'));
}

bool gone(pid_t pid)
{
	std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
	std::string word, state;
	return !(stat >> word >> word >> state) || state == "Z";
}

} // namespace

TEST_CASE("MISC_CHECK: exit 0 is up, any other exit is down")
{
	Loop loop;
	TempDir dir;
	auto ok = dir.write("ok.sh", "#!/bin/sh\nexit 0\n", true);
	auto bad = dir.write("bad.sh", "#!/bin/sh\nexit 3\n", true);
	auto cfg = load(service(misc_rs(ok, "", " alpha") + " real_server 127.0.0.2 8080 {\n  MISC_CHECK {\n   misc_path " + bad + "\n   warmup 0\n  }\n }\n"));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0, 0)) && is_down(engine, key(cfg, 0, 1)); }));
}

TEST_CASE("retry: exactly retry + 1 failed attempts before down, and none while down until delay_loop")
{
	Loop loop;
	TempDir dir;
	auto script = dir.write("fail.sh", "#!/bin/sh\necho x >> " + dir.path + "/runs\nexit 1\n", true);
	auto cfg = load(service(misc_rs(script, "retry 2\n delay_before_retry 0.05\n delay_loop 1")));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	CHECK(lines(dir.read("runs")) == 3);
	// Windows of non-events by the clock, each worth several retries
	// (delay_before_retry 0.05): none while down, ...
	run_for(loop, 400ms);
	CHECK(lines(dir.read("runs")) == 3);
	// ... then delay_loop's one more attempt, and no retries of it.
	REQUIRE(spin(loop, [&] { return lines(dir.read("runs")) >= 4; }));
	run_for(loop, 300ms);
	CHECK(lines(dir.read("runs")) == 4);
}

TEST_CASE("MISC_CHECK: a script still running at its timeout is killed with its children")
{
	Loop loop;
	TempDir dir;
	auto script = dir.write("hang.sh", "#!/bin/sh\nsleep 30 &\necho $! > " + dir.path + "/child\nwait\n", true);
	auto cfg = load(service(misc_rs(script, "delay_loop 1")));
	Engine engine(loop);
	auto start = Clock::now();
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return !dir.read("child").empty(); }));
	pid_t child = std::atoi(dir.read("child").c_str());
	REQUIRE(child > 0);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	CHECK(Clock::now() - start >= 1s);
	CHECK(spin(loop, [&] { return gone(child); }, 3s));
}

TEST_CASE("misc_dynamic: exit 2..255 sets weight exit - 2, exit 0 the configured weight, exit 1 down")
{
	Loop loop;
	TempDir dir;
	dir.write("code", "12");
	auto script = dir.write("dyn.sh", "#!/bin/sh\nexit $(cat " + dir.path + "/code)\n", true);
	auto cfg = load(service(misc_rs(script, "misc_dynamic\n delay_loop 0.05", " weight 5")));
	Engine engine(loop);
	engine.sync(cfg);
	auto k = key(cfg);
	auto weight_is = [&](bool up, uint32_t w) { return spin(loop, [&] { return engine.health(k) == RsHealth{up, w}; }); };
	CHECK(weight_is(true, 10));
	dir.write("code", "2");
	CHECK(weight_is(true, 0));
	dir.write("code", "255");
	CHECK(weight_is(true, 253));
	dir.write("code", "0");
	CHECK(weight_is(true, 5));
	dir.write("code", "1");
	CHECK(spin(loop, [&] { return is_down(engine, k); }));
}

TEST_CASE("notify_up and notify_down run when the real server changes, not at start")
{
	Loop loop;
	TempDir dir;
	dir.write("code", "0");
	auto script = dir.write("check.sh", "#!/bin/sh\necho x >> " + dir.path + "/runs\nexit $(cat " + dir.path + "/code)\n", true);
	auto notify = dir.write("notify.sh", "#!/bin/sh\necho $1 >> " + dir.path + "/notes\n", true);
	auto rs = " notify_up \"" + notify + " up\"\n notify_down \"" + notify + " down\"";
	// misc_timeout: not delay_loop's 50 ms, which a loaded machine's fork
	// and exec can overrun (a down and up that would be right to notify).
	auto cfg = load(service(misc_rs(script, "delay_loop 0.05\n misc_timeout 5", rs)));
	Engine engine(loop);
	engine.sync(cfg);
	// The window: three passes, each of which could have notified.
	REQUIRE(spin(loop, [&] { return lines(dir.read("runs")) >= 3; }));
	CHECK_MESSAGE(dir.read("notes").empty(), dir.read("notes"));
	dir.write("code", "1");
	REQUIRE(spin(loop, [&] { return dir.read("notes") == "down\n"; }));
	dir.write("code", "0");
	REQUIRE(spin(loop, [&] { return dir.read("notes") == "down\nup\n"; }));
}

TEST_CASE("scripts: at most max_running at once, the rest wait their turn")
{
	Loop loop;
	Runner scripts(loop, 2);
	int finished = 0;
	for (int i = 0; i < 4; i++)
		scripts.run("sleep 0.1", RunAs{}, 0s, [&](const Exit &e) {
			CHECK(WIFEXITED(e.wait_status));
			finished++;
		});
	CHECK(scripts.running() == 2);
	CHECK(scripts.queued() == 2);
	REQUIRE(spin(loop, [&] { return finished == 4; }));
	CHECK(scripts.running() == 0);
}

TEST_CASE("scripts: a storm of short scripts does not starve the loop's timers")
{
	// The guide's 35,000 quorum_up scripts: each exit starts the next
	// queued one, and the loop must still fire its timers (the checks)
	// between exits, not reap and start scripts until the queue is dry.
	Loop loop;
	Runner scripts(loop, 16);
	constexpr int kScripts = 5000;
	int finished = 0;
	for (int i = 0; i < kScripts; i++)
		scripts.run("exit 0", RunAs{}, 0s, [&](const Exit &) { finished++; });
	// Counted in scripts, not milliseconds: a loaded machine slows the
	// ticks and the scripts alike, while a starved timer lets the whole
	// queue through between two ticks.
	int ticks = 0, during = 0, at_last_tick = 0, most_between = 0;
	std::function<void()> tick = [&] {
		most_between = std::max(most_between, finished - at_last_tick);
		at_last_tick = finished;
		ticks++;
		if (finished < kScripts)
			during++;
		loop.after(10ms, tick);
	};
	loop.after(10ms, tick);
	REQUIRE(spin(loop, [&] { return finished == kScripts; }, 60s));
	most_between = std::max(most_between, finished - at_last_tick);
	INFO("ticks " << ticks << ", during the storm " << during << ", most scripts between two ticks " << most_between);
	CHECK(during >= 5);
	CHECK(most_between <= kScripts / 10);
}

// Switching users needs root: this runs in ctest's host.root.
TEST_CASE("scripts: run as the user asked, with no signal blocked" * doctest::test_suite("root"))
{
	Loop loop;
	TempDir dir;
	::chmod(dir.path.c_str(), 0777);
	bool done = false;
	Runner scripts(loop);
	scripts.run("id -u > " + dir.path + "/uid; grep SigBlk /proc/self/status > " + dir.path + "/mask",
		    RunAs{65534, 65534}, 5s, [&](const Exit &) { done = true; });
	REQUIRE(spin(loop, [&] { return done; }));
	CHECK(dir.read("uid") == "65534\n");
	CHECK(dir.read("mask") == "SigBlk:\t0000000000000000\n");
}

TEST_CASE("scripts: cancel kills a running script's group and never calls back")
{
	Loop loop;
	TempDir dir;
	Runner scripts(loop);
	bool called = false;
	auto id = scripts.run("sleep 30 & echo $! > " + dir.path + "/child; wait", RunAs{}, 0s,
			      [&](const Exit &) { called = true; });
	REQUIRE(spin(loop, [&] { return !dir.read("child").empty(); }));
	scripts.cancel(id);
	pid_t child = std::atoi(dir.read("child").c_str());
	CHECK(spin(loop, [&] { return gone(child) && scripts.running() == 0; }));
	CHECK_FALSE(called);
}
