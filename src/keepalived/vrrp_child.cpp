#include "keepalived/vrrp_child.hpp"

#include "core/error.hpp"
#include "core/event/loop.hpp"
#include "core/sys/log.hpp"
#include "core/vrrp/daemon.hpp"
#include "keepalived/cpu_usage.hpp"
#include "keepalived/dump.hpp"
#include "keepalived/load.hpp"

#include <csignal>
#include <cstdio>

namespace lvs::keepalived {

namespace {

using namespace std::chrono_literals;

// The file is read here, by the same rule as at start and in the checker
// process: a config that is refused, or whose instances cannot run,
// changes nothing. Every reload ends with one line, "Reload finished" or
// "... reload refused, nothing changed", which tells a watcher it is over.
void reload(vrrp::Daemon &d, const Settings &settings)
{
	sys::log(LOG_INFO, "Reloading");
	std::optional<config::Config> cfg = load_config(settings);
	if (!cfg) {
		sys::log(LOG_INFO, "Configuration not usable - reload refused, nothing changed");
		return;
	}
	try {
		d.reload(std::move(*cfg));
		sys::log(LOG_INFO, "Reload finished");
	} catch (const Error &e) {
		sys::log(LOG_INFO, std::string(e.what()) + " - reload refused, nothing changed");
	}
}

} // namespace

int vrrp_child(const Settings &settings, config::Config cfg)
{
	sys::LogOptions log = settings.log;
	log.ident = "Keepalived_vrrp";
	sys::open_log(log);
	try {
		event::Loop loop;
		vrrp::Daemon d(loop, std::move(cfg), {.release_vips = !settings.dont_release_vrrp});
		loop.on_signal(SIGTERM, [&] { loop.stop(); });
		loop.on_signal(SIGINT, [&] { loop.stop(); });
		loop.on_signal(SIGHUP, [&] { reload(d, settings); });
		loop.on_signal(SIGUSR2, [&] { write_file(kStatsFile, d.stats()); });
		d.start();
		loop.run();
		sys::log(LOG_INFO, "Stopping");
		d.stop();
		// The stop notifies run to completion, within reason.
		auto deadline = loop.now() + 5s;
		while (!d.idle() && loop.now() < deadline)
			loop.run_once(100ms);
		sys::log_detail(cpu_usage(Process::vrrp));
		return 0;
	} catch (const Error &e) {
		sys::log(LOG_ERR, e.what());
		std::fprintf(stderr, "keepalived: %s\n", e.what());
		return 1;
	}
}

} // namespace lvs::keepalived
