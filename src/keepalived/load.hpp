// Loading the config for the daemon: read it whole, log what is wrong
// with it, and say whether it can be acted on. The same rule at start, at
// a respawn and at a reload, so a config the daemon refuses changes
// nothing in the kernel.
#pragma once

#include "core/config/model.hpp"
#include "keepalived/options.hpp"

#include <optional>

namespace lvs::keepalived {

// The config, or nullopt when it cannot be read, its blocks or quotes do
// not balance (what it says is not what was meant), a missing file is an
// error (-e), or, with reload_check_config, it has any error at all. A
// file changed while it was read is read again.
std::optional<config::Config> load_config(const Settings &settings);

// A top-level or global_defs keyword kept as written (child_wait_time,
// reload_check_config...), or nullptr.
const config::Setting *setting(const config::Config &cfg, const char *name);

} // namespace lvs::keepalived
