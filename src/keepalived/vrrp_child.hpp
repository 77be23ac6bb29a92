// The VRRP child of keepalived (keepalived's Keepalived_vrrp): the
// process the parent forks for VRRP. SIGHUP reloads the config,
// SIGUSR2 writes the instances' counters, SIGTERM/SIGINT stop it.
#pragma once

#include "core/config/model.hpp"
#include "keepalived/options.hpp"

namespace lvs::keepalived {

// Runs cfg until SIGTERM/SIGINT; returns the process's exit status.
int vrrp_child(const Settings &settings, config::Config cfg);

} // namespace lvs::keepalived
