#include "ipvs-switch/guard.hpp"

#include "core/error.hpp"
#include "core/file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace lvs::ipvs_switch {

SwitchLock::SwitchLock(const std::string &path)
{
	fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd_ < 0)
		throw Error("cannot open the lock " + path + ": " + std::strerror(errno));
	if (flock(fd_, LOCK_EX | LOCK_NB) == 0)
		return;
	int err = errno;
	close(fd_);
	if (err == EWOULDBLOCK)
		throw Error("another ipvs-switch is running (it holds " + path + ")");
	throw Error("cannot lock " + path + ": " + std::strerror(err));
}

SwitchLock::~SwitchLock()
{
	close(fd_); // releases the flock
}

bool is_keepalived(std::string_view comm, std::string_view cmdline)
{
	if (comm == "keepalived")
		return true;
	auto arg = [&](size_t i) {
		std::string_view rest = cmdline;
		for (; i > 0 && !rest.empty(); i--)
			rest.remove_prefix(std::min(rest.find('\0') + 1, rest.size()));
		rest = rest.substr(0, rest.find('\0'));
		return rest.substr(std::min(rest.rfind('/') + 1, rest.size()));
	};
	return arg(0) == "keepalived" || (arg(0) == "lvsbox" && arg(1) == "keepalived");
}

pid_t find_keepalived(const std::string &proc)
{
	std::error_code ec;
	for (const auto &entry : std::filesystem::directory_iterator(proc, ec)) {
		std::string name = entry.path().filename();
		if (name.find_first_not_of("0123456789") != std::string::npos)
			continue;
		try {
			auto comm = read_file(entry.path() / "comm");
			auto cmdline = read_file(entry.path() / "cmdline");
			if (!comm || !cmdline)
				continue; // gone meanwhile
			if (!comm->empty() && comm->back() == '\n')
				comm->pop_back();
			if (is_keepalived(*comm, *cmdline))
				return static_cast<pid_t>(std::stol(name));
		} catch (const Error &) {
			continue; // a process we may not read, or one that went away
		}
	}
	return 0;
}

} // namespace lvs::ipvs_switch
