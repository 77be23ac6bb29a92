// How messages name a virtual server and class its forwarding method:
// what validation, the table and the daemon's log lines share.
#pragma once

#include "core/config/model.hpp"

#include <string>

namespace lvs::config {

// keepalived's FMT_VS: "[10.0.0.1]:tcp:80", "FWM 1", "[GROUP]:0".
std::string virtual_server_name(const VirtualServer &vs);
// Full NAT, plain or inside VXLAN: the methods that take local addresses.
bool fnat(Forward f);

} // namespace lvs::config
