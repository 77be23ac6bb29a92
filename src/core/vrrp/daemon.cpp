#include "core/vrrp/daemon.hpp"

#include "core/error.hpp"
#include "core/ipvs/client.hpp"
#include "core/net/addr.hpp"
#include "core/sys/log.hpp"
#include "core/vrrp/router.hpp"

#include <linux/ip_vs.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include <algorithm>

namespace lvs::vrrp {

using namespace std::chrono_literals;

namespace {

std::string tag(const std::string &name)
{
	return "(" + name + ") ";
}

// keepalived -D's line for each list of addresses an instance sets or
// removes: "(VI_1) setting VIPs.", "(VI_1) removing E-VIPs.".
void log_vips(const Settings &st, bool add)
{
	std::string what = tag(st.params.name) + (add ? "setting " : "removing ");
	if (!st.vips.empty())
		sys::log_detail(what + "VIPs.");
	if (!st.excluded.empty())
		sys::log_detail(what + "E-VIPs.");
}

std::string quoted(const std::string &s)
{
	std::string out = "'";
	for (char c : s)
		out += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return out + "'";
}

} // namespace

Link open_link(const Settings &st)
{
	Link l;
	l.iface = read_iface(st.interface);
	auto own = st.af == AF_INET6 ? l.iface.ipv6_local : l.iface.ipv4;
	if (st.src.af == st.af)
		l.src = st.src;
	else if (own)
		l.src = *own;
	else
		throw Error(tag(st.params.name) + "interface " + st.interface + " has no " +
			    (st.af == AF_INET6 ? "link-local IPv6" : "IPv4") + " address to send from");
	l.sock = std::make_unique<Socket>(st.af, st.interface, l.iface.index, l.src, st.peers.empty());
	return l;
}

Daemon::Daemon(event::Loop &loop, config::Config cfg, DaemonOptions opts)
	: loop_(loop), cfg_(std::make_unique<config::Config>(std::move(cfg))), opts_(opts), scripts_(loop)
{
	for (auto &st : resolve(*cfg_)) {
		Link l = open_link(st);
		routers_.push_back(std::make_unique<Router>(loop, std::move(st), std::move(l)));
	}
	link_sync_groups();
	for (const auto &s : cfg_->vrrp.scripts)
		track_scripts_.push_back(
			std::make_unique<TrackScript>(loop, s, script::run_as(s.script, cfg_->global)));
	track_links();
	loop_.watch(links_.fd(), EPOLLIN, [this](uint32_t) {
		links_.drain([this](unsigned index, bool up) {
			auto it = link_up_.find(index);
			if (it == link_up_.end() || it->second == up)
				return;
			it->second = up;
			for (auto &r : routers_)
				retrack(*r);
		});
	});
}

Daemon::~Daemon()
{
	loop_.unwatch(links_.fd());
	for (auto &r : routers_)
		unwatch(*r);
}

// The members of each sync group, from the config at hand.
void Daemon::link_sync_groups()
{
	for (auto &r : routers_)
		r->sync.clear();
	for (const auto &sg : cfg_->vrrp.sync_groups) {
		std::vector<Router *> members;
		for (auto &r : routers_)
			if (std::ranges::count(sg.group, r->st.params.name))
				members.push_back(r.get());
		for (Router *m : members)
			for (Router *other : members)
				if (other != m)
					m->sync.push_back(other);
	}
}

// The link state of every tracked interface not followed yet.
void Daemon::track_links()
{
	for (auto &r : routers_)
		for (const auto &t : r->st.interfaces) {
			unsigned index = if_nametoindex(t.name.c_str());
			if (!link_up_.contains(index))
				link_up_[index] = rtnl_.link_up(index);
		}
}

void Daemon::watch(Router &r)
{
	Router *rp = &r;
	loop_.watch(r.link.sock->fd(), EPOLLIN, [this, rp](uint32_t) { receive(*rp); });
	r.watching = true;
}

void Daemon::unwatch(Router &r)
{
	if (std::exchange(r.watching, false))
		loop_.unwatch(r.link.sock->fd());
}

void Daemon::launch(Router &r)
{
	watch(r);
	// A previous run's leftovers, excluded ones too: we are not master yet.
	log_vips(r.st, false);
	for (const Vip *v : all_vips(r.st))
		rtnl_.remove(v->spec);
	// The tracked state as of now, before the first state is chosen.
	retrack(r);
	apply(r, vrrp::start(r.sm));
}

void Daemon::start()
{
	for (auto &r : routers_)
		launch(*r);
	for (auto &t : track_scripts_)
		run_track_script(*t);
}

void Daemon::stop()
{
	stopping_ = true;
	for (auto &t : track_scripts_)
		t->timer.cancel();
	for (auto &r : routers_) {
		r->garp.cancel();
		r->preempt.cancel();
		apply(*r, vrrp::stop(r->sm));
	}
}

std::string Daemon::stats() const
{
	std::string text;
	for (const auto &r : routers_)
		text += format_stats(r->st.params.name, r->stats);
	return text;
}

void Daemon::apply(Router &r, const Actions &acts)
{
	for (const auto &a : acts) {
		switch (a.act) {
		case Act::enter:
			entered(r, a.state);
			break;
		case Act::send:
			send(r, a.priority);
			break;
		case Act::add_vips:
			add_vips(r);
			break;
		case Act::remove_vips:
			remove_vips(r);
			break;
		case Act::arm:
			r.timer.arm(a.after, [this, &r] {
				if (r.sm.state == State::backup) // the master is down
					sys::log_detail(tag(r.st.params.name) + "Receive advertisement timeout");
				apply(r, on_timer(r.sm));
			});
			break;
		case Act::disarm:
			r.timer.cancel();
			r.garp.cancel();
			break;
		case Act::arm_preempt:
			r.preempt.arm(a.after, [this, &r] { apply(r, on_preempt_delay_end(r.sm)); });
			break;
		}
	}
}

void Daemon::entered(Router &r, State s)
{
	if (s == State::master)
		r.stats.become_master++;
	if (s != State::stop)
		sys::log(LOG_INFO, tag(r.st.params.name) + "Entering " + std::string(state_name(s)) + " STATE");
	notify(r, s);
	sync_daemon(r, s);
	for (Router *other : r.sync)
		apply(*other, follow(other->sm, s));
}

void Daemon::send(Router &r, uint8_t priority)
{
	Advert a;
	a.version = r.st.expect.version;
	a.vrid = r.st.expect.vrid;
	a.priority = priority;
	a.interval_cs = r.st.expect.interval_cs;
	a.auth = r.st.expect.auth;
	a.password = r.st.expect.password;
	a.addrs = r.st.expect.addrs;
	std::vector<net::Addr> dsts = r.st.peers;
	if (dsts.empty())
		dsts.push_back(multicast_group(r.st.af));
	r.stats.advert_sent++;
	if (priority == 0)
		r.stats.pri_zero_sent++;
	for (const auto &dst : dsts) {
		try {
			r.link.sock->send(encode(a, {r.link.src, dst, kTtl}), dst);
		} catch (const Error &e) {
			sys::log(LOG_INFO, tag(r.st.params.name) + e.what());
		}
	}
	if (priority == 0)
		sys::log_detail(tag(r.st.params.name) + "sent 0 priority");
}

Announcer &Daemon::announcer(const std::string &dev)
{
	auto &a = announcers_[dev];
	if (!a)
		a = std::make_unique<Announcer>(read_iface(dev));
	return *a;
}

// Under -D, keepalived's lines: one per address and round, then one per
// packet.
void Daemon::announce(Router &r, uint32_t times)
{
	for (uint32_t i = 0; i < times; i++)
		for (const Vip *v : all_vips(r.st)) {
			bool v6 = v->spec.addr.af == AF_INET6;
			std::string where = " on " + v->dev + " for " + net::to_string(v->spec.addr);
			if (i == 0)
				sys::log_detail(tag(r.st.params.name) + "Sending/queueing " +
						(v6 ? "Unsolicited Neighbour Adverts" : "gratuitous ARPs") + where);
			sys::log_detail((v6 ? "Sending unsolicited Neighbour Advert" : "Sending gratuitous ARP") + where);
			if (!announcer(v->dev).announce(v->spec.addr))
				sys::log(LOG_INFO, tag(r.st.params.name) + "gratuitous ARP/NA for " +
							   net::to_string(v->spec.addr) + " failed");
		}
}

// An address to block is blocked before it is added, and unblocked after
// it is removed: no packet reaches it in between.
void Daemon::set_vips(Router &r, const std::vector<const Vip *> &vips, bool add)
{
	if (add)
		block(r.st, vips, true);
	for (const Vip *v : vips) {
		try {
			add ? rtnl_.add(v->spec) : rtnl_.remove(v->spec);
		} catch (const Error &e) {
			sys::log(LOG_INFO, tag(r.st.params.name) + e.what());
		}
	}
	if (!add)
		block(r.st, vips, false);
}

// Only for an instance that blocks (Settings::block_vips).
void Daemon::block(const Settings &st, const std::vector<const Vip *> &vips, bool on)
{
	if (!st.block_vips || firewall_failed_)
		return;
	try {
		if (!firewall_)
			firewall_ = std::make_unique<Firewall>();
		for (const Vip *v : vips)
			on ? firewall_->block(v->spec.addr) : firewall_->unblock(v->spec.addr);
	} catch (const Error &e) {
		// keepalived carries on without its firewall too
		sys::log(LOG_INFO, tag(st.params.name) + "traffic to the addresses is not blocked: " + e.what());
		firewall_failed_ = !firewall_;
	}
}

void Daemon::add_vips(Router &r)
{
	log_vips(r.st, true);
	set_vips(r, all_vips(r.st), true);
	arm_garp(r);
}

// RFC 5798 6.4.1: announce at once; keepalived repeats after
// garp_master_delay for switches that were slow to learn, and every
// garp_master_refresh while master.
void Daemon::arm_garp(Router &r)
{
	announce(r, r.st.garp.repeat);
	r.garp.arm(r.st.garp.delay, [this, &r] {
		announce(r, r.st.garp.repeat);
		if (r.st.garp.refresh.count() > 0)
			r.garp.arm(r.st.garp.refresh, [this, &r] { refresh_garp(r); });
	});
}

void Daemon::refresh_garp(Router &r)
{
	announce(r, r.st.garp.refresh_repeat);
	r.garp.arm(r.st.garp.refresh, [this, &r] { refresh_garp(r); });
}

void Daemon::remove_vips(Router &r)
{
	r.stats.release_master++;
	r.garp.cancel();
	// -V leaves them behind when the daemon stops, not when a reload
	// removes their instance.
	if (!stopping_ || opts_.release_vips) {
		log_vips(r.st, false);
		set_vips(r, all_vips(r.st), false);
	}
}

void Daemon::receive(Router &r)
{
	while (auto p = r.link.sock->receive()) {
		if (p->malformed) {
			r.stats.dropped(Drop::truncated)++;
			continue;
		}
		Decoded d = decode(p->msg, p->env);
		if (!d.drop)
			d.drop = check(d.advert, p->env, r.st.expect);
		if (d.drop) {
			if (++r.stats.dropped(*d.drop) == 1 && *d.drop != Drop::vrid)
				sys::log(LOG_INFO, tag(r.st.params.name) + "dropped an advert from " +
							   net::to_string(p->env.src) + ": " +
							   std::string(drop_name(*d.drop)));
			continue;
		}
		r.stats.advert_rcvd++;
		if (d.advert.priority == 0)
			r.stats.pri_zero_rcvd++;
		apply(r, on_advert(r.sm, d.advert, p->env.src));
	}
}

void Daemon::retrack(Router &r)
{
	int weight = 0;
	bool faulty = false;
	auto add = [&](const Tracked &t, bool up) {
		weight += weight_now(t, up);
		faulty |= t.weight == 0 && up == t.reverse;
	};
	for (const auto &t : r.st.scripts) {
		auto it = std::ranges::find_if(track_scripts_, [&](const auto &s) { return s->conf->name == t.name; });
		if (it != track_scripts_.end())
			add(t, (*it)->up);
	}
	for (const auto &t : r.st.interfaces)
		add(t, link_up_[if_nametoindex(t.name.c_str())]);
	uint8_t before = r.sm.effective;
	apply(r, set_tracking(r.sm, weight, faulty));
	if (r.sm.effective != before && r.sm.state != State::init)
		sys::log(LOG_INFO, tag(r.st.params.name) + "Changing effective priority from " +
					   std::to_string(before) + " to " + std::to_string(r.sm.effective));
}

void Daemon::run_track_script(TrackScript &t)
{
	const config::VrrpScript &c = *t.conf;
	auto timeout = std::chrono::microseconds(c.timeout ? c.timeout : c.interval);
	t.job = scripts_.run(c.script.command, t.who, timeout, [this, &t](const script::Exit &x) {
		t.job = 0;
		bool ok = !x.timed_out && WIFEXITED(x.wait_status) && WEXITSTATUS(x.wait_status) == 0;
		t.streak = ok == t.up ? 0 : t.streak + 1;
		if (t.streak >= (ok ? t.conf->rise : t.conf->fall)) {
			t.up = ok;
			t.streak = 0;
			sys::log(LOG_INFO, "Script `" + t.conf->name + "` now returning " + (ok ? "0" : "non-zero"));
			for (auto &r : routers_)
				retrack(*r);
		}
		t.timer.arm(std::chrono::microseconds(t.conf->interval), [this, &t] { run_track_script(t); });
	});
}

void Daemon::notify(Router &r, State s)
{
	const config::VrrpNotify &n = r.st.conf->notify;
	const config::Script *specific = s == State::master ? n.master.get()
				       : s == State::backup ? n.backup.get()
				       : s == State::fault  ? n.fault.get()
				       : s == State::stop   ? n.stop.get()
							    : nullptr;
	run_notify(r, specific, state_name(s));
}

void Daemon::run_notify(Router &r, const config::Script *specific, std::string_view state)
{
	const config::VrrpNotify &n = r.st.conf->notify;
	auto run = [&](const config::Script &sc, const std::string &cmd) {
		scripts_.run(cmd, script::run_as(sc, cfg_->global), 0s, [](const script::Exit &) {});
	};
	if (specific && !specific->command.empty())
		run(*specific, specific->command);
	// notify: "INSTANCE" name state priority, as keepalived appends them.
	if (n.any)
		run(*n.any, n.any->command + " INSTANCE " + quoted(r.st.params.name) + " " + std::string(state) +
				    " " + std::to_string(r.sm.effective));
}

// lvs_sync_daemon: the connection-sync daemon is master where the named
// instance is master and backup elsewhere, as keepalived runs it.
void Daemon::sync_daemon(Router &r, State s)
{
	const auto &sd = cfg_->global.lvs_sync_daemon;
	if (!sd || (!sd->vrrp_instance.empty() && sd->vrrp_instance != r.st.params.name))
		return;
	ipvs::Daemon d;
	d.mcast_ifn = sd->interface;
	d.syncid = sd->syncid == config::kNoCount ? r.st.expect.vrid : sd->syncid;
	d.sync_maxlen = static_cast<uint16_t>(sd->maxlen);
	d.mcast_port = static_cast<uint16_t>(sd->port);
	d.mcast_ttl = static_cast<uint8_t>(sd->ttl);
	d.mcast_group = sd->group.af ? sd->group : net::Addr{0, {}};
	uint32_t want = s == State::master ? IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP;
	try {
		ipvs::Client client;
		for (uint32_t role : {IP_VS_STATE_MASTER, IP_VS_STATE_BACKUP}) {
			ipvs::Daemon del;
			del.state = role;
			if (role != want || s == State::stop)
				client.execute(std::vector<ipvs::Op>{ipvs::op::DelDaemon{del}});
		}
		if (s != State::stop) {
			d.state = want;
			client.execute(ipvs::op::NewDaemon{d});
		}
	} catch (const Error &e) {
		sys::log(LOG_INFO, tag(r.st.params.name) + "lvs_sync_daemon: " + e.what());
	}
}

} // namespace lvs::vrrp
