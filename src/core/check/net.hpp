// Sockets to a checked server: its address as a sockaddr, a socket with
// the checker's source options (bindto, bind_port, bind_if, fwmark), and
// a stream connect() that finishes within connect_timeout.
#pragma once

#include "core/check/probe.hpp"
#include "core/event/handles.hpp"
#include "core/sys/fd.hpp"

#include <sys/socket.h>

#include <functional>
#include <optional>

namespace lvs::check {

socklen_t to_sockaddr(const net::Addr &a, std::uint16_t port, sockaddr_storage &out);

// Non-blocking, with connect() begun (done, for a datagram socket).
// Throws lvs::Error naming what failed.
sys::Fd open_to(const Spec &s, int type, int protocol);

class Connector {
public:
	using Connected = std::function<void(sys::Fd)>;

	// Exactly one of connected and failed is called, from the loop, last.
	Connector(event::Loop &loop, const Spec &s, Connected connected, Done failed);

private:
	void ready();

	std::optional<event::Watched> watch_;
	event::Timer timer_;
	Connected connected_;
	Done failed_;
};

// What an attempt that cannot begin leaves behind: its Done, called from
// the loop with the reason.
AttemptPtr fail_soon(event::Loop &loop, std::string reason, Done done);

} // namespace lvs::check
