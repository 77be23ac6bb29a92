// SIGHUP in the VRRP process: Daemon::reload(), keepalived 2.2.7's
// clear_diff_vrrp() and restore_vrrp_state() in our terms. What can fail
// (resolving the instances, their interfaces and sockets) is done first,
// so a config that cannot run changes nothing; then instances that are
// gone are retired, the same virtual routers carry on with their new
// settings, and new ones start.
#include "core/error.hpp"
#include "core/net/addr.hpp"
#include "core/sys/log.hpp"
#include "core/vrrp/router.hpp"

#include <algorithm>

namespace lvs::vrrp {

namespace {

// The addresses of `a` that `b` does not have.
std::vector<const Vip *> missing(const Settings &a, const Settings &b)
{
	std::vector<const Vip *> out;
	auto theirs = all_vips(b);
	for (const Vip *v : all_vips(a))
		if (std::ranges::none_of(theirs, [&](const Vip *w) { return w->spec == v->spec; }))
			out.push_back(v);
	return out;
}

std::string tag(const Settings &st)
{
	return "(" + st.params.name + ") ";
}

} // namespace

void Daemon::reload(config::Config next_cfg)
{
	auto next = std::make_unique<config::Config>(std::move(next_cfg));
	std::vector<Settings> wanted = resolve(*next);
	std::vector<Link> links;
	for (const auto &st : wanted)
		links.push_back(open_link(st));

	// Nothing throws from here on.
	std::vector<Router *> kept(wanted.size(), nullptr);
	for (size_t i = 0; i < wanted.size(); i++)
		for (auto &r : routers_)
			if (std::ranges::count(kept, r.get()) == 0 && same_router(r->st, wanted[i])) {
				kept[i] = r.get();
				break;
			}
	for (auto &r : routers_)
		if (std::ranges::count(kept, r.get()) == 0)
			retire(*r);
	// The old config stays until the retired instances are gone.
	std::unique_ptr<config::Config> old = std::exchange(cfg_, std::move(next));

	std::vector<TrackScript *> fresh_scripts;
	std::vector<std::unique_ptr<TrackScript>> scripts;
	for (const auto &c : cfg_->vrrp.scripts) {
		auto it = std::ranges::find_if(track_scripts_, [&](const auto &t) { return t && t->conf->name == c.name; });
		if (it != track_scripts_.end()) {
			(*it)->conf = &c;
			(*it)->who = script::run_as(c.script, cfg_->global);
			scripts.push_back(std::move(*it));
		} else {
			scripts.push_back(std::make_unique<TrackScript>(loop_, c, script::run_as(c.script, cfg_->global)));
			fresh_scripts.push_back(scripts.back().get());
		}
	}
	for (auto &t : track_scripts_)
		if (t)
			scripts_.cancel(t->job); // a script that is gone must not report
	track_scripts_ = std::move(scripts);

	std::vector<Router *> fresh;
	std::vector<std::unique_ptr<Router>> routers;
	for (size_t i = 0; i < wanted.size(); i++) {
		if (kept[i]) {
			auto it = std::ranges::find_if(routers_, [&](const auto &r) { return r.get() == kept[i]; });
			routers.push_back(std::move(*it));
			update(*routers.back(), std::move(wanted[i]), std::move(links[i]));
		} else {
			routers.push_back(std::make_unique<Router>(loop_, std::move(wanted[i]), std::move(links[i])));
			fresh.push_back(routers.back().get());
		}
	}
	routers_ = std::move(routers); // the retired ones go
	link_sync_groups();
	track_links();
	for (auto &r : routers_)
		if (std::ranges::count(fresh, r.get()) == 0)
			retrack(*r); // a new priority, new tracking
	for (Router *r : fresh)
		launch(*r);
	for (TrackScript *t : fresh_scripts)
		run_track_script(*t);
}

// An instance the new config does not have: it resigns and drops its
// addresses like a stop, and notifies as keepalived does for a deleted
// instance (FAULT, unless notify_deleted asks for DELETED).
void Daemon::retire(Router &r)
{
	sys::log(LOG_INFO, tag(r.st) + "Removed by the reload");
	bool was_fault = r.sm.state == State::fault;
	Actions acts = vrrp::stop(r.sm);
	std::erase_if(acts, [](const Action &a) { return a.act == Act::enter; });
	apply(r, acts);
	r.preempt.cancel();
	sync_daemon(r, State::stop);
	const config::VrrpNotify &n = r.st.conf->notify;
	if (n.deleted)
		run_notify(r, n.deleted.get(), "DELETED");
	else if (!was_fault)
		run_notify(r, n.fault.get(), "FAULT");
	unwatch(r);
}

// The same virtual router with its new settings; its state, timers and
// counters carry on. A master's address list changes in place.
void Daemon::update(Router &r, Settings st, Link link)
{
	receive(r); // what waits on the old socket was sent to the instance as it was
	unwatch(r);
	Settings old = std::exchange(r.st, std::move(st));
	r.st.params.primary = link.src;
	r.sm.p = r.st.params;
	if (r.sm.p.priority == kOwnerPriority)
		r.sm.effective = kOwnerPriority; // tracking does not move an owner
	r.link = std::move(link);
	watch(r);
	if (r.sm.state != State::master)
		return;
	if (old.block_vips != r.st.block_vips) {
		// accept mode or ownership changed: the addresses kept follow
		std::vector<const Vip *> kept = all_vips(r.st), added = missing(r.st, old);
		std::erase_if(kept, [&](const Vip *v) { return std::ranges::count(added, v) > 0; });
		block(old, kept, false);
		block(r.st, kept, true);
	}
	std::vector<const Vip *> gone = missing(old, r.st), added = missing(r.st, old);
	for (const Vip *v : gone)
		sys::log(LOG_INFO,
			 tag(r.st) + "Removing " + net::to_string(v->spec.addr) + " (no longer configured)");
	set_vips(r, gone, false);
	if (added.empty())
		return;
	for (const Vip *v : added)
		sys::log(LOG_INFO, tag(r.st) + "Adding " + net::to_string(v->spec.addr) + " (newly configured)");
	set_vips(r, added, true);
	arm_garp(r);
}

} // namespace lvs::vrrp
