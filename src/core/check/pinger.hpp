// ICMP echo for PING_CHECK and UDP_CHECK: one socket per address family
// for every check, replies matched to requests by sequence number, so
// twenty thousand targets cost two descriptors, not twenty thousand. An
// unprivileged ping socket where net.ipv4.ping_group_range allows it (the
// EulerOS guide sets "0 0"), else a raw socket (CAP_NET_RAW) filtered in
// the kernel to echo replies.
#pragma once

#include "core/event/handles.hpp"
#include "core/net/addr.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

namespace lvs::check {

class Pinger {
public:
	using Id = std::uint64_t; // 0 is never a request
	using Replied = std::function<void(bool replied)>;

	explicit Pinger(event::Loop &loop);
	Pinger(const Pinger &) = delete;
	Pinger &operator=(const Pinger &) = delete;

	// Sends one echo request; replied(true) when its reply arrives,
	// replied(false) at the timeout, never from inside this call. Throws
	// lvs::Error when no ICMP socket can be had.
	Id ping(const net::Addr &addr, event::Clock::duration timeout, Replied replied);
	// Forgets a request; replied is not called.
	void cancel(Id id);

private:
	struct Socket {
		std::optional<event::Watched> watch;
		bool raw = false;
	};
	struct Pending {
		Id id = 0;
		net::Addr addr{};
		event::Loop::TimerId timer = 0;
		Replied replied;
	};

	Socket &socket(std::uint16_t af);
	void receive(std::uint16_t af);
	void answer(std::uint16_t seq, const net::Addr &from);
	std::uint16_t free_seq();

	event::Loop &loop_;
	Socket v4_, v6_;
	std::uint16_t ident_;
	std::uint16_t next_seq_ = 0;
	std::uint64_t generation_ = 0;
	std::unordered_map<std::uint16_t, Pending> pending_;
};

} // namespace lvs::check
