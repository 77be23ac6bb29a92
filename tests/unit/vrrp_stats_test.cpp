// keepalived's stats block, and which instances a reload takes as the same
// virtual router.
#include "core/vrrp/settings.hpp"
#include "core/vrrp/stats.hpp"

#include <doctest/doctest.h>

using namespace lvs::vrrp;

TEST_CASE("format_stats writes keepalived 2.2.7's block, drops by reason")
{
	Stats s;
	s.advert_rcvd = 7;
	s.advert_sent = 3;
	s.become_master = 1;
	s.release_master = 2;
	s.pri_zero_rcvd = 4;
	s.pri_zero_sent = 5;
	s.dropped(Drop::truncated) = 11;
	s.dropped(Drop::ttl) = 12;
	s.dropped(Drop::type) = 13;
	s.dropped(Drop::interval) = 14;
	s.dropped(Drop::addrs) = 15;
	s.dropped(Drop::auth_type) = 16;
	s.dropped(Drop::auth) = 17;
	s.dropped(Drop::password) = 18;
	s.dropped(Drop::checksum) = 99; // keepalived has no line for it
	CHECK(format_stats("VI_1", s) == "VRRP Instance: VI_1\n"
					  "  Advertisements:\n"
					  "    Received: 7\n"
					  "    Sent: 3\n"
					  "  Became master: 1\n"
					  "  Released master: 2\n"
					  "  Packet Errors:\n"
					  "    Length: 11\n"
					  "    TTL: 12\n"
					  "    Invalid Type: 13\n"
					  "    Advertisement Interval: 14\n"
					  "    Address List: 15\n"
					  "  Authentication Errors:\n"
					  "    Invalid Type: 16\n"
					  "    Type Mismatch: 17\n"
					  "    Failure: 18\n"
					  "  Priority Zero:\n"
					  "    Received: 4\n"
					  "    Sent: 5\n");
}

TEST_CASE("same_router: VRID, family, interface and the unicast source, not the name")
{
	Settings a;
	a.params.name = "VI_1";
	a.interface = "eth0";
	a.expect.vrid = 51;
	Settings b = a;
	b.params.name = "renamed";
	b.params.priority = 200;
	CHECK(same_router(a, b));
	b = a;
	b.expect.vrid = 52;
	CHECK_FALSE(same_router(a, b));
	b = a;
	b.interface = "eth1";
	CHECK_FALSE(same_router(a, b));
	b = a;
	b.af = AF_INET6;
	CHECK_FALSE(same_router(a, b));
	b = a;
	b.peers = {{AF_INET, {10, 0, 0, 2}}};
	CHECK_FALSE(same_router(a, b));
	a.peers = b.peers;
	a.src = {AF_INET, {10, 0, 0, 1}};
	b.src = a.src;
	CHECK(same_router(a, b));
	b.src = {AF_INET, {10, 0, 0, 3}};
	CHECK_FALSE(same_router(a, b));
}
