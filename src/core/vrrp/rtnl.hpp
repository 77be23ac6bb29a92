// rtnetlink for VRRP: adding and removing the virtual addresses (with
// their label, scope and broadcast, as `ip address add` takes them), and
// the link state that track_interface follows. Plain NETLINK_ROUTE
// messages: a handful of attributes do not need libnl-route.
#pragma once

#include "core/net/addr.hpp"
#include "core/sys/fd.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace lvs::vrrp {

// A lifetime that never ends (the kernel's INFINITY_LIFE_TIME).
constexpr uint32_t kForever = 0xFFFFFFFF;

struct VipSpec {
	net::Addr addr = {0, {}};
	uint8_t prefix = 32;
	unsigned ifindex = 0;
	std::string label;
	uint8_t scope = 0; // RT_SCOPE_UNIVERSE
	std::optional<net::Addr> broadcast;
	uint32_t preferred_lft = kForever; // IPv6 only; 0 is "deprecated"

	friend bool operator==(const VipSpec &, const VipSpec &) = default;
};

// Requests with an ACK each, one at a time.
class Rtnl {
public:
	Rtnl();
	// An address already there (add) or already gone (remove) is success:
	// the outcome is what was asked. Other errors throw lvs::Error.
	void add(const VipSpec &v);
	void remove(const VipSpec &v);
	// IFF_UP and IFF_RUNNING, as keepalived reads "up".
	bool link_up(unsigned ifindex);

private:
	void request(uint16_t type, uint16_t flags, const VipSpec &v);

	sys::Fd fd_;
	uint32_t seq_ = 0;
};

// A socket on the link multicast group: every link change, as it happens.
class LinkWatch {
public:
	using Changed = std::function<void(unsigned ifindex, bool up)>;
	LinkWatch();
	int fd() const { return fd_.get(); }
	// Reads what is waiting and reports each link message.
	void drain(const Changed &fn);

private:
	sys::Fd fd_;
};

} // namespace lvs::vrrp
