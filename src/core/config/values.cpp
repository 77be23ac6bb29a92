#include "core/config/values.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <linux/rtnetlink.h>
#include <netinet/in.h>

namespace lvs::config {

namespace {

// A NUL-terminated copy for strto*(); numbers never need more room.
struct CStr {
	char buf[96];
	bool fits;
	explicit CStr(std::string_view s) : fits(s.size() < sizeof buf)
	{
		size_t n = fits ? s.size() : 0;
		s.copy(buf, n);
		buf[n] = '\0';
	}
};

std::string quoted(std::string_view s)
{
	return "'" + std::string(s) + "'";
}

bool white(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

} // namespace

namespace {

// A number read by strto*(), judged in keepalived's order and words: a
// number at all, within its type's range (`type`), within [min, max].
template <typename T>
bool judge(Ctx &ctx, Loc loc, std::string_view text, bool number, bool in_type, const char *type, T v, T min, T max)
{
	if (!number) {
		ctx.error(loc, "invalid number " + quoted(text), Level::invalid_number);
		return false;
	}
	if (!in_type) {
		ctx.error(loc, "number " + quoted(text) + " outside " + type + " range", Level::invalid_number);
		return false;
	}
	if (v < min || v > max) {
		ctx.error(loc,
			  "number " + quoted(text) + " outside range [" + std::to_string(min) + ", " +
				  std::to_string(max) + "]",
			  Level::invalid_number);
		return false;
	}
	return true;
}

// keepalived's read_unsigned_func(): strtoul() after leading blanks, and
// its messages; `limit` is the type's range (unsigned or 64 bits).
bool read_number(Ctx &ctx, Loc loc, std::string_view text, uint64_t min, uint64_t max, uint64_t limit,
		 const char *range_name, uint64_t &out)
{
	size_t offset = 0;
	while (offset < text.size() && white(text[offset]))
		++offset;
	CStr c(text);
	if (offset < text.size() && text[offset] == '-') {
		ctx.error(loc, "negative number " + quoted(text), Level::invalid_number);
		return false;
	}
	errno = 0;
	char *end = nullptr;
	unsigned long long v = std::strtoull(c.buf + offset, &end, 10);
	if (!judge<uint64_t>(ctx, loc, text, c.fits && !*end, errno != ERANGE && v <= limit, range_name, v, min, max))
		return false;
	out = v;
	return true;
}

} // namespace

bool read_unsigned64(Ctx &ctx, Loc loc, std::string_view text, uint64_t min, uint64_t max,
		     uint64_t &out)
{
	return read_number(ctx, loc, text, min, max, UINT64_MAX, "unsigned 64 bit", out);
}

bool read_unsigned(Ctx &ctx, Loc loc, std::string_view text, uint32_t min, uint32_t max,
		   uint32_t &out)
{
	uint64_t v;
	if (!read_number(ctx, loc, text, min, max, UINT_MAX, "unsigned integer", v))
		return false;
	out = static_cast<uint32_t>(v);
	return true;
}

bool read_int(Ctx &ctx, Loc loc, std::string_view text, int32_t min, int32_t max, int32_t &out)
{
	CStr c(text);
	errno = 0;
	char *end = nullptr;
	long v = std::strtol(c.buf, &end, 10);
	if (!judge(ctx, loc, text, c.fits && !*end, errno != ERANGE && v >= INT_MIN && v <= INT_MAX, "integer", v,
		   long{min}, long{max}))
		return false;
	out = static_cast<int32_t>(v);
	return true;
}

namespace {

std::string scaled(uint64_t v, unsigned shift)
{
	uint64_t unit = 1;
	for (unsigned i = 0; i < shift; ++i)
		unit *= 10;
	std::string frac = std::to_string(v % unit);
	return std::to_string(v / unit) + "." + std::string(shift - frac.size(), '0') + frac;
}

} // namespace

bool read_decimal(Ctx &ctx, Loc loc, std::string_view text, unsigned shift, uint64_t min,
		  uint64_t max, uint64_t &out)
{
	if (!text.empty() && text[0] == '-') {
		ctx.error(loc, "negative number " + quoted(text), Level::invalid_number);
		return false;
	}
	size_t dot = text.find('.');
	std::string digits(text.substr(0, dot));
	bool round_up = false;
	if (dot != std::string_view::npos) {
		std::string_view frac = text.substr(dot + 1);
		if (frac.size() > shift) {
			ctx.error(loc, "number " + quoted(text) + " has too many decimal places",
				  Level::invalid_number);
			round_up = frac[shift] >= '5';
			frac = frac.substr(0, shift);
		}
		digits += frac;
		digits.append(shift - frac.size(), '0');
	} else {
		digits.append(shift, '0');
	}
	CStr c(digits);
	errno = 0;
	char *end = nullptr;
	unsigned long long v = std::strtoull(c.buf, &end, 10);
	if (!c.fits || *end) {
		ctx.error(loc, "invalid number " + quoted(text), Level::invalid_number);
		return false;
	}
	if (errno == ERANGE) {
		ctx.error(loc, "number " + quoted(text) + " outside unsigned decimal range",
			  Level::invalid_number);
		return false;
	}
	v += round_up;
	if (v < min || v > max) {
		ctx.error(loc,
			  "number " + quoted(text) + " outside range [" + scaled(min, shift) + ", " +
				  scaled(max, shift) + "]",
			  Level::invalid_number);
		return false;
	}
	out = v;
	return true;
}

bool read_timer(Ctx &ctx, Loc loc, std::string_view text, Micros min, Micros max, Micros &out)
{
	return read_decimal(ctx, loc, text, 6, min, max ? max : UINT64_MAX - 1, out);
}

void set_timer(Ctx &ctx, const Stmt &s, Micros min, Micros max, Micros &out, const std::string &what)
{
	Micros t;
	if (read_timer(ctx, s.loc, s.words[1], min, max, t))
		out = t;
	else
		ctx.error(s.loc, what);
}

void set_retry(Ctx &ctx, const Stmt &s, uint32_t &out)
{
	uint32_t v;
	if (read_unsigned(ctx, s.loc, s.words[1], 1, UINT32_MAX, v))
		out = v;
	else
		ctx.error(s.loc, "retry value invalid - " + std::string(s.words[1]));
}

int read_bool(std::string_view t)
{
	if (t == "true" || t == "on" || t == "yes")
		return 1;
	if (t == "false" || t == "off" || t == "no")
		return 0;
	return -1;
}

bool parse_addr(std::string_view text, net::Addr &out)
{
	size_t cut = text.find('-');
	if (cut == std::string_view::npos)
		cut = text.find('/');
	CStr c(text.substr(0, cut));
	net::Addr a{static_cast<uint16_t>(text.find(':') != std::string_view::npos ? AF_INET6 : AF_INET),
		     {}};
	if (!c.fits || inet_pton(a.af, c.buf, a.bytes.data()) != 1)
		return false;
	out = a;
	return true;
}

bool read_endpoint(Ctx &ctx, Loc loc, std::string_view ip, std::string_view port, Endpoint &out)
{
	uint32_t p = 0;
	bool has_port = port.find_first_not_of('0') != std::string_view::npos;
	if (has_port && !read_unsigned(ctx, loc, port, 1, 65535, p))
		return false;
	if (!parse_addr(ip, out.addr))
		return false;
	out.port = static_cast<uint16_t>(p);
	return true;
}

uint16_t host_prefix(const net::Addr &addr)
{
	return addr.af == AF_INET6 ? 128 : 32;
}

std::optional<uint8_t> parse_scope(std::string_view word)
{
	static constexpr std::pair<std::string_view, uint8_t> kNames[] = {
		{"global", RT_SCOPE_UNIVERSE}, {"nowhere", RT_SCOPE_NOWHERE}, {"host", RT_SCOPE_HOST},
		{"link", RT_SCOPE_LINK},       {"site", RT_SCOPE_SITE}};
	for (const auto &[name, scope] : kNames)
		if (word == name)
			return scope;
	CStr c(word);
	char *end = nullptr;
	unsigned long v = std::strtoul(c.buf, &end, 0);
	if (!c.fits || word.empty() || *end != '\0' || word[0] == '-' || v > 255)
		return std::nullopt;
	return static_cast<uint8_t>(v);
}

bool parse_cidr(std::string_view text, net::Addr &addr, uint8_t &prefix, bool &had_prefix)
{
	size_t slash = text.find('/');
	std::string_view a = text.substr(0, slash);
	if (a.find('-') != std::string_view::npos || !parse_addr(a, addr))
		return false;
	had_prefix = slash != std::string_view::npos;
	if (!had_prefix) {
		prefix = static_cast<uint8_t>(host_prefix(addr));
		return true;
	}
	std::string_view len = text.substr(slash + 1);
	if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string_view::npos)
		return false;
	unsigned v = 0;
	for (char ch : len)
		v = v * 10 + static_cast<unsigned>(ch - '0');
	if (v < 1 || v > host_prefix(addr))
		return false;
	prefix = static_cast<uint8_t>(v);
	return true;
}

namespace {

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

} // namespace

bool parse_mac(std::string_view text, std::array<uint8_t, 6> &out)
{
	if (text.size() != 17)
		return false;
	for (size_t i = 0; i < 6; ++i) {
		int hi = hex_digit(text[i * 3]), lo = hex_digit(text[i * 3 + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':'))
			return false;
		out[i] = static_cast<uint8_t>(hi << 4 | lo);
	}
	return true;
}

std::vector<uint8_t> parse_hex(std::string_view text, std::vector<uint8_t> *mask)
{
	std::vector<uint8_t> data;
	auto nibble = [&](char c, uint8_t &val, uint8_t &m) {
		if (mask && (c == 'x' || c == 'X')) {
			val = 0;
			m = 0x0f;
			return true;
		}
		int d = hex_digit(c);
		val = static_cast<uint8_t>(d);
		m = 0;
		return d >= 0;
	};
	size_t i = 0;
	while (true) {
		while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
			++i;
		if (i == text.size())
			break;
		uint8_t v, m;
		if (!nibble(text[i++], v, m))
			return {};
		if (i < text.size() && text[i] != ' ' && text[i] != '\t') {
			uint8_t v2, m2;
			if (!nibble(text[i++], v2, m2))
				return {};
			v = static_cast<uint8_t>(v << 4 | v2);
			m = static_cast<uint8_t>(m << 4 | m2);
		}
		data.push_back(v);
		if (mask)
			mask->push_back(m);
	}
	return data;
}

std::string addr_str(const net::Addr &addr)
{
	char buf[INET6_ADDRSTRLEN] = "";
	inet_ntop(addr.af == AF_INET6 ? AF_INET6 : AF_INET, addr.bytes.data(), buf, sizeof buf);
	return buf;
}

std::string mac_str(const std::array<uint8_t, 6> &mac)
{
	static const char digits[] = "0123456789abcdef";
	std::string s;
	for (size_t i = 0; i < mac.size(); ++i) {
		if (i)
			s += ':';
		s += digits[mac[i] >> 4];
		s += digits[mac[i] & 15];
	}
	return s;
}

std::string hex_str(const std::vector<uint8_t> &data, const std::vector<uint8_t> *mask)
{
	static const char digits[] = "0123456789abcdef";
	std::string s;
	for (size_t i = 0; i < data.size(); ++i) {
		uint8_t m = mask && i < mask->size() ? (*mask)[i] : 0;
		s += m & 0xf0 ? 'x' : digits[data[i] >> 4];
		s += m & 0x0f ? 'x' : digits[data[i] & 15];
	}
	return s;
}

std::string trio(const Endpoint &e, uint16_t protocol)
{
	const char *proto = protocol == IPPROTO_TCP	 ? "tcp"
			    : protocol == IPPROTO_UDP	 ? "udp"
			    : protocol == IPPROTO_SCTP ? "sctp"
						       : "none";
	return "[" + addr_str(e.addr) + "]:" + proto + ":" + std::to_string(e.port);
}

std::string timer_str(Micros t)
{
	std::string s = std::to_string(t / kSecond);
	if (Micros frac = t % kSecond) {
		std::string f = std::to_string(frac);
		f.insert(0, 6 - f.size(), '0');
		while (f.back() == '0')
			f.pop_back();
		s += "." + f;
	}
	return s;
}

} // namespace lvs::config
