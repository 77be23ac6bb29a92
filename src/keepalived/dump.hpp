// What SIGUSR1 and SIGUSR2 write, as keepalived does: the data (the
// effective configuration and the table installed from it) and the stats
// (the VRRP instances' counters; without VRRP, the kernel's counters of
// the services installed).
#pragma once

#include "core/config/model.hpp"
#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"

namespace lvs::keepalived {

inline constexpr const char *kDataFile = "/tmp/keepalived.data";
inline constexpr const char *kStatsFile = "/tmp/keepalived.stats";

// Writes text to path in one go, or logs why it could not.
void write_file(const char *path, const std::string &text);

void write_data(const char *path, const config::Config &cfg, const table::Table &installed);
void write_stats(const char *path, ipvs::Client &client, const table::Table &installed);

} // namespace lvs::keepalived
