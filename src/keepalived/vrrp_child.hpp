// The VRRP child of keepalived: what runs in the process the parent forks
// for VRRP (keepalived's Keepalived_vrrp), and what `keepalived -P -n`
// runs in the foreground until the parent exists.
#pragma once

#include "core/config/model.hpp"

namespace lvs::keepalived {

struct VrrpChildOptions {
	bool log_console = false; // -l
	bool keep_vips = false;   // -V: leave the addresses behind at stop
};

// Runs until SIGTERM/SIGINT; returns the process's exit status.
int vrrp_child(const config::Config &cfg, const VrrpChildOptions &opts);

} // namespace lvs::keepalived
