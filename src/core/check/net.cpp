#include "core/check/net.hpp"

#include "core/error.hpp"

#include <net/if.h>
#include <netinet/in.h>
#include <sys/epoll.h>

#include <cerrno>
#include <cstring>

namespace lvs::check {

namespace {

std::string sys_error(const std::string &what)
{
	return what + ": " + std::strerror(errno);
}

class Failed : public Attempt {
public:
	Failed(event::Loop &loop, std::string reason, Done done) : timer_(loop)
	{
		timer_.arm(event::Clock::duration(0), [done = std::move(done), reason = std::move(reason)] {
			done(Result{false, std::nullopt, reason});
		});
	}

private:
	event::Timer timer_;
};

} // namespace

socklen_t to_sockaddr(const net::Addr &a, std::uint16_t port, sockaddr_storage &out)
{
	std::memset(&out, 0, sizeof out);
	if (a.af == AF_INET6) {
		auto *s6 = reinterpret_cast<sockaddr_in6 *>(&out);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		std::memcpy(&s6->sin6_addr, a.bytes.data(), 16);
		return sizeof *s6;
	}
	auto *s4 = reinterpret_cast<sockaddr_in *>(&out);
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	std::memcpy(&s4->sin_addr, a.bytes.data(), 4);
	return sizeof *s4;
}

sys::Fd open_to(const Spec &s, int type, int protocol)
{
	int af = s.addr.af == AF_INET6 ? AF_INET6 : AF_INET;
	sys::Fd fd(::socket(af, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol));
	if (!fd)
		throw Error(sys_error("socket"));
	const config::ConnSource &src = s.source;
	if (src.fwmark && setsockopt(fd.get(), SOL_SOCKET, SO_MARK, &src.fwmark, sizeof src.fwmark) < 0)
		throw Error(sys_error("setsockopt(SO_MARK " + std::to_string(src.fwmark) + ")"));
	if (!src.bind_if.empty() &&
	    setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, src.bind_if.c_str(), socklen_t(src.bind_if.size())) < 0)
		throw Error(sys_error("setsockopt(SO_BINDTODEVICE " + src.bind_if + ")"));
	if (src.bindto.addr.af || src.bindto.port) {
		net::Addr a = src.bindto.addr.af ? src.bindto.addr : net::Addr{uint16_t(af), {}};
		sockaddr_storage sa;
		socklen_t len = to_sockaddr(a, src.bindto.port, sa);
		if (::bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), len) < 0)
			throw Error(sys_error("bind"));
	}
	sockaddr_storage sa;
	socklen_t len = to_sockaddr(s.addr, s.port, sa);
	if (::connect(fd.get(), reinterpret_cast<sockaddr *>(&sa), len) < 0 && errno != EINPROGRESS)
		throw Error(sys_error("connect"));
	return fd;
}

Connector::Connector(event::Loop &loop, const Spec &s, Connected connected, Done failed)
	: timer_(loop), connected_(std::move(connected)), failed_(std::move(failed))
{
	watch_.emplace(loop, open_to(s, SOCK_STREAM, IPPROTO_TCP), EPOLLOUT, [this](std::uint32_t) { ready(); });
	timer_.arm(std::chrono::microseconds(s.connect_timeout), [this] {
		watch_.reset();
		failed_(Result{false, std::nullopt, "connect timeout"});
	});
}

void Connector::ready()
{
	int err = 0;
	socklen_t len = sizeof err;
	getsockopt(watch_->fd(), SOL_SOCKET, SO_ERROR, &err, &len);
	timer_.cancel();
	if (err) {
		watch_.reset();
		failed_(Result{false, std::nullopt, std::string("connect: ") + std::strerror(err)});
		return;
	}
	sys::Fd fd = watch_->release();
	watch_.reset();
	connected_(std::move(fd));
}

AttemptPtr fail_soon(event::Loop &loop, std::string reason, Done done)
{
	return std::make_unique<Failed>(loop, std::move(reason), std::move(done));
}

} // namespace lvs::check
