// systemd's readiness protocol (sd_notify(3)), without libsystemd: one
// datagram to $NOTIFY_SOCKET. Nothing happens when systemd did not ask.
#pragma once

#include <string>

namespace lvs::sys {

// "READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...".
void notify_systemd(const std::string &state);

} // namespace lvs::sys
