// The VRRP process: every vrrp_instance of a config on one event loop.
// Each instance's state machine (instance.hpp) gets its adverts from its
// socket, its timers from the loop, its priority from the tracked scripts
// and interfaces; its actions become adverts, addresses, gratuitous ARPs,
// notify scripts, sync-group moves and the IPVS sync daemon's role.
#pragma once

#include "core/check/script.hpp"
#include "core/config/model.hpp"
#include "core/event/handles.hpp"
#include "core/event/loop.hpp"
#include "core/vrrp/announce.hpp"
#include "core/vrrp/iface.hpp"
#include "core/vrrp/rtnl.hpp"
#include "core/vrrp/settings.hpp"
#include "core/vrrp/socket.hpp"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lvs::vrrp {

struct DaemonOptions {
	bool release_vips = true; // false: -V, leave the addresses at stop
	bool log_console = false; // -l
};

// The VRRP child's whole life: runs every instance of cfg until SIGTERM or
// SIGINT, then resigns (priority 0), removes the addresses and runs the
// stop notifies. Returns the exit status; prints why it could not start.
int run(const config::Config &cfg, const DaemonOptions &opts);

class Daemon {
public:
	// Throws lvs::Error when an instance cannot run (see resolve()).
	Daemon(event::Loop &loop, const config::Config &cfg, DaemonOptions opts);
	Daemon(const Daemon &) = delete;
	Daemon &operator=(const Daemon &) = delete;
	~Daemon();

	void start();
	void stop();
	// No notify or track script is running or waiting.
	bool idle() const { return scripts_.running() == 0 && scripts_.queued() == 0; }

private:
	struct Router;
	struct TrackScript;

	void apply(Router &r, const Actions &acts);
	void entered(Router &r, State s);
	void send(Router &r, uint8_t priority);
	void set_vips(Router &r, bool add);
	void add_vips(Router &r);
	void remove_vips(Router &r);
	void announce(Router &r, uint32_t times);
	void refresh_garp(Router &r);
	void receive(Router &r);
	void retrack(Router &r);
	void run_track_script(TrackScript &t);
	void notify(Router &r, State s);
	void sync_daemon(Router &r, State s);
	Announcer &announcer(const std::string &dev);

	event::Loop &loop_;
	const config::Config &cfg_;
	DaemonOptions opts_;
	check::Scripts scripts_;
	Rtnl rtnl_;
	LinkWatch links_;
	std::map<unsigned, bool> link_up_; // by ifindex
	std::map<std::string, std::unique_ptr<Announcer>> announcers_;
	std::vector<std::unique_ptr<TrackScript>> track_scripts_;
	std::vector<std::unique_ptr<Router>> routers_;
};

} // namespace lvs::vrrp
