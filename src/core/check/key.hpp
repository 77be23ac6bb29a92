// A real server's health identity, and its health. The key is what
// keepalived matches across a reload (vs_iseq, rs_iseq): the virtual
// server by group name, by family and fwmark, or by protocol and
// address:port; the real server by address:port.
#pragma once

#include "core/config/model.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace lvs::check {

struct TargetKey {
	config::VsKind kind = config::VsKind::address;
	std::uint16_t af = 0, protocol = 0;
	ipvs::Addr vs_addr{};
	std::uint16_t vs_port = 0;
	std::uint32_t fwmark = 0;
	std::string group;
	ipvs::Addr rs_addr{};
	std::uint16_t rs_port = 0;

	friend bool operator==(const TargetKey &, const TargetKey &) = default;
};

struct TargetKeyHash {
	std::size_t operator()(const TargetKey &k) const;
};

TargetKey target_key(const config::VirtualServer &vs, const config::RealServer &rs);
// "[10.0.0.1]:tcp:80 / [192.168.1.2]:tcp:80", for logs and test messages.
std::string to_string(const TargetKey &k);

// Up or down, and the weight the real server should have while up: its
// configured weight, or what a misc_dynamic script last said.
struct Health {
	bool up = true;
	std::uint32_t weight = 0;

	friend bool operator==(const Health &, const Health &) = default;
};

} // namespace lvs::check
