// Telling the link who holds a virtual address now: a gratuitous ARP
// request for IPv4 (RFC 5227 ARP announcement) and an unsolicited neighbor
// advertisement with the override flag for IPv6 (RFC 4861 7.2.6), from the
// interface's own hardware address.
#pragma once

#include "core/net/addr.hpp"
#include "core/sys/fd.hpp"
#include "core/vrrp/iface.hpp"

namespace lvs::vrrp {

class Announcer {
public:
	Announcer(const Iface &iface);
	// Errors are not fatal to the caller: the address is held either way.
	// Returns false (errno set) when the packet could not be sent.
	bool announce(const net::Addr &vip);

private:
	Iface iface_;
	sys::Fd arp_, icmp6_;
};

} // namespace lvs::vrrp
