#include "keepalived/checker.hpp"

#include "core/config/names.hpp"
#include "core/error.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/vip_bind.hpp"
#include "core/sys/log.hpp"
#include "core/sys/notify.hpp"
#include "core/sys/pidfile.hpp"
#include "keepalived/cpu_usage.hpp"
#include "keepalived/dump.hpp"
#include "keepalived/checkers.hpp"
#include "keepalived/load.hpp"

#include <fmt/format.h>
#include <linux/ip_vs.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <unordered_set>
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

// At stop, how long omega's quorum_down scripts (a second each) may keep
// the process; the parent's child_wait (5 s) is the outer bound.
constexpr Clock::duration kStopWait = std::chrono::seconds(2);

double ms_since(Clock::time_point t0)
{
	return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Seconds since boot at `t`, on the clock of /proc/uptime, so that a log
// line can be set against times taken outside the process (a benchmark's
// kill -HUP).
double since_boot(Clock::time_point t)
{
	timespec now;
	clock_gettime(CLOCK_BOOTTIME, &now);
	return double(now.tv_sec) + double(now.tv_nsec) / 1e9 -
	       std::chrono::duration<double>(Clock::now() - t).count();
}

} // namespace

Checkers::Checkers(const Settings &settings, config::Config cfg)
	: settings_(settings), cfg_(std::move(cfg)),
	  director_(kernel_, loop_, [](int priority, const std::string &text) { sys::log(priority, text); }),
	  vips_([](int priority, const std::string &text) { sys::log(priority, text); })
{
}

int Checkers::run(bool first_start)
{
	loop_.on_signal(SIGHUP, [this] { reload(); });
	loop_.on_signal(SIGTERM, [this] { stop(); });
	loop_.on_signal(SIGINT, [this] { stop(); });
	loop_.on_signal(SIGUSR1, [this] { write_data(kDataFile, cfg_, director_.installed()); });
	loop_.on_signal(SIGUSR2, [this] { write_stats(kStatsFile, client_, director_.installed()); });
	for (int sig : {SIGRTMAX - 1, SIGRTMIN + 2})
		loop_.on_signal(sig, [] { sys::log(LOG_INFO, "STATS_CLEAR and JSON are not supported - ignored"); });
	if (first_start && cfg_.global.lvs_flush) {
		client_.execute(ipvs::op::Flush{});
		sys::log(LOG_INFO, "Flushed the IPVS table (lvs_flush)");
	}
	engine_.on_change = [this](const table::RsId &id, size_t vs, const table::RsHealth &h) {
		health_changed(id, vs, h);
	};
	engine_.on_log = [](const std::string &text) { sys::log(LOG_INFO, text); };
	engine_.on_detail = sys::log_detail;
	auto t0 = Clock::now();
	table::Table want = load();
	log_notes(want);
	auto r = director_.reconcile(std::move(want));
	bind_vips();
	sys::log(LOG_INFO, fmt::format("IPVS table reconciled with the configuration: {} services, {} "
				       "operations ({} failed); read {:.1f} ms, planned {:.1f} ms, applied "
				       "{:.1f} ms, {:.1f} ms in all",
				       director_.installed().entries.size(), r.ops, r.failed, r.read_ms,
				       r.plan_ms, r.apply_ms, ms_since(t0)));
	serve_rpc();
	sys::notify_systemd("READY=1");
	loop_.run();
	return 0;
}

// SIGHUP. Signals that come while it runs wait in the signalfd, so
// reloads never overlap, and a burst of them ends with one more
// reload that reads the file as it finally is.
void Checkers::reload()
{
	if (stopping_)
		return;
	auto t0 = Clock::now();
	sys::notify_systemd("RELOADING=1");
	sys::log(LOG_INFO, "Reloading");
	std::optional<config::Config> cfg = load_config(settings_);
	double parse_ms = ms_since(t0);
	if (cfg) {
		cfg_ = std::move(*cfg);
		auto t1 = Clock::now();
		table::Table want = load();
		double table_ms = ms_since(t1);
		log_notes(want);
		// This plan holds every health change so far.
		replan_.cancel();
		changes_ = 0;
		touched_.clear();
		auto r = director_.reconcile(std::move(want));
		bind_vips();
		double acked_ms = std::chrono::duration<double, std::milli>(r.acked - t0).count();
		sys::log(LOG_INFO, fmt::format("Reload applied: {} operations ({} failed); parsed {:.1f} ms, "
					       "table {:.1f} ms, read {:.1f} ms, planned {:.1f} ms, applied "
					       "{:.1f} ms; last ACK {:.1f} ms from SIGHUP, at {:.3f} s since "
					       "boot; done {:.1f} ms from SIGHUP",
					       r.ops, r.failed, parse_ms, table_ms, r.read_ms, r.plan_ms,
					       r.apply_ms, acked_ms, since_boot(r.acked), ms_since(t0)));
	}
	sys::notify_systemd("READY=1");
}

// A config taken (start, reload): its checks, quorum scripts and
// quorum states, and the table they ask for.
table::Table Checkers::load()
{
	// Unchanged checks carry on with their state: a reload does
	// not flap a server or send alpha ones down again.
	engine_.sync(cfg_);
	quorum_scripts_.sync(cfg_);
	index_.clear();
	for (size_t i = 0; i < cfg_.virtual_servers.size(); i++)
		for (const auto &key : table::service_keys(cfg_, cfg_.virtual_servers[i]))
			index_.try_emplace(key, i);
	quorum_changed(quorums_.load(cfg_, health_));
	return table::desired(cfg_, health_, quorum_);
}

