// A vrrp_instance of the config as the daemon runs it: keepalived's
// defaults applied (version, priority, interval, gratuitous ARP timing),
// global settings folded in, interfaces resolved to indexes, the advert's
// address list and the rules a received advert must meet.
#pragma once

#include "core/config/model.hpp"
#include "core/vrrp/instance.hpp"
#include "core/vrrp/packet.hpp"
#include "core/vrrp/rtnl.hpp"

#include <string>
#include <vector>

namespace lvs::vrrp {

struct Vip {
	VipSpec spec;
	std::string dev; // where it lives and is announced
};

// garp_master_delay / _repeat / _refresh / _refresh_repeat.
struct Garp {
	Duration delay = std::chrono::seconds(5);
	uint32_t repeat = 5;
	Duration refresh{0}; // 0: never
	uint32_t refresh_repeat = 1;
};

// A tracked script or interface and how it moves the priority: a weight
// of 0 puts the instance in FAULT while the object is down.
struct Tracked {
	std::string name;
	int weight = 0;
	bool reverse = false;
};

struct Settings {
	Params params;
	Expect expect;
	uint16_t af = AF_INET;
	std::string interface;
	net::Addr src = {0, {}}; // unset (af 0): the interface's own address
	std::vector<net::Addr> peers;
	std::vector<Vip> vips, excluded;
	Garp garp;
	std::vector<Tracked> scripts, interfaces;
	// Not the owner and no accept mode (vrrp_strict's default): traffic
	// to the addresses is dropped while master (RFC 5798 6.4.3; firewall.hpp).
	bool block_vips = false;
	const config::VrrpInstance *conf = nullptr;
};

// Throws lvs::Error for what the parser lets through but a running
// instance cannot use (an interface that is gone, an empty address list).
std::vector<Settings> resolve(const config::Config &cfg);

// Every address of the instance, advertised or excluded.
std::vector<const Vip *> all_vips(const Settings &st);

// Whether two instances are the same virtual router on the wire, as
// keepalived matches them across a reload: VRID, family, interface, and
// multicast or unicast from the same source. The name may change.
bool same_router(const Settings &a, const Settings &b);

// The weight a tracked object adds now: keepalived's rule (a positive
// weight counts while the object is up, a negative one while it is down;
// reverse swaps up and down).
int weight_now(const Tracked &t, bool up);

} // namespace lvs::vrrp
