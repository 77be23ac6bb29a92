// The VRRP process's messages, in keepalived's words and shape
// ("(VI_1) Entering MASTER STATE"): to syslog as Keepalived_vrrp, and to
// stderr when the daemon runs in the foreground with -l.
#pragma once

#include <string>

namespace lvs::vrrp {

void open_log(bool console);
void log(const std::string &line);

} // namespace lvs::vrrp
