// The netlink request builder: attribute lengths, padding, nesting, and
// numbers in network order.
#include "core/netlink/nlmsg.hpp"

#include <doctest/doctest.h>

#include <cstring>

using namespace lvs;

TEST_CASE("netlink::NlMsg nests attributes and pads each to 4 bytes")
{
	uint32_t fixed = 0xabcdef01;
	netlink::NlMsg m(42, NLM_F_ACK, &fixed, sizeof fixed);
	size_t outer = m.nest(7);
	m.be32(1, 0x01020304);
	m.str(2, "ab"); // 3 bytes with the NUL: padded to 4
	m.end(outer);
	m.attr(3, "x", 1);
	const nlmsghdr *h = m.done(9);
	CHECK(h->nlmsg_type == 42);
	CHECK(h->nlmsg_flags == (NLM_F_REQUEST | NLM_F_ACK));
	CHECK(h->nlmsg_seq == 9);
	CHECK(h->nlmsg_len == NLMSG_HDRLEN + 4 + (4 + 8 + 8) + 8);
	const auto *p = reinterpret_cast<const uint8_t *>(h) + NLMSG_HDRLEN + 4;
	nlattr a;
	std::memcpy(&a, p, sizeof a);
	CHECK(a.nla_type == (7 | NLA_F_NESTED));
	CHECK(a.nla_len == 4 + 8 + 8);
	CHECK(p[8] == 1);
	CHECK(p[11] == 4); // big-endian
	std::memcpy(&a, p + 12, sizeof a);
	CHECK(a.nla_len == 4 + 3);
	CHECK(std::strcmp(reinterpret_cast<const char *>(p + 16), "ab") == 0);
	std::memcpy(&a, p + 20, sizeof a);
	CHECK(a.nla_type == 3);
	CHECK(a.nla_len == 5);
}
