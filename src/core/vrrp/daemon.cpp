#include "core/vrrp/daemon.hpp"

#include "core/error.hpp"
#include "core/ipvs/address.hpp"
#include "core/ipvs/client.hpp"
#include "core/vrrp/log.hpp"

#include <linux/ip_vs.h>
#include <net/if.h>
#include <sys/epoll.h>
#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstdio>

namespace lvs::vrrp {

using namespace std::chrono_literals;

// One vrrp_instance at run time.
struct Daemon::Router {
	Settings st;
	Instance sm;
	Iface iface;
	ipvs::Addr src;
	std::unique_ptr<Socket> sock;
	event::Timer timer, preempt, garp;
	std::vector<Router *> sync; // the other members of its sync group
	std::array<uint64_t, kDrops> drops{};
	bool watching = false;

	Router(event::Loop &loop, Settings s)
		: st(std::move(s)), sm(make_instance(st.params)), timer(loop), preempt(loop), garp(loop)
	{
	}
};

// One vrrp_script: run every interval; rise/fall successes/failures in a
// row change its state.
struct Daemon::TrackScript {
	const config::VrrpScript &conf;
	check::RunAs who;
	bool up;
	uint32_t streak = 0; // results in a row against the current state
	event::Timer timer;

	TrackScript(event::Loop &loop, const config::VrrpScript &c, check::RunAs w)
		: conf(c), who(w), up(!c.init_fail), timer(loop)
	{
	}
};

namespace {

std::string tag(const std::string &name)
{
	return "(" + name + ") ";
}

std::string quoted(const std::string &s)
{
	std::string out = "'";
	for (char c : s)
		out += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return out + "'";
}

} // namespace

Daemon::Daemon(event::Loop &loop, const config::Config &cfg, DaemonOptions opts)
	: loop_(loop), cfg_(cfg), opts_(opts), scripts_(loop)
{
	for (auto &st : resolve(cfg))
		routers_.push_back(std::make_unique<Router>(loop, std::move(st)));
	for (const auto &sg : cfg.vrrp.sync_groups) {
		std::vector<Router *> members;
		for (auto &r : routers_)
			if (std::ranges::count(sg.group, r->st.params.name))
				members.push_back(r.get());
		for (Router *m : members)
			for (Router *other : members)
				if (other != m)
					m->sync.push_back(other);
	}
	for (const auto &s : cfg.vrrp.scripts)
		track_scripts_.push_back(
			std::make_unique<TrackScript>(loop, s, check::run_as(s.script, cfg.global)));
	for (auto &r : routers_) {
		r->iface = read_iface(r->st.interface);
		auto own = r->st.af == AF_INET6 ? r->iface.ipv6_local : r->iface.ipv4;
		if (r->st.src.af == r->st.af)
			r->src = r->st.src;
		else if (own)
			r->src = *own;
		else
			throw Error(tag(r->st.params.name) + "interface " + r->st.interface + " has no " +
				    (r->st.af == AF_INET6 ? "link-local IPv6" : "IPv4") + " address to send from");
		r->sm.p.primary = r->src;
		r->st.params.primary = r->src;
		r->sock = std::make_unique<Socket>(r->st.af, r->st.interface, r->iface.index, r->src,
						   r->st.peers.empty());
		for (const auto &t : r->st.interfaces)
			link_up_[if_nametoindex(t.name.c_str())] = false;
	}
	for (auto &[index, up] : link_up_)
		up = rtnl_.link_up(index);
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
		if (r->watching)
			loop_.unwatch(r->sock->fd());
}

void Daemon::start()
{
	for (auto &r : routers_) {
		Router *rp = r.get();
		loop_.watch(r->sock->fd(), EPOLLIN, [this, rp](uint32_t) { receive(*rp); });
		r->watching = true;
		for (const auto &v : r->st.vips)
			rtnl_.remove(v.spec); // a previous run's leftovers: we are not master yet
		// The tracked state as of now, before the first state is chosen.
		retrack(*r);
		apply(*r, vrrp::start(r->sm));
	}
	for (auto &t : track_scripts_)
		run_track_script(*t);
}

void Daemon::stop()
{
	for (auto &t : track_scripts_)
		t->timer.cancel();
	for (auto &r : routers_) {
		r->garp.cancel();
		r->preempt.cancel();
		apply(*r, vrrp::stop(r->sm));
	}
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
			r.timer.arm(a.after, [this, &r] { apply(r, on_timer(r.sm)); });
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
	if (s != State::stop)
		log(tag(r.st.params.name) + "Entering " + std::string(state_name(s)) + " STATE");
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
	std::vector<ipvs::Addr> dsts = r.st.peers;
	if (dsts.empty())
		dsts.push_back(multicast_group(r.st.af));
	for (const auto &dst : dsts) {
		try {
			r.sock->send(encode(a, {r.src, dst, kTtl}), dst);
		} catch (const Error &e) {
			log(tag(r.st.params.name) + e.what());
		}
	}
}

Announcer &Daemon::announcer(const std::string &dev)
{
	auto &a = announcers_[dev];
	if (!a)
		a = std::make_unique<Announcer>(read_iface(dev));
	return *a;
}

namespace {

// Every address of the instance, advertised or excluded.
template <typename Fn> void each_vip(const Settings &st, Fn fn)
{
	for (const auto *list : {&st.vips, &st.excluded})
		for (const auto &v : *list)
			fn(v);
}

} // namespace

void Daemon::announce(Router &r, uint32_t times)
{
	for (uint32_t i = 0; i < times; i++)
		each_vip(r.st, [&](const Vip &v) {
			if (!announcer(v.dev).announce(v.spec.addr))
				log(tag(r.st.params.name) + "gratuitous ARP/NA for " + ipvs::to_string(v.spec.addr) +
				    " failed");
		});
}

void Daemon::set_vips(Router &r, bool add)
{
	each_vip(r.st, [&](const Vip &v) {
		try {
			add ? rtnl_.add(v.spec) : rtnl_.remove(v.spec);
		} catch (const Error &e) {
			log(tag(r.st.params.name) + e.what());
		}
	});
}

void Daemon::add_vips(Router &r)
{
	set_vips(r, true);
	// RFC 5798 6.4.1: announce at once; keepalived repeats after
	// garp_master_delay for switches that were slow to learn, and every
	// garp_master_refresh while master.
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
	r.garp.cancel();
	if (r.sm.state != State::stop || opts_.release_vips)
		set_vips(r, false);
}

void Daemon::receive(Router &r)
{
	while (auto p = r.sock->receive()) {
		if (p->malformed) {
			r.drops[static_cast<size_t>(Drop::truncated)]++;
			continue;
		}
		Decoded d = decode(p->msg, p->env);
		if (!d.drop)
			d.drop = check(d.advert, p->env, r.st.expect);
		if (d.drop) {
			r.drops[static_cast<size_t>(*d.drop)]++;
			if (*d.drop != Drop::vrid && r.drops[static_cast<size_t>(*d.drop)] == 1)
				log(tag(r.st.params.name) + "dropped an advert from " + ipvs::to_string(p->env.src) +
				    ": " + std::string(drop_name(*d.drop)));
			continue;
		}
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
		auto it = std::ranges::find_if(track_scripts_, [&](const auto &s) { return s->conf.name == t.name; });
		if (it != track_scripts_.end())
			add(t, (*it)->up);
	}
	for (const auto &t : r.st.interfaces)
		add(t, link_up_[if_nametoindex(t.name.c_str())]);
	uint8_t before = r.sm.effective;
	apply(r, set_tracking(r.sm, weight, faulty));
	if (r.sm.effective != before && r.sm.state != State::init)
		log(tag(r.st.params.name) + "Changing effective priority from " + std::to_string(before) +
		    " to " + std::to_string(r.sm.effective));
}

void Daemon::run_track_script(TrackScript &t)
{
	auto timeout = std::chrono::microseconds(t.conf.timeout ? t.conf.timeout : t.conf.interval);
	scripts_.run(t.conf.script.command, t.who, timeout, [this, &t](const check::ScriptExit &x) {
		bool ok = !x.timed_out && WIFEXITED(x.wait_status) && WEXITSTATUS(x.wait_status) == 0;
		t.streak = ok == t.up ? 0 : t.streak + 1;
		if (t.streak >= (ok ? t.conf.rise : t.conf.fall)) {
			t.up = ok;
			t.streak = 0;
			log("Script `" + t.conf.name + "` now returning " + (ok ? "0" : "non-zero"));
			for (auto &r : routers_)
				retrack(*r);
		}
		t.timer.arm(std::chrono::microseconds(t.conf.interval), [this, &t] { run_track_script(t); });
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
	auto run = [&](const config::Script &sc, const std::string &cmd) {
		scripts_.run(cmd, check::run_as(sc, cfg_.global), 0s, [](const check::ScriptExit &) {});
	};
	if (specific)
		run(*specific, specific->command);
	// notify: "INSTANCE" name state priority, as keepalived appends them.
	if (n.any)
		run(*n.any, n.any->command + " INSTANCE " + quoted(r.st.params.name) + " " +
				    std::string(state_name(s)) + " " + std::to_string(r.sm.effective));
}

// lvs_sync_daemon: the connection-sync daemon is master where the named
// instance is master and backup elsewhere, as keepalived runs it.
void Daemon::sync_daemon(Router &r, State s)
{
	const auto &sd = cfg_.global.lvs_sync_daemon;
	if (!sd || (!sd->vrrp_instance.empty() && sd->vrrp_instance != r.st.params.name))
		return;
	ipvs::Daemon d;
	d.mcast_ifn = sd->interface;
	d.syncid = sd->syncid == config::kNoCount ? r.st.expect.vrid : sd->syncid;
	d.sync_maxlen = static_cast<uint16_t>(sd->maxlen);
	d.mcast_port = static_cast<uint16_t>(sd->port);
	d.mcast_ttl = static_cast<uint8_t>(sd->ttl);
	d.mcast_group = sd->group.af ? sd->group : ipvs::Addr{0, {}};
	uint32_t want = s == State::master ? IP_VS_STATE_MASTER : IP_VS_STATE_BACKUP;
	try {
		ipvs::Client client;
		for (uint32_t role : {IP_VS_STATE_MASTER, IP_VS_STATE_BACKUP}) {
			ipvs::Daemon del;
			del.state = role;
			if (role != want || s == State::stop)
				client.execute(std::vector<ipvs::Op>{{IPVS_CMD_DEL_DAEMON, {}, {}, {}, del}});
		}
		if (s != State::stop) {
			d.state = want;
			client.execute(ipvs::Op{IPVS_CMD_NEW_DAEMON, {}, {}, {}, d});
		}
	} catch (const Error &e) {
		log(tag(r.st.params.name) + "lvs_sync_daemon: " + e.what());
	}
}

int run(const config::Config &cfg, const DaemonOptions &opts)
{
	open_log(opts.log_console);
	try {
		event::Loop loop;
		Daemon d(loop, cfg, opts);
		loop.on_signal(SIGTERM, [&] { loop.stop(); });
		loop.on_signal(SIGINT, [&] { loop.stop(); });
		d.start();
		loop.run();
		log("Stopping");
		d.stop();
		// The stop notifies run to completion, within reason.
		auto deadline = loop.now() + 5s;
		while (!d.idle() && loop.now() < deadline)
			loop.run_once(100ms);
		return 0;
	} catch (const Error &e) {
		log(e.what());
		std::fprintf(stderr, "keepalived: %s\n", e.what());
		return 1;
	}
}

} // namespace lvs::vrrp
