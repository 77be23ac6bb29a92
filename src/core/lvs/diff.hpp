// From the table the kernel has to the table we want, with exactly the
// operations it takes: services, destinations and local addresses are
// matched by the identity the kernel uses (hash maps, so O(n) in the size
// of both tables), and only what differs is sent. What changes is changed
// in place (SET_SERVICE, SET_DEST), never deleted and added again, so
// connections and counters of what stays are untouched.
//
// A destination leaving a service that drains (tcp_draining_timeout) is
// not deleted: it is set to weight 0 and listed in Plan::draining, for the
// caller to delete once it is idle or its time is up (R-DRAIN-1).
#pragma once

#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lvs::table {

struct Draining {
	size_t entry;     // index into the wanted table's entries
	ipvs::Dest dest;  // as the kernel has it once the plan is carried out
	uint32_t timeout; // seconds before it is deleted even if busy; 0: only once idle
};

struct Plan {
	std::vector<ipvs::Op> ops;
	std::vector<Draining> draining;
};

// `current` is what the kernel has: read back from it, or what the last
// plan left there (installed()). Counters in it are ignored.
Plan diff(const Table &current, const Table &wanted);

// What the kernel holds once `plan` (from diff(…, wanted)) is carried
// out: `wanted` and the destinations still draining.
Table installed(Table wanted, const Plan &plan);

struct ServiceKeyHash {
	size_t operator()(const ipvs::ServiceKey &k) const;
};

} // namespace lvs::table
