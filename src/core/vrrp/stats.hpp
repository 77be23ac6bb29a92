// What keepalived counts per VRRP instance, and its SIGUSR2 dump
// (/tmp/keepalived.stats): adverts in and out, mastership changes, and the
// adverts dropped, by reason. Reasons keepalived has no line for (version,
// checksum, cast, peer...) are counted too but only logged.
#pragma once

#include "core/vrrp/packet.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace lvs::vrrp {

struct Stats {
	uint64_t advert_rcvd = 0; // adverts that passed every check
	uint64_t advert_sent = 0;
	uint64_t become_master = 0;
	uint64_t release_master = 0;
	uint64_t pri_zero_rcvd = 0;
	uint64_t pri_zero_sent = 0;
	std::array<uint64_t, kDrops> drops{};

	uint64_t &dropped(Drop d) { return drops[static_cast<size_t>(d)]; }
	uint64_t dropped(Drop d) const { return drops[static_cast<size_t>(d)]; }
};

// One instance's block, line for line as keepalived 2.2.7 writes it.
std::string format_stats(const std::string &instance, const Stats &s);

} // namespace lvs::vrrp
