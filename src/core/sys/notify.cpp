#include "core/sys/notify.hpp"

#include "core/sys/fd.hpp"

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>

namespace lvs::sys {

void notify_systemd(const std::string &state)
{
	const char *path = std::getenv("NOTIFY_SOCKET");
	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	sockaddr_un addr{};
	addr.sun_family = AF_UNIX;
	size_t len = std::strlen(path);
	if (len >= sizeof addr.sun_path)
		return;
	std::memcpy(addr.sun_path, path, len);
	if (path[0] == '@')
		addr.sun_path[0] = '\0'; // an abstract socket
	Fd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	if (!fd)
		return;
	// Best effort, as sd_notify: systemd may be gone.
	::sendto(fd.get(), state.data(), state.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr *>(&addr),
		 socklen_t(offsetof(sockaddr_un, sun_path) + len));
}

} // namespace lvs::sys
