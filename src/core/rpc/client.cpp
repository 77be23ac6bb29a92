#include "core/rpc/client.hpp"

#include "core/rpc/protocol.hpp"
#include "core/sys/fd.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace lvs::rpc {

namespace {

using Clock = std::chrono::steady_clock;

// A reply is one line. get's carries a whole virtual_server block, which
// keepalived.conf (unlike a call) may make larger than kMaxConfig: a
// bound far above any, so a server gone wrong cannot fill our memory.
constexpr std::size_t kMaxReply = 64 * 1024 * 1024;

[[noreturn]] void fail(int error, const std::string &what)
{
	throw ClientError(error, what + ": " + std::strerror(error));
}

// Waits until fd is ready for events; ETIMEDOUT once the deadline passes.
void wait_for(int fd, short events, Clock::time_point deadline, const std::string &what)
{
	for (;;) {
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
		pollfd p{fd, events, 0};
		int n = ::poll(&p, 1, left.count() > 0 ? static_cast<int>(left.count()) : 0);
		if (n > 0)
			return;
		if (n == 0)
			fail(ETIMEDOUT, what);
		if (errno != EINTR)
			fail(errno, what);
	}
}

sys::Fd connect_to(const std::string &path)
{
	const std::string what = "cannot connect to " + path;
	sockaddr_un sa{};
	sa.sun_family = AF_UNIX;
	if (path.size() >= sizeof sa.sun_path)
		fail(ENAMETOOLONG, what);
	std::memcpy(sa.sun_path, path.data(), path.size());
	sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	if (!fd)
		fail(errno, what);
	// A blocking connect waits for room in a listener's full backlog for
	// SO_SNDTIMEO at most, then fails with EAGAIN.
	timeval tv{static_cast<time_t>(kCallTimeout.count()), 0};
	if (::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0)
		fail(errno, what);
	while (::connect(fd.get(), reinterpret_cast<const sockaddr *>(&sa), sizeof sa) != 0) {
		if (errno == EINTR)
			continue;
		int error = errno == EAGAIN ? ETIMEDOUT : errno;
		if (error == ENOENT || error == ECONNREFUSED)
			throw ClientError(error, what + ": " + std::strerror(error) + " (is keepalived running?)");
		fail(error, what);
	}
	return fd;
}

void send_all(int fd, std::string_view data, Clock::time_point deadline, const std::string &path)
{
	const std::string what = "cannot send to " + path;
	while (!data.empty()) {
		ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n >= 0) {
			data.remove_prefix(static_cast<std::size_t>(n));
		} else if (errno == EAGAIN) {
			wait_for(fd, POLLOUT, deadline, what);
		} else if (errno == EPIPE || errno == ECONNRESET) {
			// The server stopped reading (a request over kMaxRequest):
			// its answer, if it left one, says why.
			return;
		} else if (errno != EINTR) {
			fail(errno, what);
		}
	}
}

// Up to the first newline, or to the end when the server closes without one.
std::string read_line(int fd, Clock::time_point deadline, const std::string &path)
{
	const std::string what = "no reply from " + path;
	std::string line;
	char buf[64 * 1024];
	for (;;) {
		ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
		if (n > 0) {
			const char *end = static_cast<const char *>(std::memchr(buf, '\n', static_cast<std::size_t>(n)));
			line.append(buf, end ? static_cast<std::size_t>(end - buf) : static_cast<std::size_t>(n));
			if (end)
				return line;
			if (line.size() > kMaxReply)
				throw ClientError(EBADMSG, "unreadable reply from " + path + ": longer than " +
								   std::to_string(kMaxReply >> 20) + " MiB");
		} else if (n == 0) {
			if (line.empty())
				throw ClientError(ECONNRESET, what + ": the server closed the connection");
			return line;
		} else if (errno == EAGAIN) {
			wait_for(fd, POLLIN, deadline, what);
		} else if (errno != EINTR) {
			fail(errno, what);
		}
	}
}

} // namespace

std::string socket_path()
{
	const char *env = std::getenv(kSocketEnv);
	return env && *env ? env : std::string(kDefaultSocket);
}

Reply call(const std::string &socket, std::string_view method, const Json &params)
{
	const std::string request = request_line(method, params);
	const auto deadline = Clock::now() + kCallTimeout;
	sys::Fd fd = connect_to(socket);
	send_all(fd.get(), request, deadline, socket);
	// The server closes once every request of ours is answered.
	::shutdown(fd.get(), SHUT_WR);
	return decode_reply(read_line(fd.get(), deadline, socket));
}

} // namespace lvs::rpc
