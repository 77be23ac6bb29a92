#include "ipvsadm/values.hpp"

#include "core/net/addr.hpp"
#include "ipvsadm/options.hpp"
#include "ipvsadm/parse.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <linux/ip_vs.h>
#include <optional>

namespace lvs::ipvsadm {

namespace {

constexpr long kMaxTimeout = 86400 * 31;

// 1.31's string_to_number: all of s, base 10, within [min, max].
std::optional<long> number(const std::string &s, long min, long max)
{
	errno = 0;
	char *end = nullptr;
	long n = std::strtol(s.c_str(), &end, 10);
	if (*end != '\0' || end == s.c_str() || errno == ERANGE || n < min || n > max)
		return std::nullopt;
	return n;
}

bool all_digits(const std::string &s)
{
	for (char ch : s)
		if (ch < '0' || ch > '9')
			return false;
	return true; // also for "", as 1.31's str_is_digit
}

uint32_t sched_flag(const std::string &flag, const std::string &sched)
{
	for (const SchedFlag &f : sched_flags()) {
		if (flag != f.name)
			continue;
		if (!f.sched.empty() && sched != f.sched)
			throw fail("incompatible scheduler flag `" + flag + "'");
		return f.bit;
	}
	throw fail("invalid scheduler flag `" + flag + "'");
}

} // namespace

uint32_t timeout_value(const std::string &s, long min)
{
	auto n = number(s, min, kMaxTimeout);
	if (!n)
		throw fail("invalid timeout value `" + s + "' specified");
	return static_cast<uint32_t>(*n);
}

uint32_t fwmark_value(const std::string &s)
{
	errno = 0;
	char *end = nullptr;
	long n = std::strtol(s.c_str(), &end, 10);
	if (*end != '\0' || end == s.c_str() || errno == ERANGE || n <= 0 || n > long{UINT_MAX})
		throw fail("invalid fwmark value `" + s + "' specified");
	return static_cast<uint32_t>(n);
}

// 1.31's parse_service, quirks kept: "[v6]" needs a port; "[1.2.3.4]:80"
// is 1.2.3.4 without its port; an unbracketed IPv6 address has no port.
HostPort host_port(std::string text, uint16_t protocol)
{
	HostPort hp;
	if (all_digits(text))
		return hp;
	std::optional<std::string> port;
	if (text[0] == '[') {
		auto close = text.find(']');
		if (close == std::string::npos || text[close + 1] != ':')
			return hp;
		port = text.substr(close + 2);
		text = text.substr(1, close - 1);
	}
	if (auto v6 = net::parse_ipv6(text)) {
		hp.addr = *v6;
	} else {
		auto colon = text.rfind(':');
		port.reset();
		if (colon != std::string::npos) {
			port = text.substr(colon + 1);
			text.resize(colon);
		}
		auto v4 = net::parse_ipv4_liberal(text);
		if (!v4)
			v4 = net::resolve_ipv4(text);
		if (!v4)
			return hp;
		hp.addr = *v4;
	}
	if (port) {
		auto n = number(*port, 0, 65535);
		auto p = n ? std::optional<uint16_t>(static_cast<uint16_t>(*n))
			   : net::service_port(*port, protocol);
		if (!p)
			return hp;
		hp.port = *p;
		hp.found = kAddr | kPort;
		return hp;
	}
	hp.found = kAddr;
	return hp;
}

// 1.31 splits -b like strtok (empty items vanish); it crashes when nothing
// is left (-b ,), where we name the empty flag instead.
uint32_t parse_sched_flags(const std::string &list, const std::string &sched_name)
{
	std::string sched = sched_name.empty() ? "wlc" : sched_name;
	uint32_t flags = 0;
	bool any = false;
	size_t pos = 0;
	while (pos <= list.size()) {
		size_t comma = std::min(list.find(',', pos), list.size());
		if (comma > pos) {
			flags |= sched_flag(list.substr(pos, comma - pos), sched);
			any = true;
		}
		pos = comma + 1;
	}
	if (!any)
		throw fail("invalid scheduler flag `'");
	return flags;
}

uint8_t tunnel_type(const std::string &name)
{
	if (name == "ipip")
		return IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	if (name == "gue")
		return IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	if (name == "gre")
		return IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	throw fail("illegal tunnel type specified");
}

net::Addr mcast_group(const std::string &text)
{
	if (text.find(':') != std::string::npos) {
		auto a = net::parse_ipv6(text);
		if (!a || a->bytes[0] != 0xff)
			throw fail("invalid IPv6 mcast-group `" + text + "'");
		return *a;
	}
	net::Addr a{AF_INET, {}};
	if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) != 1 || (a.bytes[0] & 0xf0) != 0xe0)
		throw fail("invalid IPv4 mcast-group `" + text + "'");
	return a;
}

uint32_t checked(const std::string &s, long min, long max, const char *message)
{
	auto n = number(s, min, max);
	if (!n)
		throw fail(message);
	return static_cast<uint32_t>(*n);
}

} // namespace lvs::ipvsadm
