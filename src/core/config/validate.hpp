// The parts of validate(), one file each.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/model.hpp"

#include <string>

namespace lvs::config {

// keepalived's FMT_VS: "[10.0.0.1]:tcp:80", "FWM 1", "[GROUP]:0".
std::string virtual_server_name(const VirtualServer &vs);
bool fnat(Forward f);

// The EulerOS options of one virtual server (validate_ext.cpp).
void validate_extensions(const Config &cfg, const VirtualServer &vs, Diagnostics &d);
// checker_merge across virtual servers (validate_ext.cpp).
void validate_checker_merge(const Config &cfg, Diagnostics &d);
// vrrp_validate_config() (validate_vrrp.cpp).
void validate_vrrp(Config &cfg, Diagnostics &d);
// Script security, both halves (validate_scripts.cpp).
void validate_scripts(const Config &cfg, Diagnostics &d);

} // namespace lvs::config
