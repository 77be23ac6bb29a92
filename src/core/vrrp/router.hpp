// The daemon's run-time objects (daemon.hpp keeps them private): one
// vrrp_instance as it runs, and one vrrp_script. Shared by daemon.cpp
// (the protocol) and reload.cpp (SIGHUP), nothing else.
#pragma once

#include "core/event/handles.hpp"
#include "core/script/runner.hpp"
#include "core/vrrp/daemon.hpp"
#include "core/vrrp/stats.hpp"

#include <memory>
#include <vector>

namespace lvs::vrrp {

// Where an instance sends from and listens: its interface, the address it
// sends from, its socket. Opened before an instance (re)starts, so that
// what cannot be opened stops a start or a reload before anything changed.
struct Link {
	Iface iface;
	net::Addr src = {0, {}};
	std::unique_ptr<Socket> sock;
};

// Throws lvs::Error when the interface is gone or has no address to send from.
Link open_link(const Settings &st);

struct Daemon::Router {
	Settings st;
	Instance sm;
	Link link;
	event::Timer timer, preempt, garp;
	std::vector<Router *> sync; // the other members of its sync group
	Stats stats;
	bool watching = false;

	Router(event::Loop &loop, Settings s, Link l)
		: st(std::move(s)), sm(make_instance(st.params)), link(std::move(l)), timer(loop), preempt(loop),
		  garp(loop)
	{
		sm.p.primary = st.params.primary = link.src;
	}
};

// One vrrp_script: run every interval; rise/fall successes/failures in a
// row change its state.
struct Daemon::TrackScript {
	const config::VrrpScript *conf;
	script::RunAs who;
	bool up;
	uint32_t streak = 0; // results in a row against the current state
	script::Runner::JobId job = 0; // the run in progress
	event::Timer timer;

	TrackScript(event::Loop &loop, const config::VrrpScript &c, script::RunAs w)
		: conf(&c), who(w), up(!c.init_fail), timer(loop)
	{
	}
};

} // namespace lvs::vrrp
