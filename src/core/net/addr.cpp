#include "core/net/addr.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <unordered_map>
#include <vector>

namespace lvs::net {

namespace {

// Runs a *_r resolver call with a buffer that grows until it fits, and
// hands a result, if any, to use.
template <typename Call, typename Use>
void with_hostent(Call call, Use use)
{
	std::vector<char> buf(1024);
	hostent he{}, *res = nullptr;
	int err = 0;
	int rc;
	while ((rc = call(&he, buf.data(), buf.size(), &res, &err)) == ERANGE)
		buf.resize(buf.size() * 2);
	if (rc == 0 && res)
		use(*res);
}

bool remembering = false;

// lookup() once per key while remembering_lookups(), every time otherwise.
template <typename Value, typename Lookup>
Value remembered(std::unordered_map<std::string, Value> &memo, const std::string &key, Lookup lookup)
{
	if (!remembering)
		return lookup();
	auto it = memo.find(key);
	if (it == memo.end())
		it = memo.emplace(key, lookup()).first;
	return it->second;
}

} // namespace

void remember_lookups()
{
	remembering = true;
}

Addr ipv4(uint32_t network_order)
{
	Addr a{AF_INET, {}};
	std::memcpy(a.bytes.data(), &network_order, sizeof network_order);
	return a;
}

std::optional<Addr> parse_ipv6(const std::string &text)
{
	Addr a{AF_INET6, {}};
	if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) != 1)
		return std::nullopt;
	return a;
}

std::optional<Addr> parse_ipv4_liberal(const std::string &text)
{
	in_addr in{};
	if (inet_aton(text.c_str(), &in) == 0)
		return std::nullopt;
	return ipv4(in.s_addr);
}

// gethostbyname's first address rather than getaddrinfo's, which sorts a
// name's addresses (RFC 3484) and so may pick another one than ipvsadm does.
static std::optional<Addr> lookup_ipv4(const std::string &name)
{
	std::optional<Addr> found;
	with_hostent(
		[&](hostent *he, char *buf, size_t len, hostent **res, int *err) {
			return gethostbyname_r(name.c_str(), he, buf, len, res, err);
		},
		[&](const hostent &he) {
			if (he.h_addrtype == AF_INET && he.h_length == 4 && he.h_addr_list[0]) {
				uint32_t a;
				std::memcpy(&a, he.h_addr_list[0], sizeof a);
				found = ipv4(a);
			}
		});
	return found;
}

std::optional<Addr> resolve_ipv4(const std::string &name)
{
	static std::unordered_map<std::string, std::optional<Addr>> memo;
	return remembered(memo, name, [&] { return lookup_ipv4(name); });
}

std::string to_string(const Addr &addr, uint16_t port)
{
	std::string a = to_string(addr);
	return (addr.af == AF_INET6 ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

Addr successor(const Addr &addr)
{
	Addr next = addr;
	for (size_t i = addr.af == AF_INET6 ? 16 : 4; i-- > 0;)
		if (++next.bytes[i] != 0)
			break;
	return next;
}

std::string to_string(const Addr &addr)
{
	if (addr.af != AF_INET6) {
		// inet_ntop's IPv4 form, without its printf: listings print 100,000s.
		const auto &b = addr.bytes;
		return fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
	}
	char buf[INET6_ADDRSTRLEN] = "";
	inet_ntop(AF_INET6, addr.bytes.data(), buf, sizeof buf);
	return buf;
}

static std::string lookup_host_name(const Addr &addr)
{
	std::optional<std::string> name;
	bool v6 = addr.af == AF_INET6;
	with_hostent(
		[&](hostent *he, char *buf, size_t len, hostent **res, int *err) {
			return gethostbyaddr_r(addr.bytes.data(), v6 ? 16 : 4, v6 ? AF_INET6 : AF_INET, he,
					       buf, len, res, err);
		},
		[&](const hostent &he) { name = he.h_name; });
	return name ? *name : to_string(addr);
}

std::string host_name(const Addr &addr)
{
	static std::unordered_map<std::string, std::string> memo;
	return remembered(memo, to_string(addr), [&] { return lookup_host_name(addr); });
}

const char *service_protocol(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_SCTP:
		return "sctp";
	default:
		return nullptr;
	}
}

std::optional<uint16_t> service_port(const std::string &name, uint16_t protocol)
{
	const char *proto = service_protocol(protocol);
	if (!proto)
		return std::nullopt;
	static std::unordered_map<std::string, std::optional<uint16_t>> memo;
	return remembered(memo, name + '/' + proto, [&]() -> std::optional<uint16_t> {
		servent se{}, *found = nullptr;
		char buf[1024];
		if (getservbyname_r(name.c_str(), proto, &se, buf, sizeof buf, &found) != 0 || !found)
			return std::nullopt;
		return ntohs(static_cast<uint16_t>(found->s_port));
	});
}

std::optional<std::string> service_name(uint16_t port, uint16_t protocol)
{
	const char *proto = service_protocol(protocol);
	if (!proto)
		return std::nullopt;
	static std::unordered_map<std::string, std::optional<std::string>> memo;
	return remembered(memo, std::to_string(port) + '/' + proto, [&]() -> std::optional<std::string> {
		servent se{}, *found = nullptr;
		char buf[1024];
		if (getservbyport_r(htons(port), proto, &se, buf, sizeof buf, &found) != 0 || !found)
			return std::nullopt;
		return std::string(found->s_name);
	});
}

} // namespace lvs::net
