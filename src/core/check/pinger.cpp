#include "core/check/pinger.hpp"

#include "core/check/net.hpp"
#include "core/error.hpp"

#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace lvs::check {

namespace {

constexpr std::uint8_t kEcho4 = 8, kReply4 = 0, kEcho6 = 128, kReply6 = 129;

struct EchoHeader {
	std::uint8_t type, code;
	std::uint16_t checksum, ident, seq;
};

std::uint16_t checksum(const std::uint8_t *p, std::size_t n)
{
	std::uint32_t sum = 0;
	for (std::size_t i = 0; i + 1 < n; i += 2)
		sum += std::uint32_t(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += std::uint32_t(p[n - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(std::uint16_t(~sum));
}

// The raw socket sees every ICMP message the host gets: keep only replies.
void filter_replies(int fd, std::uint16_t af)
{
	if (af == AF_INET) {
		icmp_filter f{~(1U << kReply4)};
		setsockopt(fd, SOL_RAW, ICMP_FILTER, &f, sizeof f);
	} else {
		icmp6_filter f;
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(kReply6, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof f);
	}
}

} // namespace

Pinger::Pinger(event::Loop &loop) : loop_(loop), ident_(std::uint16_t(std::random_device{}()))
{
}

Pinger::Socket &Pinger::socket(std::uint16_t af)
{
	Socket &s = af == AF_INET6 ? v6_ : v4_;
	if (s.watch)
		return s;
	int proto = af == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	sys::Fd fd(::socket(af, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto));
	s.raw = !fd;
	if (s.raw) {
		fd.reset(::socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto));
		if (!fd)
			throw Error(std::string("ICMP socket: ") + std::strerror(errno) +
				    " (needs CAP_NET_RAW, or net.ipv4.ping_group_range holding our group)");
		filter_replies(fd.get(), af);
	}
	s.watch.emplace(loop_, std::move(fd), EPOLLIN, [this, af](std::uint32_t) { receive(af); });
	return s;
}

std::uint16_t Pinger::free_seq()
{
	if (pending_.size() >= 0xffff)
		throw Error("ICMP echo: 65535 requests in flight already");
	while (pending_.count(next_seq_))
		next_seq_++;
	return next_seq_++;
}

Pinger::Id Pinger::ping(const net::Addr &addr, event::Clock::duration timeout, Replied replied)
{
	std::uint16_t af = addr.af == AF_INET6 ? AF_INET6 : AF_INET;
	Socket &s = socket(af);
	std::uint16_t seq = free_seq();
	std::uint8_t packet[sizeof(EchoHeader) + 16] = {};
	EchoHeader h{af == AF_INET6 ? kEcho6 : kEcho4, 0, 0, htons(ident_), htons(seq)};
	std::memcpy(packet, &h, sizeof h);
	std::memcpy(packet + sizeof h, "lvsbox-checker..", 16);
	if (af == AF_INET) // the kernel sums ICMPv6 and ping sockets itself
		reinterpret_cast<EchoHeader *>(packet)->checksum = checksum(packet, sizeof packet);
	sockaddr_storage sa;
	socklen_t len = to_sockaddr(addr, 0, sa);
	// A failed send is a lost echo: the timeout says so, as for any loss.
	::sendto(s.watch->fd(), packet, sizeof packet, 0, reinterpret_cast<sockaddr *>(&sa), len);
	Id id = (++generation_ << 16) | seq;
	Pending p{id, addr, 0, std::move(replied)};
	p.timer = loop_.after(timeout, [this, seq] {
		auto it = pending_.find(seq);
		Replied r = std::move(it->second.replied);
		pending_.erase(it);
		r(false);
	});
	pending_.emplace(seq, std::move(p));
	return id;
}

void Pinger::cancel(Id id)
{
	auto it = pending_.find(std::uint16_t(id));
	if (it == pending_.end() || it->second.id != id)
		return;
	loop_.cancel(it->second.timer);
	pending_.erase(it);
}

void Pinger::receive(std::uint16_t af)
{
	Socket &s = af == AF_INET6 ? v6_ : v4_;
	std::uint8_t buf[1500];
	sockaddr_storage from;
	for (;;) {
		socklen_t len = sizeof from;
		ssize_t n = ::recvfrom(s.watch->fd(), buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
		if (n < 0)
			return;
		const std::uint8_t *p = buf;
		if (s.raw && af == AF_INET) { // a raw IPv4 socket gives the IP header too
			std::size_t ihl = std::size_t(buf[0] & 0x0f) * 4;
			if (std::size_t(n) < ihl)
				continue;
			p += ihl;
			n -= ssize_t(ihl);
		}
		if (std::size_t(n) < sizeof(EchoHeader))
			continue;
		EchoHeader h;
		std::memcpy(&h, p, sizeof h);
		if (h.type != (af == AF_INET6 ? kReply6 : kReply4))
			continue;
		if (s.raw && ntohs(h.ident) != ident_) // a ping socket's ident is the kernel's
			continue;
		net::Addr a{af, {}};
		if (af == AF_INET6)
			std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in6 *>(&from)->sin6_addr, 16);
		else
			std::memcpy(a.bytes.data(), &reinterpret_cast<sockaddr_in *>(&from)->sin_addr, 4);
		answer(ntohs(h.seq), a);
	}
}

void Pinger::answer(std::uint16_t seq, const net::Addr &from)
{
	auto it = pending_.find(seq);
	if (it == pending_.end() || !(it->second.addr == from))
		return;
	loop_.cancel(it->second.timer);
	Replied r = std::move(it->second.replied);
	pending_.erase(it);
	r(true);
}

} // namespace lvs::check
