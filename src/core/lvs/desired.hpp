// The kernel table a keepalived config asks for, given what the health
// checks say: the middle step of config → model → table → diff → netlink.
// Virtual-server groups expand to one kernel service per address of each
// range and per fwmark; a real server that is down is left out (or kept at
// weight 0 under inhibit_on_failure); a virtual server without quorum
// (quorum.hpp) gets its sorry server in place of its live real servers.
#pragma once

#include "core/config/model.hpp"
#include "core/ipvs/model.hpp"
#include "core/lvs/health.hpp"
#include "core/lvs/quorum.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lvs::table {

// One kernel service as the kernel lists it (ipvs::ServiceEntry), plus
// what the table alone knows: tcp_draining_timeout (EulerOS). A
// destination that leaves a draining service is drained (weight 0,
// deleted once idle, or after this many seconds when not 0); nullopt:
// deleted at once, as keepalived does.
struct Entry : ipvs::ServiceEntry {
	std::optional<uint32_t> drain;
};

struct Table {
	std::vector<Entry> entries;
	ipvs::Timeouts timeouts;           // lvs_timeouts; 0: leave the kernel's value
	std::vector<ipvs::Daemon> daemons; // lvs_sync_daemon
	// What the config asks that the kernel cannot be given, one line each.
	std::vector<std::string> notes;
};

// Every kernel service of a virtual server: one, or one per address and
// fwmark of its group.
std::vector<ipvs::ServiceKey> service_keys(const config::Config &cfg, const config::VirtualServer &vs);

// `quorum`: the daemon's quorum states; empty, each virtual server's is
// judged as at a fresh start.
Table desired(const config::Config &cfg, const HealthView &health, const QuorumView &quorum = {});

// Only the entries of the virtual servers at `vs` (indexes into the
// config's virtual_servers), without the globals: what a re-plan after
// health changes sends (Director::apply_part).
Table desired_for(const config::Config &cfg, const std::vector<size_t> &vs, const HealthView &health,
		  const QuorumView &quorum);

} // namespace lvs::table
