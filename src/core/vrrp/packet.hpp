// VRRP advertisements on the wire: VRRPv2 (RFC 3768, IPv4 only) and
// VRRPv3 (RFC 5798, IPv4 and IPv6), both ways, with no sockets and no
// state. decode() checks what a packet says about itself (length, version,
// type, checksum); check() then compares it with what one instance
// expects (VRID, TTL, authentication, interval, addresses). Every reason
// to drop a packet has a name, so hostile traffic is counted, not fatal.
#pragma once

#include "core/net/addr.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace lvs::vrrp {

inline constexpr uint8_t kProtocol = 112; // IPPROTO_VRRP
inline constexpr uint8_t kTtl = 255;
inline constexpr uint8_t kOwnerPriority = 255;
inline constexpr size_t kAuthLen = 8; // v2: the password field

enum class Auth : uint8_t { none = 0, pass = 1, ah = 2 };

struct Advert {
	uint8_t version = 2; // 2 or 3
	uint8_t vrid = 0;
	uint8_t priority = 0;
	// Centiseconds. v2 carries whole seconds: decode multiplies, encode divides.
	uint16_t interval_cs = 100;
	Auth auth = Auth::none;                  // v2 only
	std::array<uint8_t, kAuthLen> password{}; // v2 PASS: zero-padded
	std::vector<net::Addr> addrs;           // all of the packet's family
};

// Where a packet came from and went to, as the socket said: addresses for
// the v3 pseudo-header, the TTL or hop limit, whether it was multicast.
struct Envelope {
	net::Addr src = {0, {}};
	net::Addr dst = {0, {}};
	int ttl = -1; // -1: unknown
};

// The first three are what decode() finds; the rest are check()'s.
enum class Drop : uint8_t {
	truncated, // shorter than its header or its own address count
	version,   // not v2/v3, or v2 over IPv6
	type,      // not an advertisement
	checksum,
	ttl,
	vrid, // another virtual router: not counted as hostile
	wrong_version,
	auth_type, // v2: an authentication type that does not exist
	auth,      // v2: another authentication type than ours
	password,  // v2: simple password authentication failed
	interval,  // v2 only: intervals must agree
	addrs,    // count or addresses differ from ours
	cast,     // multicast where unicast was expected, or the reverse
	peer,     // unicast from an address that is not a peer
	count_,
};
inline constexpr size_t kDrops = static_cast<size_t>(Drop::count_);
std::string_view drop_name(Drop d);

// The 16-bit one's-complement Internet checksum; `seed` carries a
// pseudo-header's partial sum.
uint16_t inet_checksum(std::span<const uint8_t> data, uint32_t seed = 0);

// The VRRP message (no IP header), checksum filled in. The envelope's
// addresses feed the v3 pseudo-header (v2 sums the message alone).
std::vector<uint8_t> encode(const Advert &a, const Envelope &env);

struct Decoded {
	std::optional<Drop> drop;
	Advert advert;
};
// `msg` is the VRRP message of a packet of family env.src.af.
Decoded decode(std::span<const uint8_t> msg, const Envelope &env);

// An IPv4 datagram as a raw socket hands it over: header fields and the
// payload. nullopt: not a whole IPv4 packet of protocol 112.
struct Ip4 {
	Envelope env;
	std::span<const uint8_t> payload;
};
std::optional<Ip4> split_ipv4(std::span<const uint8_t> datagram);

// What one instance accepts.
struct Expect {
	uint8_t version = 2;
	uint8_t vrid = 0;
	uint16_t interval_cs = 100;
	Auth auth = Auth::none;
	std::array<uint8_t, kAuthLen> password{};
	std::vector<net::Addr> addrs; // our virtual_ipaddress, packet family only
	std::vector<net::Addr> peers; // empty: multicast
};
std::optional<Drop> check(const Advert &a, const Envelope &env, const Expect &e);

bool is_multicast(const net::Addr &a);

} // namespace lvs::vrrp
