// What the health-check tests share: a config from keepalived.conf text,
// the loop driven until something holds, listeners and free ports on
// 127.0.0.1, servers on threads of their own, and a record of the
// engine's on_change calls.
#pragma once

#include "core/check/engine.hpp"
#include "core/config/load.hpp"
#include "core/event/handles.hpp"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace checktest {

using namespace std::chrono_literals;
using lvs::check::Engine;
using lvs::table::RsHealth;
using lvs::table::RsId;
using lvs::event::Clock;
using lvs::event::Loop;

template <class Pred> bool spin(Loop &loop, Pred pred, Clock::duration limit = 3s)
{
	auto end = Clock::now() + limit;
	while (!pred() && Clock::now() < end)
		loop.run_once(5ms);
	return pred();
}

inline void run_for(Loop &loop, Clock::duration d)
{
	auto end = Clock::now() + d;
	while (Clock::now() < end)
		loop.run_once(5ms);
}

// Scripts are allowed (enable_script_security, as root) in every config.
inline lvs::config::Config load(const std::string &body)
{
	auto l = lvs::config::load_text("global_defs {\n enable_script_security\n script_user root\n}\n" + body,
					"test.conf");
	std::string said;
	for (const auto &d : l.diags.all())
		said += d.text + "\n";
	REQUIRE_MESSAGE(!l.diags.failed(), said);
	return std::move(l.config);
}

// A virtual server on 127.0.0.1:80 with short timers around `inside`
// (real servers), and keywords of its own in `extra`.
inline std::string service(const std::string &inside, const std::string &extra = "", int vport = 80,
			   const std::string &proto = "TCP")
{
	return "virtual_server 127.0.0.1 " + std::to_string(vport) + " {\n delay_loop 0.2\n lb_algo rr\n lb_kind NAT\n protocol " +
	       proto + "\n" + extra + "\n" + inside + "\n}\n";
}

inline uint16_t port_of(int fd)
{
	sockaddr_in a{};
	socklen_t len = sizeof a;
	getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
	return ntohs(a.sin_port);
}

inline lvs::sys::Fd bound(int type)
{
	lvs::sys::Fd fd(::socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	sockaddr_in a{};
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	REQUIRE(::bind(fd.get(), reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
	return fd;
}

// A port with nothing bound to it (for this moment).
inline uint16_t closed_port(int type)
{
	return port_of(bound(type).get());
}

// A TCP listener on 127.0.0.1 that accepts (and counts) in the loop, or,
// without accepting, whose backlog is full after one connection: further
// SYNs get no answer, as from a server that hangs. With `keep` set it
// keeps what it accepts open in `kept`, for a test to read how the
// checker closed them.
class Listener {
public:
	explicit Listener(Loop &loop, bool accepting = true)
	{
		lvs::sys::Fd fd = bound(SOCK_STREAM);
		port = port_of(fd.get());
		REQUIRE(::listen(fd.get(), accepting ? 128 : 0) == 0);
		if (!accepting) {
			filler_.reset(::socket(AF_INET, SOCK_STREAM, 0));
			sockaddr_in a{};
			a.sin_family = AF_INET;
			a.sin_port = htons(port);
			a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
			REQUIRE(::connect(filler_.get(), reinterpret_cast<sockaddr *>(&a), sizeof a) == 0);
			idle_ = std::move(fd);
			return;
		}
		watch_.emplace(loop, std::move(fd), EPOLLIN, [this](std::uint32_t) {
			int c;
			while ((c = ::accept4(watch_->fd(), nullptr, nullptr, SOCK_CLOEXEC)) >= 0) {
				lvs::sys::Fd conn(c);
				if (keep)
					kept.push_back(std::move(conn));
				accepted++;
			}
		});
	}

	uint16_t port = 0;
	int accepted = 0;
	bool keep = false;
	std::vector<lvs::sys::Fd> kept;

private:
	std::optional<lvs::event::Watched> watch_;
	lvs::sys::Fd idle_, filler_;
};

// A TCP server on 127.0.0.1 on a thread of its own: each connection,
// blocking with a 1 s receive timeout, goes to `serve` on that thread,
// which may keep it open. Declare it after whatever `serve` uses: it stops
// its thread first.
class ThreadServer {
public:
	using Serve = std::function<void(lvs::sys::Fd)>;

	explicit ThreadServer(Serve serve) : serve_(std::move(serve))
	{
		lvs::sys::Fd fd = bound(SOCK_STREAM);
		port = port_of(fd.get());
		REQUIRE(::listen(fd.get(), 64) == 0);
		listen_ = std::move(fd);
		thread_ = std::thread([this] { run(); });
	}
	~ThreadServer()
	{
		stop_ = true;
		thread_.join();
	}

	uint16_t port = 0;

private:
	void run()
	{
		while (!stop_) {
			pollfd p{listen_.get(), POLLIN, 0};
			if (::poll(&p, 1, 20) <= 0)
				continue;
			lvs::sys::Fd c(::accept4(listen_.get(), nullptr, nullptr, SOCK_CLOEXEC));
			if (!c)
				continue;
			int flags = 0;
			::ioctl(c.get(), FIONBIO, &flags);
			timeval tv{1, 0};
			setsockopt(c.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
			serve_(std::move(c));
		}
	}

	Serve serve_;
	lvs::sys::Fd listen_;
	std::atomic<bool> stop_{false};
	std::thread thread_;
};

// Every on_change, in order, and the index of the virtual server each named.
struct Changes {
	explicit Changes(Engine &e)
	{
		e.on_change = [this](const RsId &k, std::size_t v, const RsHealth &h) {
			seen.emplace_back(k, h);
			vs.push_back(v);
		};
	}
	std::vector<std::pair<RsId, RsHealth>> seen;
	std::vector<std::size_t> vs;
};

inline RsId key(const lvs::config::Config &cfg, std::size_t vs = 0, std::size_t rs = 0)
{
	return lvs::table::rs_id(cfg.virtual_servers.at(vs), cfg.virtual_servers.at(vs).real_servers.at(rs));
}

inline bool is_up(const Engine &e, const RsId &k)
{
	auto h = e.health(k);
	return h && h->up;
}

inline bool is_down(const Engine &e, const RsId &k)
{
	auto h = e.health(k);
	return h && !h->up;
}

// A directory of its own for scripts and the files they write.
class TempDir {
public:
	TempDir()
	{
		char tmpl[] = "/tmp/lvsbox-check-XXXXXX";
		REQUIRE(::mkdtemp(tmpl));
		path = tmpl;
	}
	~TempDir() { std::filesystem::remove_all(path); }

	std::string write(const std::string &name, const std::string &text, bool executable = false)
	{
		std::string p = path + "/" + name;
		std::ofstream(p) << text;
		if (executable)
			::chmod(p.c_str(), 0755);
		return p;
	}
	std::string read(const std::string &name) const
	{
		std::ifstream in(path + "/" + name);
		std::stringstream s;
		s << in.rdbuf();
		return s.str();
	}

	std::string path;
};

} // namespace checktest
