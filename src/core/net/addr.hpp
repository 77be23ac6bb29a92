// The address type every part shares (the config, the checks, VRRP, the
// IPVS model), and addresses and ports as text, both ways: numeric forms,
// and the names the resolver (hosts, DNS, services) knows them by.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/socket.h>

namespace lvs::net {

// An IPv4 or IPv6 address, as the kernel's union nf_inet_addr: an IPv4
// address sits in the first 4 bytes (network order), the rest are zero.
struct Addr {
	uint16_t af = AF_INET;
	std::array<uint8_t, 16> bytes{};

	friend bool operator==(const Addr &, const Addr &) = default;
	friend auto operator<=>(const Addr &, const Addr &) = default;
};

// An IPv4 address from its 4 bytes in network order.
Addr ipv4(uint32_t network_order);

// inet_pton(AF_INET6): the strict IPv6 text forms.
std::optional<Addr> parse_ipv6(const std::string &text);
// inet_aton: every IPv4 form it takes ("10.1", "0x0a000001", "012.0.0.1").
std::optional<Addr> parse_ipv4_liberal(const std::string &text);
// The first IPv4 address the resolver has for a host name, in its own order.
std::optional<Addr> resolve_ipv4(const std::string &name);

// The next address of the family ("10.0.0.255" -> "10.0.1.0"), as the
// ranges of a config count; the last address wraps to the first.
Addr successor(const Addr &addr);

// inet_ntop: "10.0.0.1", "2001:db8::1".
std::string to_string(const Addr &addr);
// "10.0.0.1:80", "[2001:db8::1]:80".
std::string to_string(const Addr &addr, uint16_t port);
// The resolver's name for an address, or its numeric form when it has none.
std::string host_name(const Addr &addr);

// From now on, keep every answer of the four resolver lookups above and
// below for the life of the process. glibc reads /etc/hosts and
// /etc/services from the top on every call, and `ipvsadm -R` asks for the
// same few names tens of thousands of times. For one-shot commands only: a
// daemon must see the files change.
void remember_lookups();

// "tcp", "udp" or "sctp" for IPPROTO_*, nullptr for any other protocol:
// the protocol names of the services database.
const char *service_protocol(uint16_t protocol);
// A port from the services database ("http" -> 80) for that protocol.
std::optional<uint16_t> service_port(const std::string &name, uint16_t protocol);
// The services database's name for a port, if it has one.
std::optional<std::string> service_name(uint16_t port, uint16_t protocol);

} // namespace lvs::net
