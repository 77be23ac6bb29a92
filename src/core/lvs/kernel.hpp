// The kernel's whole IPVS table read back as a Table, for diff(): every
// service with its destinations and, where the kernel has local-address
// pools (our full-NAT module), its local addresses.
#pragma once

#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"

namespace lvs::table {

Table read_table(ipvs::Client &client);

} // namespace lvs::table
