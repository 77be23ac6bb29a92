// Benchmark (user space): a reload of a 50,000-service config with one
// real server's weight changed, through the steps keepalived's checker
// process takes on SIGHUP, in its order: read and validate the file; carry
// the health checks and quorum states over; build the table it wants; the
// Director's plan against what it installed, and its bookkeeping; the
// vip_bind_dev addresses. The host has no IPVS, so the Director's kernel
// here takes the operations and counts them (bench/keepalived_reload.sh
// drives the real one in the lab, and runs this too). ROUNDS reloads
// (default 5), each sending exactly 1 operation; prints each step's and
// the whole reload's median with its min and max, as bench/lib.sh does.
//
//   cmake --build build --target keepalived_reload_bench
//   build/bench/keepalived_reload_bench [SERVICES [ROUNDS]]
#include "core/check/engine.hpp"
#include "core/config/load.hpp"
#include "core/event/loop.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/director.hpp"
#include "core/lvs/quorum.hpp"
#include "core/lvs/vip_bind.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

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

// "median ms (min–max, n=N)", the median of an even count being the mean
// of the middle two: bench/lib.sh's summary.
std::string summary(std::vector<double> v)
{
	std::sort(v.begin(), v.end());
	size_t n = v.size();
	char s[96];
	std::snprintf(s, sizeof s, "%.1f ms (%.1f–%.1f, n=%zu)", (v[(n - 1) / 2] + v[n / 2]) / 2, v.front(), v.back(),
		      n);
	return s;
}

// Takes every operation; reads back `held`, which the caller sets to what
// the Director installed, as the kernel would hold it: the read costs a
// copy of the table where the real one decodes a dump.
class CountingKernel final : public table::Kernel {
public:
	table::Table read() override { return held; }
	std::vector<int> execute(const std::vector<ipvs::Op> &ops) override
	{
		sent += ops.size();
		return std::vector<int>(ops.size(), 0);
	}
	std::vector<ipvs::Service> services() override { return {}; }
	std::vector<ipvs::Dest> dests(const ipvs::ServiceKey &) override { return {}; }
	size_t sent = 0;
	table::Table held;
};

} // namespace

int main(int argc, char **argv)
{
	size_t services = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 50000;
	int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
	if (services < 2 || rounds < 1) {
		std::fprintf(stderr, "usage: keepalived_reload_bench [SERVICES (2 or more) [ROUNDS]]\n");
		return 2;
	}
	event::Loop loop;
	check::Engine engine(loop);
	table::HealthView health = [&](const table::RsAt &at) { return engine.health(at); };
	table::Quorums quorums;
	table::QuorumView quorum = [&](size_t vs) { return quorums.up(vs); };
	CountingKernel kernel;
	table::Director director(kernel, loop, [](int, const std::string &) {});

	std::string path = "/tmp/keepalived_reload_bench.conf";
	auto write = [&](size_t changed) { std::ofstream(path) << config_text(services, changed); };
	write(SIZE_MAX);
	config::Config cfg = std::move(config::load_file(path).config);
	engine.sync(cfg);
	quorums.load(cfg, health);
	director.reconcile(table::desired(cfg, health, quorum));
	kernel.held = director.installed();

	std::vector<double> parse, carry, want, apply, vips, total;
	for (int round = 0; round < rounds; round++) {
		write(round % 2 ? SIZE_MAX : services / 2);
		auto t0 = Clock::now(), start = t0;
		config::Loaded loaded = config::load_file(path);
		if (!loaded.read || loaded.diags.failed())
			return 2;
		cfg = std::move(loaded.config);
		parse.push_back(ms_since(t0));
		t0 = Clock::now();
		engine.sync(cfg);
		quorums.load(cfg, health);
		carry.push_back(ms_since(t0));
		t0 = Clock::now();
		table::Table table = table::desired(cfg, health, quorum);
		want.push_back(ms_since(t0));
		t0 = Clock::now();
		size_t before = kernel.sent;
		table::Director::Result r = director.reconcile(std::move(table));
		apply.push_back(ms_since(t0));
		kernel.held = director.installed();
		t0 = Clock::now();
		table::bound_vips(cfg, health);
		vips.push_back(ms_since(t0));
		total.push_back(ms_since(start));
		if (r.ops != 1 || kernel.sent - before != 1)
			return 1;
	}
	std::remove(path.c_str());
	std::printf("services %zu, one weight changed, %d reloads of 1 operation each; median (min–max):\n"
		    "  read and validate the file          %s\n"
		    "  carry checks and quorum states over %s\n"
		    "  the table                           %s\n"
		    "  the Director (read, diff, send)     %s\n"
		    "  bound VIPs                          %s\n"
		    "  whole reload                        %s\n",
		    services, rounds, summary(parse).c_str(), summary(carry).c_str(), summary(want).c_str(),
		    summary(apply).c_str(), summary(vips).c_str(), summary(total).c_str());
	return 0;
}
