#include "keepalived/rpc_server.hpp"

#include "core/error.hpp"
#include "core/rpc/protocol.hpp"
#include "core/sys/log.hpp"

#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace lvs::keepalived {

namespace {

// Requests are small; a larger read only means more calls per wakeup.
constexpr size_t kReadChunk = 64 * 1024;

std::string errno_text(const std::string &what)
{
	return what + ": " + std::strerror(errno);
}

} // namespace

RpcServer::RpcServer(event::Loop &loop, std::string path, Handler handle)
	: loop_(loop), path_(std::move(path)), handle_(std::move(handle))
{
	sockaddr_un sa{};
	sa.sun_family = AF_UNIX;
	if (path_.size() >= sizeof sa.sun_path)
		throw Error("JSON-RPC socket path too long: " + path_);
	std::memcpy(sa.sun_path, path_.data(), path_.size());
	if (auto slash = path_.rfind('/'); slash != std::string::npos && slash > 0)
		::mkdir(path_.substr(0, slash).c_str(), 0755); // EEXIST is fine; bind says the rest
	listen_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	if (!listen_)
		throw Error(errno_text("JSON-RPC socket"));
	// A socket file left by a process that died: nobody can be listening
	// on it, as only this process serves the path.
	::unlink(path_.c_str());
	// Created 0600 from the start: no moment where another user could connect.
	mode_t old = ::umask(0177);
	int bound = ::bind(listen_.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa);
	::umask(old);
	if (bound != 0 || ::listen(listen_.get(), SOMAXCONN) != 0)
		throw Error(errno_text("JSON-RPC socket " + path_));
	loop_.watch(listen_.get(), EPOLLIN, [this](uint32_t) { accept(); });
}

RpcServer::~RpcServer()
{
	for (auto &[fd, c] : conns_)
		loop_.unwatch(fd);
	loop_.unwatch(listen_.get());
	::unlink(path_.c_str());
}

void RpcServer::accept()
{
	for (;;) {
		sys::Fd fd(::accept4(listen_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
		if (!fd)
			return; // EAGAIN, or the client gave up
		auto c = std::make_unique<Conn>();
		c->fd = std::move(fd);
		Conn &conn = *c;
		int key = conn.fd.get();
		conns_.emplace(key, std::move(c));
		loop_.watch(key, EPOLLIN, [this, &conn](uint32_t events) {
			if (events & EPOLLOUT)
				flush(conn);
			else
				readable(conn);
		});
		// The socket is root's (0600), and the caller is checked again:
		// a file mode changed by hand must not open the table to anyone.
		ucred cred{};
		socklen_t len = sizeof cred;
		if (::getsockopt(key, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != 0) {
			sys::log(LOG_WARNING, fmt::format("JSON-RPC: refused a caller of uid {}", cred.uid));
			conn.out = rpc::reply(nullptr, rpc::Failure{-EACCES, "only root may change the table", {}});
			conn.closing = true;
			flush(conn);
		}
	}
}

void RpcServer::readable(Conn &c)
{
	char buf[kReadChunk];
	ssize_t n = ::read(c.fd.get(), buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		// The client is done sending: what was cut short is an error.
		if (n == 0 && c.framer.partial())
			c.out += rpc::reply(nullptr, rpc::Failure{rpc::kParseError, "the request was cut short", {}});
		c.closing = true;
		flush(c);
		return;
	}
	c.framer.feed({buf, size_t(n)});
	while (auto text = c.framer.next())
		answer(c, *text);
	if (auto broken = c.framer.broken()) {
		c.out += rpc::reply(nullptr, *broken);
		c.closing = true;
	}
	flush(c);
}

void RpcServer::answer(Conn &c, const std::string &text)
{
	rpc::Call call = rpc::decode(text);
	Outcome out;
	try {
		out = call.failure ? Outcome{*call.failure} : handle_(call);
	} catch (const std::exception &e) {
		// A state file that cannot be put back, a netlink socket that
		// broke: the caller hears of it, and the daemon goes on.
		sys::log(LOG_ERR, std::string("JSON-RPC ") + call.method + ": " + e.what());
		out = rpc::Failure{-EIO, e.what(), {}};
	}
	if (call.notification)
		return;
	if (auto *f = std::get_if<rpc::Failure>(&out))
		c.out += rpc::reply(call.id, *f);
	else
		c.out += rpc::reply(call.id, std::get<rpc::Json>(out));
}

void RpcServer::flush(Conn &c)
{
	while (!c.out.empty()) {
		ssize_t n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			loop_.modify(c.fd.get(), EPOLLOUT);
			return;
		}
		if (n < 0) {
			close(c); // the client went away: nobody to answer
			return;
		}
		c.out.erase(0, size_t(n));
	}
	if (c.closing) {
		close(c);
		return;
	}
	loop_.modify(c.fd.get(), EPOLLIN);
}

void RpcServer::close(Conn &c)
{
	int fd = c.fd.get();
	loop_.unwatch(fd);
	conns_.erase(fd);
}

} // namespace lvs::keepalived
