// What must hold before a switch may touch the kernel: one switch at a
// time (a lock), and no keepalived, which would program the table it is
// about to lose. (The sync daemon is asked of IPVS itself: switch.cpp.)
#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>

namespace lvs::ipvs_switch {

inline constexpr const char *kLockFile = "/run/ipvs-switch.lock";

// An exclusive flock on `path`, held until destruction. Throws lvs::Error
// when another process holds it: the switch is not safe to run twice at once.
class SwitchLock {
public:
	explicit SwitchLock(const std::string &path);
	~SwitchLock();
	SwitchLock(const SwitchLock &) = delete;
	SwitchLock &operator=(const SwitchLock &) = delete;

private:
	int fd_;
};

// Whether a process is keepalived, from its /proc/PID/comm (without the
// newline) and cmdline (NUL-separated): called keepalived, or lvsbox
// called with the keepalived personality.
bool is_keepalived(std::string_view comm, std::string_view cmdline);

// The pid of a running keepalived under `proc`, or 0.
pid_t find_keepalived(const std::string &proc = "/proc");

} // namespace lvs::ipvs_switch
