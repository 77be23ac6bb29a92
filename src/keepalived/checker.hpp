// keepalived's checker process (Keepalived_healthcheckers): programs the
// kernel's IPVS table from the config and keeps it so. At start, and at
// every respawn, it reads the kernel's table back and fixes whatever
// differs (R-KA-RESPAWN); SIGHUP reloads (parse first, then exactly the
// operations needed); SIGTERM removes what it installed unless -I, and
// the vip_bind_dev addresses unless -V, and runs omega's quorum_down;
// SIGUSR1/SIGUSR2 write /tmp/keepalived.data and /tmp/keepalived.stats.
// Quorum crossings run quorum_up/quorum_down (R-KA-QUORUM) and vip_bind_dev
// follows the live real servers (R-KA-VIP).
#pragma once

#include "core/config/model.hpp"
#include "keepalived/options.hpp"

#include <optional>

namespace lvs::keepalived {

// Runs the process to its end; returns its exit status. `config` is the
// parent's at the first start (so it is not parsed twice), nullopt at a
// respawn: the file is read again. lvs_flush applies at the first start.
int run_checkers(const Settings &settings, std::optional<config::Config> config, bool first_start);

} // namespace lvs::keepalived
