// libFuzzer target: bytes as a raw socket delivers them, through the whole
// receive path (IPv4 header split, decode, check); the first byte picks
// IPv4 or IPv6. Nothing may crash, leak or read out of bounds.
#include "core/vrrp/packet.hpp"

#include <netinet/in.h>

#include <cstdint>
#include <span>

using namespace lvs::vrrp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	std::span<const uint8_t> in(data + 1, size - 1);
	Expect expect;
	expect.version = data[0] & 1 ? 3 : 2;
	expect.vrid = 51;
	if (data[0] & 2) {
		Envelope env{{AF_INET6, {0xfe, 0x80}}, {AF_INET6, {0xff, 0x02}}, 255};
		env.dst.bytes[15] = 0x12;
		Decoded d = decode(in, env);
		if (!d.drop)
			check(d.advert, env, expect);
		return 0;
	}
	if (auto ip = split_ipv4(in)) {
		Decoded d = decode(ip->payload, ip->env);
		if (!d.drop) {
			check(d.advert, ip->env, expect);
			encode(d.advert, ip->env); // what we decode we can send back
		}
	}
	return 0;
}
