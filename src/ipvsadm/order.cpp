#include "ipvsadm/order.hpp"

#include <arpa/inet.h>
#include <cstring>

namespace lvs::ipvsadm {

namespace {

// The wrapping difference 1.31 computes: unsigned subtraction read as int.
int wrapped(uint32_t a, uint32_t b)
{
	return static_cast<int>(a - b);
}

uint32_t word(const net::Addr &a, size_t i)
{
	uint32_t w;
	std::memcpy(&w, a.bytes.data() + 4 * i, sizeof w);
	return ntohl(w);
}

// The family of the left-hand side decides how many words are compared.
int compare_addrs(const net::Addr &a, const net::Addr &b, uint16_t af)
{
	int r = 0;
	size_t words = af == AF_INET6 ? 4 : 1;
	for (size_t i = 0; !r && i < words; ++i)
		r = wrapped(word(a, i), word(b, i));
	return r;
}

} // namespace

int compare_services(const ipvs::Service &a, const ipvs::Service &b)
{
	const ipvs::ServiceKey &x = a.key, &y = b.key;
	if (int r = wrapped(x.fwmark, y.fwmark))
		return r;
	if (int r = x.af - y.af)
		return r;
	if (int r = x.protocol - y.protocol)
		return r;
	if (int r = compare_addrs(x.addr, y.addr, x.af))
		return r;
	return x.port - y.port;
}

int compare_dests(const ipvs::Dest &a, const ipvs::Dest &b)
{
	if (int r = compare_addrs(a.addr, b.addr, a.addr.af))
		return r;
	return a.port - b.port;
}

} // namespace lvs::ipvsadm
