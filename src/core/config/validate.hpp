// The parts of validate(), one file each.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/model.hpp"
#include "core/config/names.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::config {

// The EulerOS options of one virtual server (validate_ext.cpp).
void validate_extensions(const Config &cfg, const VirtualServer &vs, Diagnostics &d);
// checker_merge across virtual servers (validate_ext.cpp).
void validate_checker_merge(const Config &cfg, Diagnostics &d);
// vrrp_validate_config() (validate_vrrp.cpp).
void validate_vrrp(Config &cfg, Diagnostics &d);
// vrrp_strict's rules apply to vi: its strict_mode, else global vrrp_strict.
bool vrrp_strict(const GlobalDefs &g, const VrrpInstance &vi);
// An on/off keyword kept as written: nullopt when absent, on without a value.
std::optional<bool> flag(const std::vector<Setting> &list, std::string_view name);
// Script security, both halves (validate_scripts.cpp).
void validate_scripts(const Config &cfg, Diagnostics &d);

} // namespace lvs::config
