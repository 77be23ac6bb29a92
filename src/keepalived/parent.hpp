// keepalived's parent process: daemonizes (unless -n), holds the pid file,
// starts the checker process (virtual servers) and the VRRP process
// (vrrp_instance blocks; -C and -P pick one) and supervises them. A child
// killed by a signal is started again, with a growing delay if it keeps
// dying young (R-KA-RESPAWN), unless -R; one that exits with an error
// stops the daemon. SIGHUP, SIGUSR1 and SIGUSR2 go on to the checker
// process (the VRRP process keeps its state over a reload); SIGTERM and
// SIGINT stop both, and if the checker process has not finished within
// child_wait_time the parent kills it and flushes the IPVS table itself
// (unless -I), so a stop never leaves a half-removed table (keepalived
// issue #1173).
#pragma once

#include "keepalived/options.hpp"

namespace lvs::keepalived {

int run_daemon(const Settings &settings);

} // namespace lvs::keepalived
