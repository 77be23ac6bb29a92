#include "core/sys/pidfile.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <unistd.h>

namespace lvs::sys {

std::optional<pid_t> running_pid(const std::string &path)
{
	std::ifstream in(path);
	pid_t pid = 0;
	if (!(in >> pid) || pid <= 0)
		return std::nullopt;
	// EPERM: alive, only not ours to signal.
	if (::kill(pid, 0) == 0 || errno == EPERM)
		return pid;
	return std::nullopt;
}

PidFile::PidFile(std::string path) : path_(std::move(path)), owner_(::getpid())
{
	std::ofstream out(path_, std::ios::trunc);
	if (!(out << owner_ << '\n') || !out.flush())
		throw Error("cannot write pid file " + path_ + ": " + std::strerror(errno));
}

PidFile::~PidFile()
{
	if (::getpid() == owner_)
		::unlink(path_.c_str());
}

} // namespace lvs::sys
