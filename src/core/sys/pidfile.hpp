// A pid file: written when the process starts, removed when it stops, and
// read to refuse a second instance ("daemon is already running").
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

namespace lvs::sys {

// The pid a pid file names, if that process is alive.
std::optional<pid_t> running_pid(const std::string &path);

class PidFile {
public:
	// Writes this process's pid; throws lvs::Error when it cannot.
	explicit PidFile(std::string path);
	PidFile(const PidFile &) = delete;
	PidFile &operator=(const PidFile &) = delete;
	// Removes the file, in the process that wrote it only: a forked
	// child that inherits the object leaves its parent's file alone.
	~PidFile();

private:
	std::string path_;
	pid_t owner_;
};

} // namespace lvs::sys
