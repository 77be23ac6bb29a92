#include "core/kmod/kernel.hpp"

#include "core/error.hpp"
#include "core/file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace lvs::kmod {

std::vector<Loaded> loaded_modules()
{
	auto text = read_file("/proc/modules");
	return text ? parse_proc_modules(*text) : std::vector<Loaded>{};
}

void load(const std::string &file, const std::string &params)
{
	int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		throw Error("cannot open module " + file + ": " + std::strerror(errno));
	long rc = syscall(SYS_finit_module, fd, params.c_str(), 0);
	int err = errno;
	close(fd);
	if (rc == 0 || err == EEXIST)
		return;
	throw Error("cannot load " + module_name(file) + " (" + file + "): " + std::strerror(err) +
		    (err == ENOEXEC || err == EINVAL || err == EBUSY ? " (see dmesg)" : ""));
}

void unload(const std::string &name)
{
	if (syscall(SYS_delete_module, name.c_str(), O_NONBLOCK) == 0 || errno == ENOENT)
		return;
	int err = errno;
	throw Error("cannot unload " + name + ": " +
		    (err == EWOULDBLOCK || err == EBUSY ? std::string("it is in use") : std::strerror(err)));
}

} // namespace lvs::kmod
