// The VRRP process: every vrrp_instance of a config on one event loop.
// Each instance's state machine (instance.hpp) gets its adverts from its
// socket, its timers from the loop, its priority from the tracked scripts
// and interfaces; its actions become adverts, addresses, gratuitous ARPs,
// notify scripts, sync-group moves and the IPVS sync daemon's role.
#pragma once

#include "core/config/model.hpp"
#include "core/event/handles.hpp"
#include "core/event/loop.hpp"
#include "core/script/runner.hpp"
#include "core/vrrp/announce.hpp"
#include "core/vrrp/firewall.hpp"
#include "core/vrrp/iface.hpp"
#include "core/vrrp/rtnl.hpp"
#include "core/vrrp/settings.hpp"
#include "core/vrrp/socket.hpp"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::vrrp {

struct DaemonOptions {
	bool release_vips = true; // false: -V, leave the addresses at stop
};

struct Link; // router.hpp

class Daemon {
public:
	// Throws lvs::Error when an instance cannot run (see resolve(), open_link()).
	Daemon(event::Loop &loop, config::Config cfg, DaemonOptions opts);
	Daemon(const Daemon &) = delete;
	Daemon &operator=(const Daemon &) = delete;
	~Daemon();

	void start();
	// Resigns (priority 0), removes the addresses, runs the stop notifies.
	void stop();
	// SIGHUP, as keepalived 2.2.7 reloads: an instance of the new config
	// that is the same virtual router as a running one (VRID, family,
	// interface, multicast or the same unicast source) carries on in its
	// state with the new settings: a master keeps mastership, and adds and
	// removes the addresses that changed; a new one starts; one that is
	// gone resigns, drops its addresses and notifies FAULT (DELETED with
	// notify_deleted). Tracked scripts keep their state by name. Throws
	// lvs::Error, having changed nothing, when the new config cannot run.
	void reload(config::Config next);
	// keepalived's /tmp/keepalived.stats: one block per instance.
	std::string stats() const;
	// No notify or track script is running or waiting.
	bool idle() const { return scripts_.running() == 0 && scripts_.queued() == 0; }

private:
	struct Router;
	struct TrackScript;

	void launch(Router &r);
	void retire(Router &r);
	void update(Router &r, Settings st, Link link);
	void watch(Router &r);
	void unwatch(Router &r);
	void link_sync_groups();
	void track_links();
	void apply(Router &r, const Actions &acts);
	void entered(Router &r, State s);
	void send(Router &r, uint8_t priority);
	void set_vips(Router &r, const std::vector<const Vip *> &vips, bool add);
	void block(const Settings &st, const std::vector<const Vip *> &vips, bool on);
	void add_vips(Router &r);
	void remove_vips(Router &r);
	void announce(Router &r, uint32_t times);
	void arm_garp(Router &r);
	void refresh_garp(Router &r);
	void receive(Router &r);
	void retrack(Router &r);
	void run_track_script(TrackScript &t);
	void notify(Router &r, State s);
	void run_notify(Router &r, const config::Script *specific, std::string_view state);
	void sync_daemon(Router &r, State s);
	Announcer &announcer(const std::string &dev);

	event::Loop &loop_;
	std::unique_ptr<config::Config> cfg_; // routers and scripts point into it
	DaemonOptions opts_;
	script::Runner scripts_;
	Rtnl rtnl_;
	LinkWatch links_;
	std::map<unsigned, bool> link_up_; // by ifindex
	std::map<std::string, std::unique_ptr<Announcer>> announcers_;
	std::unique_ptr<Firewall> firewall_; // made when an instance first blocks
	bool firewall_failed_ = false;        // said once
	std::vector<std::unique_ptr<TrackScript>> track_scripts_;
	std::vector<std::unique_ptr<Router>> routers_;
	bool stopping_ = false;
};

} // namespace lvs::vrrp
