// 1.31's readers of option values, each with the message it fails with
// (they throw fail()'s Exit): numbers, timeouts, marks, "host[:port]",
// scheduler flags, tunnel types, multicast groups.
#pragma once

#include "core/ipvs/model.hpp"

#include <cstdint>
#include <string>

namespace lvs::ipvsadm {

// A whole base-10 number in [min, max] (1.31's string_to_number), or
// fail(message).
uint32_t checked(const std::string &s, long min, long max, const char *message);
// Seconds, min..31 days.
uint32_t timeout_value(const std::string &s, long min);
uint32_t fwmark_value(const std::string &s);

// What 1.31's parse_service found in "host[:port]" or "[v6]:port".
enum : int { kNothing = 0, kAddr = 1, kPort = 2 };
struct HostPort {
	int found = kNothing;
	net::Addr addr;
	uint16_t port = 0;
};
// Port names are looked up for protocol (IPPROTO_*).
HostPort host_port(std::string text, uint16_t protocol);

// -b's comma-separated list for the scheduler named (empty: wlc).
uint32_t parse_sched_flags(const std::string &list, const std::string &sched_name);
uint8_t tunnel_type(const std::string &name);
net::Addr mcast_group(const std::string &text);

} // namespace lvs::ipvsadm
