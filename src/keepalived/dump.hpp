// What SIGUSR1 and SIGUSR2 write, as keepalived does: the data (the
// effective configuration and the table installed from it) and the stats
// (the kernel's counters of the services installed).
#pragma once

#include "core/config/model.hpp"
#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"

namespace lvs::keepalived {

void write_data(const char *path, const config::Config &cfg, const table::Table &installed);
void write_stats(const char *path, ipvs::Client &client, const table::Table &installed);

} // namespace lvs::keepalived
