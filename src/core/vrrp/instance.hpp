// One virtual router's state machine (RFC 3768 6.4, RFC 5798 6.4), as pure
// logic: events in, actions out. It reads no clock and touches no socket;
// the daemon turns its actions into packets, addresses, scripts and loop
// timers, and feeds back what happens. Tests drive it by hand.
#pragma once

#include "core/net/addr.hpp"
#include "core/vrrp/packet.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::vrrp {

using Duration = std::chrono::microseconds;

enum class State : uint8_t { init, backup, master, fault, stop };
std::string_view state_name(State s); // "INIT", "BACKUP", "MASTER", "FAULT", "STOP"

// What the config says, resolved (defaults applied).
struct Params {
	std::string name;
	uint8_t version = 2;
	uint8_t priority = 100; // base; 255: address owner
	Duration advert = std::chrono::seconds(1);
	bool start_master = false; // state MASTER
	bool preempt = true;
	Duration preempt_delay{0};
	uint32_t down_adverts = 3;  // down_timer_adverts
	// A master ignores a lower priority advert instead of answering it at
	// once (RFC 5798 6.4.3; lower_prio_no_advert, forced by vrrp_strict).
	bool lower_prio_no_advert = false;
	net::Addr primary{0, {}}; // the address we send from: breaks priority ties
};

enum class Act : uint8_t {
	enter,      // state changed to `state`: log, notify, tell the sync group
	send,       // an advert with `priority` (0: we resign)
	add_vips,   // and announce them (gratuitous ARP / unsolicited NA)
	remove_vips,
	arm,        // the one protocol timer: advert (master) or master-down (backup)
	disarm,
	arm_preempt, // the end of preempt_delay
};

struct Action {
	Act act;
	State state = State::init;
	uint8_t priority = 0;
	Duration after{0};

	friend bool operator==(const Action &, const Action &) = default;
};
using Actions = std::vector<Action>;

struct Instance {
	Params p;
	State state = State::init;
	uint8_t effective = 100;     // priority after tracking weights
	Duration master_advert{0};   // v3: the current master's interval
	bool preempt_held = false;   // within preempt_delay of the start
	bool faulty = false;         // a tracked object with no weight is down
};

Instance make_instance(Params p);

// Master_Down_Interval: down_adverts × the master's interval + skew.
Duration master_down(const Instance &in);

// The events.
Actions start(Instance &in);
Actions on_advert(Instance &in, const Advert &a, const net::Addr &src);
Actions on_timer(Instance &in);         // the protocol timer fired
Actions on_preempt_delay_end(Instance &in);
// Tracking changed: the sum of the weights that apply now, and whether a
// zero-weight tracked object is down.
Actions set_tracking(Instance &in, int weight, bool faulty);
// A member of our sync group entered `to`; follow it.
Actions follow(Instance &in, State to);
Actions stop(Instance &in);

} // namespace lvs::vrrp
