#include "core/vrrp/settings.hpp"

#include "core/config/validate.hpp"
#include "core/config/values.hpp"
#include "core/error.hpp"
#include "core/net/addr.hpp"

#include <arpa/inet.h>
#include <net/if.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace lvs::vrrp {

namespace {

using config::Setting;

const Setting *find(const std::vector<Setting> &list, std::string_view name)
{
	auto it = std::ranges::find_if(list, [&](const Setting &s) { return s.name == name; });
	return it == list.end() || it->args.empty() ? nullptr : &*it;
}

// The instance's own keyword, else the global one with a vrrp_ prefix.
uint32_t number(const config::Config &cfg, const config::VrrpInstance &vi, const std::string &name, uint32_t def)
{
	const Setting *s = find(vi.other, name);
	if (!s)
		s = find(cfg.global.other, "vrrp_" + name);
	uint32_t v = def;
	if (s)
		std::from_chars(s->args[0].data(), s->args[0].data() + s->args[0].size(), v);
	return v;
}

unsigned ifindex(const std::string &name, const std::string &who)
{
	unsigned i = if_nametoindex(name.c_str());
	if (!i)
		throw Error("(" + who + ") interface " + name + " does not exist");
	return i;
}

// brd ADDR, or + / -: the address with its host bits set / cleared.
std::optional<net::Addr> broadcast(const config::IpAddress &ip, const std::string &word)
{
	if (word != "+" && word != "-")
		return net::parse_ipv4_liberal(word);
	uint32_t host = ip.prefix >= 32 ? 0 : 0xffffffffU >> ip.prefix, a;
	std::memcpy(&a, ip.addr.bytes.data(), sizeof a);
	a = ntohl(a);
	return net::ipv4(htonl(word == "+" ? a | host : a & ~host));
}

// The config has checked the options' values (config/ipaddr.cpp) and kept
// only those that apply to the address's family.
Vip vip_of(const config::IpAddress &ip, const Settings &st)
{
	Vip v;
	v.dev = ip.dev.empty() ? st.interface : ip.dev;
	v.spec.addr = ip.addr;
	v.spec.prefix = ip.prefix;
	v.spec.ifindex = ifindex(v.dev, st.params.name);
	// keepalived 2.2.7: an IPv6 /128 is deprecated unless preferred_lft
	// says otherwise, so that it is not chosen as a source address.
	if (ip.addr.af == AF_INET6 && ip.prefix == 128)
		v.spec.preferred_lft = 0;
	for (size_t i = 0; i + 1 < ip.options.size(); i++) {
		const std::string &k = ip.options[i], &val = ip.options[i + 1];
		if (k == "label") {
			v.spec.label = val;
		} else if (k == "scope") {
			v.spec.scope = config::parse_scope(val).value_or(0);
		} else if (k == "brd") {
			v.spec.broadcast = broadcast(ip, val);
		} else if (k == "preferred_lft") {
			v.spec.preferred_lft = kForever;
			if (val != "forever")
				std::from_chars(val.data(), val.data() + val.size(), v.spec.preferred_lft);
		} else {
			continue;
		}
		i++;
	}
	return v;
}

std::vector<Tracked> tracked(const std::vector<config::TrackRef> &refs, auto default_weight)
{
	std::vector<Tracked> out;
	for (const auto &r : refs)
		out.push_back({r.name, r.weight.value_or(default_weight(r.name)), r.reverse});
	return out;
}

Settings resolve_one(const config::Config &cfg, const config::VrrpInstance &vi)
{
	Settings st;
	st.conf = &vi;
	st.interface = vi.interface; // validate() refuses an instance without one, as 2.2.7
	Params &p = st.params;
	p.name = vi.name;
	ifindex(st.interface, vi.name);
	if (vi.virtual_ipaddress.empty())
		throw Error("(" + vi.name + ") no virtual_ipaddress");
	st.af = vi.virtual_ipaddress.front().addr.af;
	uint32_t global_version = number(cfg, vi, "version", 2);
	p.version = st.af == AF_INET6 ? 3 : static_cast<uint8_t>(vi.version ? vi.version : global_version);
	// An initial MASTER without a priority is the address owner, as in keepalived.
	uint32_t default_priority = vi.state == config::VrrpState::master ? kOwnerPriority : 100;
	p.priority = static_cast<uint8_t>(vi.priority ? vi.priority : default_priority);
	config::Micros advert = vi.advert_int == config::kNoTime ? config::kSecond : vi.advert_int;
	if (p.version == 2) // whole seconds on the wire
		advert = std::max<config::Micros>(1, (advert + config::kSecond / 2) / config::kSecond) * config::kSecond;
	p.advert = Duration(advert);
	p.start_master = vi.state == config::VrrpState::master;
	p.preempt = !vi.nopreempt;
	p.preempt_delay = Duration(vi.preempt_delay);
	p.down_adverts = number(cfg, vi, "down_timer_adverts", 3);
	bool strict = config::vrrp_strict(cfg.global, vi);
	// keepalived: accept mode unless strict, always for the owner.
	bool accept = vi.accept == config::Inherit::unset ? !strict : vi.accept == config::Inherit::yes;
	st.block_vips = p.priority != kOwnerPriority && !accept;
	p.lower_prio_no_advert = strict ||
				 config::flag(vi.other, "lower_prio_no_advert")
					 .value_or(config::flag(cfg.global.other, "vrrp_lower_prio_no_advert").value_or(false));

	for (const auto &ip : vi.virtual_ipaddress)
		(ip.addr.af == st.af ? st.vips : st.excluded).push_back(vip_of(ip, st));
	for (const auto &ip : vi.virtual_ipaddress_excluded)
		st.excluded.push_back(vip_of(ip, st));
	for (const auto &peer : vi.unicast_peer)
		st.peers.push_back(peer.addr);
	net::Addr src = vi.unicast_peer.empty() ? vi.mcast_src_ip : vi.unicast_src_ip;
	if (src.af == st.af)
		st.src = src;

	Expect &e = st.expect;
	e.version = p.version;
	e.vrid = static_cast<uint8_t>(vi.virtual_router_id);
	e.interval_cs = static_cast<uint16_t>(advert / 10000);
	e.auth = p.version == 2 ? static_cast<Auth>(vi.auth_type) : Auth::none;
	std::memcpy(e.password.data(), vi.auth_pass.data(), std::min(vi.auth_pass.size(), kAuthLen));
	for (const auto &v : st.vips)
		e.addrs.push_back(v.spec.addr);
	e.peers = st.peers;

	Garp &g = st.garp;
	g.delay = std::chrono::seconds(number(cfg, vi, "garp_master_delay", 5));
	g.repeat = number(cfg, vi, "garp_master_repeat", 5);
	g.refresh = std::chrono::seconds(number(cfg, vi, "garp_master_refresh", 0));
	g.refresh_repeat = number(cfg, vi, "garp_master_refresh_repeat", 1);

	st.scripts = tracked(vi.track.scripts, [&](const std::string &name) {
		auto it = std::ranges::find_if(cfg.vrrp.scripts, [&](const auto &s) { return s.name == name; });
		return it == cfg.vrrp.scripts.end() ? 0 : it->weight;
	});
	st.interfaces = tracked(vi.track.interfaces, [](const std::string &) { return 0; });
	return st;
}

} // namespace

std::vector<Settings> resolve(const config::Config &cfg)
{
	std::vector<Settings> out;
	for (const auto &vi : cfg.vrrp.instances)
		out.push_back(resolve_one(cfg, vi));
	return out;
}

std::vector<const Vip *> all_vips(const Settings &st)
{
	std::vector<const Vip *> out;
	for (const auto *list : {&st.vips, &st.excluded})
		for (const auto &v : *list)
			out.push_back(&v);
	return out;
}

bool same_router(const Settings &a, const Settings &b)
{
	return a.expect.vrid == b.expect.vrid && a.af == b.af && a.interface == b.interface &&
	       a.peers.empty() == b.peers.empty() && (a.peers.empty() || a.src == b.src);
}

int weight_now(const Tracked &t, bool up)
{
	if (t.reverse)
		up = !up;
	if (t.weight > 0)
		return up ? t.weight : 0;
	return up ? 0 : t.weight;
}

} // namespace lvs::vrrp
