#include "core/vrrp/announce.hpp"

#include "core/error.hpp"

#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace lvs::vrrp {

namespace {

constexpr int kHops = 255; // RFC 4861: neighbor discovery is link-local only

bool send_arp(int fd, const Iface &i, const net::Addr &vip)
{
	// Ethernet ARP: header, sender MAC + IP, target MAC + IP; sender and
	// target IP are both the VIP (an announcement).
	uint8_t pkt[28]{};
	arphdr h{};
	h.ar_hrd = htons(ARPHRD_ETHER);
	h.ar_pro = htons(ETH_P_IP);
	h.ar_hln = 6;
	h.ar_pln = 4;
	h.ar_op = htons(ARPOP_REQUEST);
	std::memcpy(pkt, &h, sizeof h);
	std::memcpy(pkt + 8, i.mac.data(), 6);
	std::memcpy(pkt + 14, vip.bytes.data(), 4);
	std::memcpy(pkt + 24, vip.bytes.data(), 4);
	sockaddr_ll to{};
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_ARP);
	to.sll_ifindex = static_cast<int>(i.index);
	to.sll_halen = 6;
	std::memset(to.sll_addr, 0xff, 6);
	return sendto(fd, pkt, sizeof pkt, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) >= 0;
}

bool send_na(int fd, const Iface &i, const net::Addr &vip)
{
	// nd_neighbor_advert (type 136, override flag, target) + the target
	// link-layer address option. The kernel fills in the ICMPv6 checksum.
	uint8_t pkt[sizeof(nd_neighbor_advert) + 8]{};
	nd_neighbor_advert na{};
	na.nd_na_type = ND_NEIGHBOR_ADVERT;
	na.nd_na_flags_reserved = ND_NA_FLAG_OVERRIDE;
	std::memcpy(&na.nd_na_target, vip.bytes.data(), 16);
	std::memcpy(pkt, &na, sizeof na);
	pkt[sizeof na] = ND_OPT_TARGET_LINKADDR;
	pkt[sizeof na + 1] = 1; // in units of 8 bytes
	std::memcpy(pkt + sizeof na + 2, i.mac.data(), 6);
	sockaddr_in6 to{};
	to.sin6_family = AF_INET6;
	to.sin6_addr.s6_addr[0] = 0xff; // ff02::1, all nodes
	to.sin6_addr.s6_addr[1] = 0x02;
	to.sin6_addr.s6_addr[15] = 0x01;
	to.sin6_scope_id = i.index;
	return sendto(fd, pkt, sizeof pkt, 0, reinterpret_cast<sockaddr *>(&to), sizeof to) >= 0;
}

} // namespace

Announcer::Announcer(const Iface &iface)
	: iface_(iface), arp_(socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_ARP))),
	  icmp6_(socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6))
{
	if (!arp_ || !icmp6_)
		throw Error("gratuitous ARP / NA sockets on " + iface.name + ": " + std::strerror(errno));
	int hops = kHops;
	int ifindex = static_cast<int>(iface.index);
	if (setsockopt(icmp6_.get(), IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
	    setsockopt(icmp6_.get(), IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof ifindex) < 0)
		throw Error("unsolicited NA socket on " + iface.name + ": " + std::strerror(errno));
}

bool Announcer::announce(const net::Addr &vip)
{
	return vip.af == AF_INET6 ? send_na(icmp6_.get(), iface_, vip) : send_arp(arp_.get(), iface_, vip);
}

} // namespace lvs::vrrp