// Logged as keepalived logs them; the scripts start and the caller
// carries on (QuorumScripts). keepalived also logs quorum gained again
// for every virtual server at every reload; where no quorum_up runs
// for it that says nothing new, and such lines are counted in one, so
// that a reload of 50,000 services does not write 50,000 lines.
void Checkers::quorum_changed(const std::vector<table::QuorumChange> &changes)
{
	size_t held = 0;
	for (const auto &c : changes) {
		const config::VirtualServer &vs = cfg_.virtual_servers[c.vs];
		const config::VirtualServerRare &rare = config::peek(vs.rare);
		if (!c.crossed && !rare.quorum_up) {
			held++;
			continue;
		}
		int64_t q = vs.quorum, h = vs.hysteresis;
		std::string what = vs.real_servers.empty() ? "Quorum without real servers"
				   : c.up ? fmt::format("Gained quorum {}+{}={} <= {}", q, h, q + h, c.live)
					  : fmt::format("Lost quorum {}-{}={} > {}", q, h, q - h, c.live);
		sys::log(LOG_INFO, what + " for VS " + config::virtual_server_name(vs));
		quorum_scripts_.run(table::vs_id(vs), c.up);
	}
	if (held)
		sys::log(LOG_INFO, fmt::format("Quorum held by {} virtual servers without quorum_up", held));
}

void Checkers::bind_vips()
{
	vips_.apply(table::bound_vips(cfg_, health_));
}

void Checkers::health_changed(const table::RsId &id, size_t vs, const table::RsHealth &h)
{
	if (stopping_)
		return; // the table is being taken down
	if (h.up)
		sys::log(LOG_INFO, fmt::format("Real server up (weight {}): {}", h.weight, table::to_string(id)));
	else
		sys::log(LOG_INFO, fmt::format("Real server down: {}", table::to_string(id)));
	touched_.insert(vs);
	if (!changes_++)
		replan_.arm(std::max(kReplanDelay, replan_cost_), [this] { replan(); });
}

// Only the virtual servers whose real servers changed are planned
// again (while the installed table is trusted; after a failed
// operation, all of it against the kernel).
void Checkers::replan()
{
	auto t0 = Clock::now();
	std::vector<size_t> touched(touched_.begin(), touched_.end());
	touched_.clear();
	std::sort(touched.begin(), touched.end());
	quorum_changed(quorums_.update(cfg_, health_, touched));
	bool part = director_.trusted();
	table::Table want = part ? table::desired_for(cfg_, touched, health_, quorum_)
				 : table::desired(cfg_, health_, quorum_);
	double table_ms = ms_since(t0);
	auto r = part ? director_.apply_part(std::move(want)) : director_.reconcile(std::move(want));
	bind_vips();
	replan_cost_ = Clock::now() - t0;
	sys::log(LOG_INFO, fmt::format("Health changes applied: {} changes in {} virtual servers, {} operations "
				       "({} failed); table {:.1f} ms{}, planned {:.1f} ms, applied {:.1f} ms",
				       std::exchange(changes_, 0), touched.size(), r.ops, r.failed, table_ms,
				       part ? "" : " (whole)", r.plan_ms, r.apply_ms));
}

// The process ends once omega's quorum_down scripts have (or at
// kStopWait); meanwhile nothing is planned again.
void Checkers::stop()
{
	if (std::exchange(stopping_, true))
		return;
	sys::notify_systemd("STOPPING=1");
	rpc_.reset(); // no call changes what is being taken down
	replan_.cancel();
	// omega: quorum_down for each virtual server that has quorum, as
	// keepalived runs it when taking the real servers out.
	std::unordered_set<table::VsId, table::VsIdHash> omega;
	for (size_t i = 0; i < cfg_.virtual_servers.size(); i++)
		if (cfg_.virtual_servers[i].omega && quorums_.up(i))
			omega.insert(table::vs_id(cfg_.virtual_servers[i]));
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
	// vip_bind_dev addresses go with the table, unless -V keeps VIPs.
	if (!settings_.dont_release_vrrp)
		vips_.remove_all();
	stop_wait_.arm(kStopWait, [this] { loop_.stop(); });
	quorum_scripts_.stop(omega, [this] { loop_.stop(); });
}

// Once the table is in place: a call before that would plan against
// nothing. A socket that cannot be bound leaves the daemon running.
void Checkers::serve_rpc()
{
	if (settings_.rpc_socket.empty())
		return;
	try {
		rpc_ = std::make_unique<RpcServer>(loop_, settings_.rpc_socket,
						   [this](const rpc::Call &c) { return call(c); });
	} catch (const Error &e) {
		sys::log(LOG_ERR, std::string(e.what()) + " - lvscli's calls are not served");
	}
}

void Checkers::log_notes(const table::Table &t)
{
	for (const auto &n : t.notes)
		sys::log(LOG_WARNING, n);
}

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
		int status = checkers.run(first_start);
		sys::log_detail(cpu_usage(Process::checkers));
		return status;
	} catch (const std::exception &e) {
		sys::log(LOG_ERR, e.what());
		return kExitFatal;
	}
}

} // namespace lvs::keepalived
