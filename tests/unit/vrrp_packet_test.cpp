// VRRP adverts on the wire: known checksums, round trips, and every way a
// packet can be hostile or cut short dropped with its reason.
#include "core/vrrp/packet.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>

#include <string>
#include <vector>

using namespace lvs::vrrp;
using lvs::net::Addr;

namespace {

Addr ip(const std::string &text)
{
	Addr a{AF_INET, {}};
	if (text.find(':') != std::string::npos)
		a.af = AF_INET6;
	REQUIRE(inet_pton(a.af, text.c_str(), a.bytes.data()) == 1);
	return a;
}

Envelope env(const std::string &src, const std::string &dst, int ttl = 255)
{
	return {ip(src), ip(dst), ttl};
}

Advert v2_pass()
{
	Advert a;
	a.version = 2;
	a.vrid = 51;
	a.priority = 100;
	a.interval_cs = 100;
	a.auth = Auth::pass;
	a.password = {'1', '1', '1', '1'};
	a.addrs = {ip("192.168.200.16")};
	return a;
}

Expect expect_for(const Advert &a)
{
	return {a.version, a.vrid, a.interval_cs, a.auth, a.password, a.addrs, {}};
}

} // namespace

TEST_CASE("v2 and v3 (IPv4) checksums match the RFCs' sums")
{
	auto m2 = encode(v2_pass(), env("10.0.0.1", "224.0.0.18"));
	REQUIRE(m2.size() == 20);
	CHECK(m2[0] == 0x21);
	CHECK((m2[6] << 8 | m2[7]) == 0x8eae); // the message alone

	Advert a3 = v2_pass();
	a3.version = 3;
	a3.auth = Auth::none;
	auto m3 = encode(a3, env("10.0.0.1", "224.0.0.18"));
	REQUIRE(m3.size() == 12);
	CHECK(m3[0] == 0x31);
	CHECK((m3[4] << 8 | m3[5]) == 100);
	CHECK((m3[6] << 8 | m3[7]) == 0xf71d); // with the pseudo-header
}

TEST_CASE("round trips: v2, v3 over IPv4 and IPv6, fractional v3 intervals")
{
	Envelope e4 = env("10.0.0.1", "224.0.0.18");
	Advert a = v2_pass();
	auto d = decode(encode(a, e4), e4);
	REQUIRE_FALSE(d.drop);
	CHECK(d.advert.password == a.password);
	CHECK(d.advert.addrs == a.addrs);
	CHECK_FALSE(check(d.advert, e4, expect_for(a)));

	Envelope e6 = env("fe80::1", "ff02::12");
	Advert b;
	b.version = 3;
	b.vrid = 7;
	b.priority = 255;
	b.interval_cs = 25; // 0.25 s
	b.addrs = {ip("2001:db8::10"), ip("2001:db8::11")};
	d = decode(encode(b, e6), e6);
	REQUIRE_FALSE(d.drop);
	CHECK(d.advert.interval_cs == 25);
	CHECK(d.advert.priority == 255);
	CHECK(d.advert.addrs == b.addrs);
	CHECK_FALSE(check(d.advert, e6, expect_for(b)));
	// The v3 sum covers the addresses: another destination breaks it.
	CHECK(decode(encode(b, e6), env("fe80::1", "fe80::2")).drop == Drop::checksum);
}

TEST_CASE("decode drops malformed packets with their reason")
{
	Envelope e4 = env("10.0.0.1", "224.0.0.18");
	auto m = encode(v2_pass(), e4);
	for (size_t n = 0; n < m.size(); n++)
		CHECK(decode(std::span(m).first(n), e4).drop == Drop::truncated);
	auto longer = m;
	longer.push_back(0);
	CHECK(decode(longer, e4).drop == Drop::truncated);

	auto bad = m;
	bad[9] ^= 1;
	CHECK(decode(bad, e4).drop == Drop::checksum);
	bad = m;
	bad[0] = 0x41;
	CHECK(decode(bad, e4).drop == Drop::version);
	bad[0] = 0x22;
	CHECK(decode(bad, e4).drop == Drop::type);
	bad = m;
	bad[3] = 255; // claims 255 addresses in 20 bytes
	CHECK(decode(bad, e4).drop == Drop::truncated);
	// VRRPv2 is IPv4 only.
	CHECK(decode(m, env("fe80::1", "ff02::12")).drop == Drop::version);
}

TEST_CASE("check holds a packet to the instance's expectations")
{
	Envelope e4 = env("10.0.0.1", "224.0.0.18");
	Advert a = v2_pass();
	Expect x = expect_for(a);
	CHECK(check(a, env("10.0.0.1", "224.0.0.18", 64), x) == Drop::ttl);
	Expect other = x;
	other.vrid = 52;
	CHECK(check(a, e4, other) == Drop::vrid);
	other = x;
	other.password = {'2'};
	CHECK(check(a, e4, other) == Drop::password);
	other = x;
	other.auth = Auth::none;
	CHECK(check(a, e4, other) == Drop::auth);
	Advert unknown = a;
	unknown.auth = static_cast<Auth>(3);
	CHECK(check(unknown, e4, x) == Drop::auth_type);
	other = x;
	other.interval_cs = 200;
	CHECK(check(a, e4, other) == Drop::interval);
	other = x;
	other.version = 3;
	CHECK(check(a, e4, other) == Drop::wrong_version);
	other = x;
	other.addrs = {ip("192.168.200.17")};
	CHECK(check(a, e4, other) == Drop::addrs);
	other.addrs = {};
	CHECK(check(a, e4, other) == Drop::addrs);

	// Unicast: any TTL, but only from a peer and never to a group.
	other = x;
	other.peers = {ip("10.0.0.1")};
	CHECK(check(a, e4, other) == Drop::cast);
	CHECK_FALSE(check(a, env("10.0.0.1", "10.0.0.2", 63), other));
	CHECK(check(a, env("10.0.0.9", "10.0.0.2"), other) == Drop::peer);
	CHECK(check(a, env("10.0.0.1", "10.0.0.2"), x) == Drop::cast);

	Advert z = a;
	z.version = 3;
	z.interval_cs = 0;
	other = x;
	other.version = 3;
	CHECK(check(z, e4, other) == Drop::interval);
}

TEST_CASE("split_ipv4 takes only whole VRRP datagrams")
{
	Envelope e4 = env("10.0.0.1", "224.0.0.18");
	auto m = encode(v2_pass(), e4);
	std::vector<uint8_t> dg = {0x45, 0xc0, 0, static_cast<uint8_t>(20 + m.size()), 0, 0, 0, 0, 255, 112, 0, 0,
				   10, 0, 0, 1, 224, 0, 0, 18};
	dg.insert(dg.end(), m.begin(), m.end());
	auto s = split_ipv4(dg);
	REQUIRE(s);
	CHECK(s->env.ttl == 255);
	CHECK(s->env.src == ip("10.0.0.1"));
	CHECK(s->env.dst == ip("224.0.0.18"));
	CHECK(s->payload.size() == m.size());
	CHECK_FALSE(decode(s->payload, s->env).drop);

	auto bad = dg;
	bad[9] = 6;
	CHECK_FALSE(split_ipv4(bad));
	bad = dg;
	bad[0] = 0x4f; // header longer than the packet
	CHECK_FALSE(split_ipv4(bad));
	CHECK_FALSE(split_ipv4(std::span(dg).first(19)));
	CHECK_FALSE(split_ipv4(std::span(dg).first(dg.size() - 1)));
}
