#include "core/vrrp/packet.hpp"

#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace lvs::vrrp {

namespace {

constexpr size_t kHeader = 8; // version/type, VRID, priority, count, (auth, interval | interval), checksum
constexpr uint8_t kAdvert = 1;

size_t addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

// The sum of the v3 pseudo-header (RFC 5798 5.2.8: the IPv4 or IPv6
// upper-layer pseudo-header), before folding.
uint32_t pseudo_sum(const Envelope &env, size_t len)
{
	uint32_t sum = 0;
	size_t n = addr_len(env.src.af);
	for (const auto *a : {&env.src, &env.dst})
		for (size_t i = 0; i < n; i += 2)
			sum += static_cast<uint32_t>(a->bytes[i] << 8 | a->bytes[i + 1]);
	sum += kProtocol;
	sum += static_cast<uint32_t>(len >> 16) + static_cast<uint32_t>(len & 0xffff);
	return sum;
}

uint16_t message_checksum(std::span<const uint8_t> msg, uint8_t version, const Envelope &env)
{
	return inet_checksum(msg, version == 3 ? pseudo_sum(env, msg.size()) : 0);
}

} // namespace

std::string_view drop_name(Drop d)
{
	static constexpr std::string_view names[kDrops] = {
		"truncated", "version", "type", "checksum", "ttl", "vrid",
		"wrong_version", "auth_type", "auth", "password", "interval", "addrs", "cast", "peer",
	};
	return names[static_cast<size_t>(d)];
}

uint16_t inet_checksum(std::span<const uint8_t> data, uint32_t seed)
{
	uint64_t sum = seed;
	size_t i = 0;
	for (; i + 1 < data.size(); i += 2)
		sum += static_cast<uint32_t>(data[i] << 8 | data[i + 1]);
	if (i < data.size())
		sum += static_cast<uint32_t>(data[i] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return static_cast<uint16_t>(~sum);
}

bool is_multicast(const net::Addr &a)
{
	return a.af == AF_INET6 ? a.bytes[0] == 0xff : (a.bytes[0] & 0xf0) == 0xe0;
}

std::vector<uint8_t> encode(const Advert &a, const Envelope &env)
{
	size_t alen = addr_len(env.src.af);
	std::vector<uint8_t> msg(kHeader + a.addrs.size() * alen + (a.version == 2 ? kAuthLen : 0));
	msg[0] = static_cast<uint8_t>(a.version << 4 | kAdvert);
	msg[1] = a.vrid;
	msg[2] = a.priority;
	msg[3] = static_cast<uint8_t>(a.addrs.size());
	if (a.version == 2) {
		msg[4] = static_cast<uint8_t>(a.auth);
		msg[5] = static_cast<uint8_t>(a.interval_cs / 100);
	} else {
		msg[4] = static_cast<uint8_t>(a.interval_cs >> 8 & 0x0f); // the top 4 bits are reserved
		msg[5] = static_cast<uint8_t>(a.interval_cs);
	}
	uint8_t *p = msg.data() + kHeader;
	for (const auto &addr : a.addrs) {
		std::memcpy(p, addr.bytes.data(), alen);
		p += alen;
	}
	if (a.version == 2 && a.auth == Auth::pass)
		std::memcpy(p, a.password.data(), kAuthLen);
	uint16_t sum = message_checksum(msg, a.version, env);
	msg[6] = static_cast<uint8_t>(sum >> 8);
	msg[7] = static_cast<uint8_t>(sum);
	return msg;
}

Decoded decode(std::span<const uint8_t> msg, const Envelope &env)
{
	Decoded d;
	Advert &a = d.advert;
	if (msg.size() < kHeader)
		return d.drop = Drop::truncated, d;
	a.version = msg[0] >> 4;
	bool v6 = env.src.af == AF_INET6;
	if ((a.version != 2 && a.version != 3) || (a.version == 2 && v6))
		return d.drop = Drop::version, d;
	if ((msg[0] & 0x0f) != kAdvert)
		return d.drop = Drop::type, d;
	a.vrid = msg[1];
	a.priority = msg[2];
	size_t alen = addr_len(env.src.af);
	size_t want = kHeader + msg[3] * alen + (a.version == 2 ? kAuthLen : 0);
	// RFC 3768 7.1 and RFC 5798 7.1: the packet holds exactly what its count says.
	if (msg.size() != want)
		return d.drop = Drop::truncated, d;
	if (message_checksum(msg, a.version, env) != 0)
		return d.drop = Drop::checksum, d;
	if (a.version == 2) {
		a.auth = static_cast<Auth>(msg[4]);
		a.interval_cs = static_cast<uint16_t>(msg[5] * 100);
		std::copy_n(msg.end() - kAuthLen, kAuthLen, a.password.begin());
	} else {
		a.interval_cs = static_cast<uint16_t>((msg[4] & 0x0f) << 8 | msg[5]);
	}
	for (size_t i = 0; i < msg[3]; i++) {
		net::Addr addr{env.src.af, {}};
		std::copy_n(msg.begin() + static_cast<ptrdiff_t>(kHeader + i * alen), alen, addr.bytes.begin());
		a.addrs.push_back(addr);
	}
	return d;
}

std::optional<Ip4> split_ipv4(std::span<const uint8_t> dg)
{
	if (dg.size() < 20 || dg[0] >> 4 != 4)
		return std::nullopt;
	size_t ihl = (dg[0] & 0x0f) * 4u;
	size_t total = static_cast<size_t>(dg[2] << 8 | dg[3]);
	if (ihl < 20 || total < ihl || total != dg.size() || dg[9] != kProtocol)
		return std::nullopt;
	Ip4 ip;
	ip.env.src.af = ip.env.dst.af = AF_INET;
	std::copy_n(dg.begin() + 12, 4, ip.env.src.bytes.begin());
	std::copy_n(dg.begin() + 16, 4, ip.env.dst.bytes.begin());
	ip.env.ttl = dg[8];
	ip.payload = dg.subspan(ihl);
	return ip;
}

std::optional<Drop> check(const Advert &a, const Envelope &env, const Expect &e)
{
	if (a.vrid != e.vrid)
		return Drop::vrid;
	// RFC 5798 7.1: TTL 255 proves the sender is on this link; a unicast
	// peer may be routed, as keepalived allows.
	if (e.peers.empty() && env.ttl != -1 && env.ttl != kTtl)
		return Drop::ttl;
	if (a.version != e.version)
		return Drop::wrong_version;
	if (a.version == 2) {
		if (a.auth > Auth::ah)
			return Drop::auth_type;
		if (a.auth != e.auth)
			return Drop::auth; // also how vrrp_strict refuses every authenticated advert
		if (e.auth == Auth::pass && a.password != e.password)
			return Drop::password;
		// RFC 3768 7.1: a differing interval means a misconfigured router.
		if (a.interval_cs != e.interval_cs)
			return Drop::interval;
	} else if (a.interval_cs == 0) {
		return Drop::interval; // a zero master-down time would spin the backup
	}
	if (a.addrs.size() != e.addrs.size() ||
	    !std::ranges::all_of(a.addrs, [&](const auto &x) { return std::ranges::count(e.addrs, x) == 1; }))
		return Drop::addrs;
	if (is_multicast(env.dst) != e.peers.empty())
		return Drop::cast;
	if (!e.peers.empty() && std::ranges::count(e.peers, env.src) == 0)
		return Drop::peer;
	return std::nullopt;
}

} // namespace lvs::vrrp
