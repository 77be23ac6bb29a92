// The small types every part of the config model shares: timers, inherited
// switches, addresses with ports, scripts and keywords kept as written.
#pragma once

#include "core/config/diag.hpp"
#include "core/net/addr.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lvs::config {

// Microseconds: keepalived's timer resolution.
using Micros = uint64_t;
inline constexpr Micros kSecond = 1000000;
inline constexpr Micros kNoTime = UINT64_MAX;
inline constexpr uint32_t kNoCount = UINT32_MAX;

// An on/off that may be left to the enclosing block.
enum class Inherit : int8_t { unset = -1, no = 0, yes = 1 };

// No address: af is AF_UNSPEC.
inline constexpr net::Addr kNoAddr{0, {}};

struct Endpoint {
	net::Addr addr = kNoAddr;
	uint16_t port = 0; // 0: none given
};

// A script with the user and group it runs as (empty: the default).
struct Script {
	std::string command;
	std::string user;
	std::string group;
	Loc loc;
};

// A keyword we keep as written: the global_defs keywords that only the
// daemon's other parts read, and vrrp options beyond the core protocol.
struct Setting {
	std::string name;
	std::vector<std::string> args;
	Loc loc;
};

// What few objects set is kept out of line, behind a pointer that is null
// until something is set: a config can hold 200,000 real servers, and most
// set none of it. This gives the part, creating it on first use.
template <typename T> T &rare(std::unique_ptr<T> &p)
{
	if (!p)
		p = std::make_unique<T>();
	return *p;
}

// The part for reading: an empty one when nothing was set.
template <typename T> const T &peek(const std::unique_ptr<T> &p)
{
	static const T empty{};
	return p ? *p : empty;
}

} // namespace lvs::config
