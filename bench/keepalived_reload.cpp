// Benchmark (user space, no kernel): a reload of a 50,000-service config
// with one real server's weight changed, as keepalived's checker process
// plans it: parse and validate the new config; carry the health checks
// and quorum states over to it; build the table it wants; diff it against
// the table installed from the old one. Prints each step's best time of
// five and the operations the diff sends.
//
//   cmake --build build --target keepalived_reload_bench
//   build/bench/keepalived_reload_bench [SERVICES]
#include "core/check/engine.hpp"
#include "core/config/load.hpp"
#include "core/event/loop.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/diff.hpp"
#include "core/lvs/quorum.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace lvs;
using Clock = std::chrono::steady_clock;

namespace {

// SERVICES virtual servers with two real servers each, the first with a
// TCP_CHECK; the second real server of service `changed` has weight 7
// instead of 1.
std::string config_text(size_t services, size_t changed)
{
	std::string s;
	for (size_t i = 0; i < services; i++) {
		char vip[32];
		std::snprintf(vip, sizeof vip, "10.%zu.%zu.%zu", 100 + i / 65536, i / 256 % 256, i % 256);
		s += std::string("virtual_server ") + vip + " 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n";
		s += " real_server 192.168.1." + std::to_string(1 + i % 250) +
		     " 8080 {\n weight 2\n TCP_CHECK {\n connect_timeout 3\n }\n }\n";
		s += " real_server 192.168.2." + std::to_string(1 + i % 250) + " 8080 {\n weight " +
		     (i == changed ? "7" : "1") + "\n }\n}\n";
	}
	return s;
}

double ms_since(Clock::time_point t0)
{
	return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

} // namespace

int main(int argc, char **argv)
{
	size_t services = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 50000;
	event::Loop loop;
	check::Engine engine(loop);
	table::HealthView health = [&](const table::RsAt &at) { return engine.health(at); };
	table::Quorums quorums;
	table::QuorumView quorum = [&](size_t vs) { return quorums.up(vs); };
	config::Loaded old = config::load_text(config_text(services, SIZE_MAX), "old.conf");
	engine.sync(old.config);
	quorums.load(old.config, health);
	table::Table before = table::desired(old.config, health, quorum);
	std::string text = config_text(services, services / 2);

	double parse = 1e9, carry = 1e9, want = 1e9, plan = 1e9;
	size_t ops = 0;
	for (int round = 0; round < 5; round++) {
		auto t0 = Clock::now();
		config::Loaded loaded = config::load_text(text, "new.conf");
		parse = std::min(parse, ms_since(t0));
		t0 = Clock::now();
		engine.sync(loaded.config);
		quorums.load(loaded.config, health);
		carry = std::min(carry, ms_since(t0));
		t0 = Clock::now();
		table::Table after = table::desired(loaded.config, health, quorum);
		want = std::min(want, ms_since(t0));
		t0 = Clock::now();
		table::Plan p = table::diff(before, after);
		plan = std::min(plan, ms_since(t0));
		ops = p.ops.size();
	}
	std::printf("services %zu, one weight changed: parse+validate %.1f ms, checks and quorum carried over "
		    "%.1f ms, table %.1f ms, diff %.1f ms (%zu operation%s)\n",
		    services, parse, carry, want, plan, ops, ops == 1 ? "" : "s");
	return ops == 1 ? 0 : 1;
}
