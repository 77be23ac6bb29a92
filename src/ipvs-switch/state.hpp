// The mode chosen last, kept across reboots: the kernel forgets which IPVS
// module was loaded, so a boot-time `ipvs-switch --restore` (the systemd
// unit ipvs-switch.service) puts it back before keepalived starts.
#pragma once

#include "ipvs-switch/plan.hpp"

#include <optional>
#include <string>

namespace lvs::ipvs_switch {

inline constexpr const char *kStateFile = "/var/lib/lvsbox/ipvs-mode";

// The saved mode; nullopt when none was saved. Throws lvs::Error, naming
// the file, when it holds anything but "orig" or "fnat".
std::optional<Mode> saved_mode(const std::string &file);

// Saves the mode (replacing the file whole, never half-written).
void save_mode(Mode mode, const std::string &file);

} // namespace lvs::ipvs_switch
