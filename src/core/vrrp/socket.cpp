#include "core/vrrp/socket.hpp"

#include "core/error.hpp"
#include "core/net/addr.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace lvs::vrrp {

namespace {

constexpr int kTos = 0xc0; // internetwork control, as keepalived sends

void set(int fd, int level, int name, int value, const char *what)
{
	if (setsockopt(fd, level, name, &value, sizeof value) < 0)
		throw Error(std::string("VRRP socket: ") + what + ": " + std::strerror(errno));
}

sockaddr_storage sockaddr_of(const net::Addr &a, unsigned ifindex)
{
	sockaddr_storage ss{};
	if (a.af == AF_INET6) {
		auto *s6 = reinterpret_cast<sockaddr_in6 *>(&ss);
		s6->sin6_family = AF_INET6;
		std::memcpy(&s6->sin6_addr, a.bytes.data(), 16);
		s6->sin6_scope_id = ifindex; // ff02::12 and fe80:: need the link
	} else {
		auto *s4 = reinterpret_cast<sockaddr_in *>(&ss);
		s4->sin_family = AF_INET;
		std::memcpy(&s4->sin_addr, a.bytes.data(), 4);
	}
	return ss;
}

void join(int fd, uint16_t af, unsigned ifindex)
{
	net::Addr group = multicast_group(af);
	if (af == AF_INET6) {
		ipv6_mreq m{};
		std::memcpy(&m.ipv6mr_multiaddr, group.bytes.data(), 16);
		m.ipv6mr_interface = ifindex;
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof m) < 0)
			throw Error(std::string("VRRP socket: joining ff02::12: ") + std::strerror(errno));
	} else {
		ip_mreqn m{};
		std::memcpy(&m.imr_multiaddr, group.bytes.data(), 4);
		m.imr_ifindex = static_cast<int>(ifindex);
		if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof m) < 0)
			throw Error(std::string("VRRP socket: joining 224.0.0.18: ") + std::strerror(errno));
	}
}

} // namespace

net::Addr multicast_group(uint16_t af)
{
	if (af == AF_INET6)
		return {AF_INET6, {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12}};
	return {AF_INET, {224, 0, 0, 18}};
}

Socket::Socket(uint16_t af, const std::string &ifname, unsigned ifindex, const net::Addr &src, bool multicast)
	: af_(af), ifindex_(ifindex), src_(src), buf_(65536)
{
	fd_.reset(socket(af, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, kProtocol));
	if (!fd_)
		throw Error(std::string("VRRP socket: ") + std::strerror(errno));
	int fd = fd_.get();
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname.c_str(), static_cast<socklen_t>(ifname.size())) < 0)
		throw Error("VRRP socket: binding to " + ifname + ": " + std::strerror(errno));
	if (af == AF_INET6) {
		set(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, kTtl, "hop limit");
		set(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, kTtl, "hop limit");
		set(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "multicast loop");
		set(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, static_cast<int>(ifindex), "multicast interface");
		set(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "packet info");
		set(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "hop limit info");
		set(fd, IPPROTO_IPV6, IPV6_TCLASS, kTos, "traffic class");
	} else {
		set(fd, IPPROTO_IP, IP_MULTICAST_TTL, kTtl, "TTL");
		set(fd, IPPROTO_IP, IP_TTL, kTtl, "TTL");
		set(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "multicast loop");
		set(fd, IPPROTO_IP, IP_TOS, kTos, "TOS");
		ip_mreqn m{};
		m.imr_ifindex = static_cast<int>(ifindex);
		if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m) < 0)
			throw Error(std::string("VRRP socket: multicast interface: ") + std::strerror(errno));
	}
	if (multicast)
		join(fd, af, ifindex);
}

// The source is pinned per packet (IP_PKTINFO / IPV6_PKTINFO) rather than
// by bind(): a raw socket bound to an address would hear only packets
// sent to it, never the group's; and the v3 checksum covers the source.
void Socket::send(std::span<const uint8_t> msg, const net::Addr &dst)
{
	sockaddr_storage to = sockaddr_of(dst, ifindex_);
	iovec iov{const_cast<uint8_t *>(msg.data()), msg.size()};
	alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))]{};
	msghdr mh{};
	mh.msg_name = &to;
	mh.msg_namelen = af_ == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control;
	cmsghdr *c = reinterpret_cast<cmsghdr *>(control);
	if (af_ == AF_INET6) {
		in6_pktinfo pi{};
		std::memcpy(&pi.ipi6_addr, src_.bytes.data(), 16);
		pi.ipi6_ifindex = ifindex_;
		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof pi);
		std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
		mh.msg_controllen = CMSG_SPACE(sizeof pi);
	} else {
		in_pktinfo pi{};
		std::memcpy(&pi.ipi_spec_dst, src_.bytes.data(), 4);
		pi.ipi_ifindex = static_cast<int>(ifindex_);
		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof pi);
		std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
		mh.msg_controllen = CMSG_SPACE(sizeof pi);
	}
	if (sendmsg(fd_.get(), &mh, 0) < 0)
		throw Error("VRRP advert to " + net::to_string(dst) + ": " + std::strerror(errno));
}

std::optional<Socket::Packet> Socket::receive()
{
	sockaddr_storage from{};
	iovec iov{buf_.data(), buf_.size()};
	alignas(cmsghdr) char control[256];
	msghdr mh{};
	mh.msg_name = &from;
	mh.msg_namelen = sizeof from;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control;
	mh.msg_controllen = sizeof control;
	ssize_t n = recvmsg(fd_.get(), &mh, MSG_DONTWAIT);
	if (n < 0)
		return std::nullopt;
	Packet p;
	std::span<const uint8_t> data(buf_.data(), static_cast<size_t>(n));
	if (af_ == AF_INET) {
		auto ip = split_ipv4(data);
		p.malformed = !ip || (mh.msg_flags & MSG_TRUNC);
		if (!p.malformed) {
			p.env = ip->env;
			p.msg.assign(ip->payload.begin(), ip->payload.end());
		}
		return p;
	}
	p.env.src.af = p.env.dst.af = AF_INET6;
	std::memcpy(p.env.src.bytes.data(), &reinterpret_cast<sockaddr_in6 *>(&from)->sin6_addr, 16);
	for (cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != IPPROTO_IPV6)
			continue;
		if (c->cmsg_type == IPV6_PKTINFO) {
			in6_pktinfo pi;
			std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
			std::memcpy(p.env.dst.bytes.data(), &pi.ipi6_addr, 16);
		} else if (c->cmsg_type == IPV6_HOPLIMIT) {
			std::memcpy(&p.env.ttl, CMSG_DATA(c), sizeof p.env.ttl);
		}
	}
	p.malformed = mh.msg_flags & MSG_TRUNC;
	p.msg.assign(data.begin(), data.end());
	return p;
}

} // namespace lvs::vrrp
