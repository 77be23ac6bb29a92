// vip_bind_dev (R-KA-VIP, EulerOS): a virtual server's address goes on the
// named device while at least one of its real servers is up; so one with
// no real servers gets none (quorum_up would give it one, guide §3.2).
// The daemon adds and removes them (src/keepalived/vip_binder.*); this is
// the pure half: which addresses should be there.
#pragma once

#include "core/config/model.hpp"
#include "core/ipvs/model.hpp"
#include "core/lvs/health.hpp"

#include <compare>
#include <string>
#include <vector>

namespace lvs::table {

struct BoundVip {
	std::string dev;
	net::Addr addr;

	friend bool operator==(const BoundVip &, const BoundVip &) = default;
	friend auto operator<=>(const BoundVip &, const BoundVip &) = default;
};

// Sorted, each once (virtual servers on several ports share an address).
// A group's virtual server binds every address of its ranges; fwmarks
// have none to bind.
std::vector<BoundVip> bound_vips(const config::Config &cfg, const HealthView &health);

} // namespace lvs::table
