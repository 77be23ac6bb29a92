#include "keepalived/checker.hpp"

#include "core/check/engine.hpp"
#include "core/event/handles.hpp"
#include "core/event/loop.hpp"
#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/director.hpp"
#include "core/sys/log.hpp"
#include "core/sys/notify.hpp"
#include "core/sys/pidfile.hpp"
#include "keepalived/dump.hpp"
#include "keepalived/load.hpp"

#include <fmt/format.h>
#include <linux/ip_vs.h>

#include <algorithm>
#include <csignal>
#include <utility>

namespace lvs::keepalived {

namespace {

// keepalived's exit statuses.
constexpr int kExitFatal = 1;
constexpr int kExitConfig = 2;

using Clock = event::Clock;

// A health change waits this long for others before the table is planned
// again, so servers that flap together cost one diff of the whole table,
// not one each; and at least as long as the last re-plan took, so that a
// large table flapping without end leaves the loop half its time for the
// checks.
constexpr Clock::duration kReplanDelay = std::chrono::milliseconds(5);

double ms_since(Clock::time_point t0)
{
	return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

class Checkers {
public:
	Checkers(const Settings &settings, config::Config cfg)
		: settings_(settings), cfg_(std::move(cfg)),
		  director_(client_, loop_, [](int priority, const std::string &text) { sys::log(priority, text); })
	{
	}

	int run(bool first_start)
	{
		loop_.on_signal(SIGHUP, [this] { reload(); });
		loop_.on_signal(SIGTERM, [this] { stop(); });
		loop_.on_signal(SIGINT, [this] { stop(); });
		loop_.on_signal(SIGUSR1, [this] { write_data(kDataFile, cfg_, director_.installed()); });
		loop_.on_signal(SIGUSR2, [this] { write_stats(kStatsFile, client_, director_.installed()); });
		for (int sig : {SIGRTMAX - 1, SIGRTMIN + 2})
			loop_.on_signal(sig, [] { sys::log(LOG_INFO, "STATS_CLEAR and JSON are not supported - ignored"); });
		if (first_start && cfg_.global.lvs_flush) {
			ipvs::Op flush;
			flush.cmd = IPVS_CMD_FLUSH;
			client_.execute(flush);
			sys::log(LOG_INFO, "Flushed the IPVS table (lvs_flush)");
		}
		engine_.on_change = [this](const table::RsId &id, const table::RsHealth &h) { health_changed(id, h); };
		auto t0 = Clock::now();
		engine_.sync(cfg_);
		table::Table want = table::desired(cfg_, health_);
		log_notes(want);
		auto r = director_.reconcile(std::move(want));
		sys::log(LOG_INFO, fmt::format("IPVS table reconciled with the configuration: {} services, {} "
					       "operations ({} failed); read {:.1f} ms, planned {:.1f} ms, applied "
					       "{:.1f} ms, {:.1f} ms in all",
					       director_.installed().entries.size(), r.ops, r.failed, r.read_ms,
					       r.plan_ms, r.apply_ms, ms_since(t0)));
		sys::notify_systemd("READY=1");
		loop_.run();
		return 0;
	}

private:
	// SIGHUP. Signals that come while it runs wait in the signalfd, so
	// reloads never overlap, and a burst of them ends with one more
	// reload that reads the file as it finally is.
	void reload()
	{
		auto t0 = Clock::now();
		sys::notify_systemd("RELOADING=1");
		sys::log(LOG_INFO, "Reloading");
		std::optional<config::Config> cfg = load_config(settings_);
		double parse_ms = ms_since(t0);
		if (cfg) {
			cfg_ = std::move(*cfg);
			auto t1 = Clock::now();
			// Unchanged checks carry on with their state: a reload
			// does not flap a server or send alpha ones down again.
			engine_.sync(cfg_);
			table::Table want = table::desired(cfg_, health_);
			double table_ms = ms_since(t1);
			log_notes(want);
			// This plan holds every health change so far.
			replan_.cancel();
			changes_ = 0;
			auto r = director_.apply(std::move(want));
			sys::log(LOG_INFO, fmt::format("Reload applied: {} operations ({} failed); parsed {:.1f} ms, "
						       "table {:.1f} ms, read {:.1f} ms, planned {:.1f} ms, applied "
						       "{:.1f} ms, {:.1f} ms from SIGHUP",
						       r.ops, r.failed, parse_ms, table_ms, r.read_ms, r.plan_ms,
						       r.apply_ms, ms_since(t0)));
		}
		sys::notify_systemd("READY=1");
	}

	void health_changed(const table::RsId &id, const table::RsHealth &h)
	{
		if (h.up)
			sys::log(LOG_INFO, fmt::format("Real server up (weight {}): {}", h.weight, table::to_string(id)));
		else
			sys::log(LOG_INFO, fmt::format("Real server down: {}", table::to_string(id)));
		if (!changes_++)
			replan_.arm(std::max(kReplanDelay, replan_cost_), [this] { replan(); });
	}

	void replan()
	{
		auto t0 = Clock::now();
		table::Table want = table::desired(cfg_, health_);
		double table_ms = ms_since(t0);
		auto r = director_.apply(std::move(want));
		replan_cost_ = Clock::now() - t0;
		sys::log(LOG_INFO, fmt::format("Health changes applied: {} changes, {} operations ({} failed); "
					       "table {:.1f} ms, planned {:.1f} ms, applied {:.1f} ms",
					       std::exchange(changes_, 0), r.ops, r.failed, table_ms, r.plan_ms,
					       r.apply_ms));
	}

	void stop()
	{
		sys::notify_systemd("STOPPING=1");
		if (settings_.dont_release_ipvs) {
			sys::log(LOG_INFO, "Stopping; the IPVS table stays (-I)");
		} else {
			bool flush = cfg_.global.lvs_flush_on_stop == config::FlushOnStop::all;
			auto r = director_.remove(flush);
			sys::log(LOG_INFO, fmt::format("Stopping; removed the IPVS table ({}): {} operations ({} failed) "
						       "in {:.1f} ms",
						       flush ? "lvs_flush_on_stop" : "what was installed", r.ops,
						       r.failed, r.apply_ms));
		}
		loop_.stop();
	}

	static void log_notes(const table::Table &t)
	{
		for (const auto &n : t.notes)
			sys::log(LOG_WARNING, n);
	}

	static constexpr const char *kDataFile = "/tmp/keepalived.data";
	static constexpr const char *kStatsFile = "/tmp/keepalived.stats";

	const Settings &settings_;
	config::Config cfg_;
	event::Loop loop_;
	ipvs::Client client_;
	check::Engine engine_{loop_};
	table::HealthView health_ = [this](const table::RsId &id) { return engine_.health(id); };
	table::Director director_;
	event::Timer replan_{loop_};
	size_t changes_ = 0; // health changes the next replan() takes in
	Clock::duration replan_cost_{};
};

} // namespace

int run_checkers(const Settings &settings, std::optional<config::Config> config, bool first_start)
{
	sys::LogOptions log = settings.log;
	log.ident = "Keepalived_healthcheckers";
	sys::open_log(log);
	sys::PidFile pid(settings.checkers_pid_file);
	if (!config && !(config = load_config(settings)))
		return kExitConfig;
	try {
		Checkers checkers(settings, std::move(*config));
		return checkers.run(first_start);
	} catch (const std::exception &e) {
		sys::log(LOG_ERR, e.what());
		return kExitFatal;
	}
}

} // namespace lvs::keepalived
