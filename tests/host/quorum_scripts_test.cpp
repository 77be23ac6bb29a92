// quorum_up/quorum_down on the script runner: a virtual server's scripts
// run one at a time and only the last waiting transition runs; at stop the
// others are killed and omega's quorum_down runs, the caller told when it
// has ended.
#include "check_helpers.hpp"
#include "keepalived/quorum_scripts.hpp"

using namespace checktest;
using lvs::keepalived::QuorumScripts;
using lvs::table::vs_id;

namespace {

// quorum_up appends "up" to `log` after `up_sleep`, quorum_down "down".
std::string quorum_service(const std::string &vip, const std::string &log, const std::string &up_sleep)
{
	return "virtual_server " + vip + " 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n quorum_up \"sleep " +
	       up_sleep + "; echo up >>" + log + "\"\n quorum_down \"echo down >>" + log +
	       "\"\n real_server 127.0.0.1 8080 {\n }\n}\n";
}

} // namespace

TEST_CASE("quorum scripts: one at a time per virtual server, the last waiting transition only")
{
	Loop loop;
	TempDir dir;
	auto cfg = load(quorum_service("10.0.100.1", dir.path + "/log", "0.3"));
	lvs::script::Runner scripts(loop);
	QuorumScripts q(scripts);
	q.sync(cfg);
	auto id = vs_id(cfg.virtual_servers[0]);
	q.run(id, true);
	q.run(id, false);
	q.run(id, true);
	q.run(id, false);
	// Until the runner is idle: then nothing else can start.
	REQUIRE(spin(loop, [&] { return scripts.running() == 0 && scripts.queued() == 0; }));
	CHECK(dir.read("log") == "up\ndown\n");
}

TEST_CASE("quorum scripts: at stop others are killed, omega's quorum_down runs, then done")
{
	Loop loop;
	TempDir dir;
	auto cfg = load(quorum_service("10.0.100.1", dir.path + "/a", "0") +
			quorum_service("10.0.100.2", dir.path + "/b", "30"));
	lvs::script::Runner scripts(loop);
	QuorumScripts q(scripts);
	q.sync(cfg);
	auto a = vs_id(cfg.virtual_servers[0]), b = vs_id(cfg.virtual_servers[1]);
	q.run(a, true);
	q.run(b, true); // sleeps 30 s: killed at stop
	REQUIRE(spin(loop, [&] { return dir.read("a") == "up\n"; }));
	bool done = false;
	auto t0 = Clock::now();
	q.stop({a}, [&] { done = true; });
	REQUIRE(spin(loop, [&] { return done; }));
	CHECK(Clock::now() - t0 < 2s);
	CHECK(dir.read("a") == "up\ndown\n");
	CHECK(dir.read("b").empty());
	q.run(a, true); // nothing starts after stop
	CHECK(scripts.running() == 0);
	CHECK(scripts.queued() == 0);
}
