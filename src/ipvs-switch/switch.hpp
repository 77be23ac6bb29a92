// Carrying out a switch: the checks, then the guide's steps (clear the
// IPVS table, unload, depmod, load), each announced on `out` before it runs.
#pragma once

#include "ipvs-switch/plan.hpp"
#include "ipvs-switch/settings.hpp"

#include <cstdio>

namespace lvs::ipvs_switch {

// Throws lvs::Error, naming what refused or failed; the steps announced
// before it have been done.
void switch_to(Mode target, const Settings &settings, std::FILE *out);

} // namespace lvs::ipvs_switch
