// What keepalived 2.2.7 says under -D, as each of its processes ends, of
// the CPU time it used: the VRRP process "Stopped - used 0.000000 user
// time, 0.060922 system time"; the checker process the same with its
// scripts' time after a slash ("Stopped - used (self/children)
// 0.000000/0.003247 user time, 0.011886/0.010622 system time"); the
// parent, before "Stopped Keepalived v2.2.7", "CPU usage (self/children)
// user: 0.009110/0.000000 system: 0.040996/0.069222".
#pragma once

#include <string>

namespace lvs::keepalived {

enum class Process { parent, checkers, vrrp };

// That line for the calling process, as of now.
std::string cpu_usage(Process p);

} // namespace lvs::keepalived
