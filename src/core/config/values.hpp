// Reading values the way keepalived 2.2.7 reads them in -t mode: numbers
// with its range messages, timers in seconds with microsecond decimals,
// <BOOL>s, addresses (inet_pton forms), ports, MACs and hex strings.
// A reader that fails has reported why; the handler adds its own line,
// as keepalived's handlers do.
#pragma once

#include "core/config/keywords.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::config {

bool read_unsigned(Ctx &ctx, Loc loc, std::string_view text, uint32_t min, uint32_t max,
		   uint32_t &out);
bool read_unsigned64(Ctx &ctx, Loc loc, std::string_view text, uint64_t min, uint64_t max,
		     uint64_t &out);
bool read_int(Ctx &ctx, Loc loc, std::string_view text, int32_t min, int32_t max, int32_t &out);
// A decimal with up to `shift` decimal places, scaled by 10^shift.
bool read_decimal(Ctx &ctx, Loc loc, std::string_view text, unsigned shift, uint64_t min,
		  uint64_t max, uint64_t &out);
// Seconds with microsecond resolution; max 0 means no upper limit.
bool read_timer(Ctx &ctx, Loc loc, std::string_view text, Micros min, Micros max, Micros &out);

// The keyword handlers of virtual and real servers share these shapes:
// the timer in a statement's argument into out, else `what` as the error;
// retry's count (1..UINT32_MAX) into out, else 2.2.7's message.
void set_timer(Ctx &ctx, const Stmt &s, Micros min, Micros max, Micros &out, const std::string &what);
void set_retry(Ctx &ctx, const Stmt &s, uint32_t &out);

// check_true_false(): 1 for on/true/yes, 0 for off/false/no, -1 otherwise.
int read_bool(std::string_view text);

// inet_pton() of the address part (up to a '-' or '/').
bool parse_addr(std::string_view text, net::Addr &out);
// inet_stosockaddr(): an address and an optional port ("" or all zeros:
// none). Reports port number errors; the caller reports a bad address.
bool read_endpoint(Ctx &ctx, Loc loc, std::string_view ip, std::string_view port,
		   Endpoint &out);
// "ADDR[/LEN]": LEN 1-32 (IPv4) or 1-128 (IPv6); no LEN gives the host
// length. False for any other form.
bool parse_cidr(std::string_view text, net::Addr &addr, uint8_t &prefix, bool &had_prefix);
bool parse_mac(std::string_view text, std::array<uint8_t, 6> &out);
// read_hex_str(): hex digits, blanks between octets; with a mask, 'x'
// nibbles are wildcards. Empty result: not valid.
std::vector<uint8_t> parse_hex(std::string_view text, std::vector<uint8_t> *mask);

std::string addr_str(const net::Addr &addr);
std::string mac_str(const std::array<uint8_t, 6> &mac);
std::string hex_str(const std::vector<uint8_t> &data, const std::vector<uint8_t> *mask);
// "[10.0.0.1]:tcp:80", keepalived's FMT_RS / inet_sockaddrtotrio.
std::string trio(const Endpoint &e, uint16_t protocol);
// keepalived's decimal form of a timer, e.g. "1.5" or "60".
std::string timer_str(Micros t);
uint16_t host_prefix(const net::Addr &addr);
// An address scope as keepalived's find_rttables_scope() reads it: the
// names of iproute2's rt_scopes (global, nowhere, host, link, site) or a
// number up to 255 in strtoul's forms. Nothing for anything else.
std::optional<uint8_t> parse_scope(std::string_view word);


// alloc_strvec_quoted_escaped(): the raw line split shell-like, for script
// keywords: '...' and "..." group words, backslash escapes (\n, \t, \xHH,
// \NNN octal, \cC...) are decoded.
std::vector<std::string> split_shell(Ctx &ctx, Loc loc, std::string_view raw);
// A script keyword: KEYWORD COMMAND [USER [GROUP]] (with_user) or
// KEYWORD COMMAND. False (reported) when the command is missing.
bool read_script(Ctx &ctx, const Stmt &s, Script &out, bool with_user);

} // namespace lvs::config
