// The daemon's log: syslog (with a facility), and/or the console and a
// file, as keepalived's -l, -D, -S, -g and -G choose. One per process: a
// forked child opens it again under its own name.
#pragma once

#include <string>
#include <syslog.h>

namespace lvs::sys {

struct LogOptions {
	std::string ident;           // "Keepalived", "Keepalived_healthcheckers"
	bool syslog = true;          // -G turns it off
	int facility = LOG_DAEMON;   // -S
	bool console = false;        // -l: stderr too
	bool detail = false;         // -D: the details are logged as well
	std::string file;            // -g: also to this file
};

void open_log(const LogOptions &options);
// One line at a syslog priority (LOG_INFO, LOG_ERR...).
void log(int priority, const std::string &text);
// One line that only -D logs.
void log_detail(const std::string &text);

// "daemon", "user", "local0".."local7" or "0".."7" (LOG_LOCALn), as -S
// takes them; -1 for anything else.
int log_facility(const std::string &name);

} // namespace lvs::sys
