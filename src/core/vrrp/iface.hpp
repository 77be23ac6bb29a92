// What the VRRP daemon needs to know about one interface: its index, its
// hardware address, and the addresses adverts are sent from (the primary
// IPv4 address, the IPv6 link-local one). Read when an instance starts.
#pragma once

#include "core/net/addr.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace lvs::vrrp {

struct Iface {
	std::string name;
	unsigned index = 0;
	std::array<uint8_t, 6> mac{};
	std::optional<net::Addr> ipv4;       // the first (primary) address
	std::optional<net::Addr> ipv6_local; // fe80::/10
};

// Throws lvs::Error when there is no such interface.
Iface read_iface(const std::string &name);

} // namespace lvs::vrrp
