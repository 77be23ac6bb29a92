// What the health checks tell the kernel table: for each real server of
// each virtual server, up or down and the weight to give the kernel. The
// checker engine (src/core/check/) names its targets with these same ids
// and answers through a HealthView; for a server it has no answer for
// (yet), initial_health() says how it starts.
//
// Servers are named as keepalived matches them across reloads (vs_iseq,
// rs_iseq), so a reload can carry a server's state over when its identity
// is unchanged, whatever else changed.
#pragma once

#include "core/config/model.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace lvs::table {

// A virtual server: a group by name and protocol, a fwmark by family and
// mark, else family, protocol, address and port. Fields a kind does not
// use stay at their defaults.
struct VsId {
	config::VsKind kind = config::VsKind::address;
	uint16_t af = 0;
	uint16_t protocol = 0;
	net::Addr addr;
	uint16_t port = 0;
	uint32_t fwmark = 0;
	std::string group;

	friend bool operator==(const VsId &, const VsId &) = default;
};

// A real server of a virtual server: its address and port.
struct RsId {
	VsId vs;
	net::Addr addr;
	uint16_t port = 0;

	friend bool operator==(const RsId &, const RsId &) = default;
};

struct VsIdHash {
	size_t operator()(const VsId &id) const;
};

struct RsIdHash {
	size_t operator()(const RsId &id) const;
};

VsId vs_id(const config::VirtualServer &vs);
RsId rs_id(const config::VirtualServer &vs, const config::RealServer &rs);
// "[10.0.0.1]:tcp:80 / [192.168.1.2]:tcp:80", for logs and test messages.
std::string to_string(const RsId &id);

struct RsHealth {
	bool up = true;
	uint32_t weight = 0; // given to the kernel while up (misc_dynamic may change it)

	friend bool operator==(const RsHealth &, const RsHealth &) = default;
};

// A real server of the config being planned, and where it sits in it:
// the checker engine answers by position, without hashing identities.
struct RsAt {
	const config::VirtualServer &vs;
	const config::RealServer &rs;
	size_t vs_index; // in the config's virtual_servers
	size_t rs_index; // in vs.real_servers
};

// How one virtual server of the running config changed (a JSON-RPC call):
// appended at the end, replaced where it is, or erased (those after it
// move down one place). The engine and the quorums follow such an edit
// without visiting the rest of the config.
enum class Edit { append, replace, erase };

// The checker engine's state of one real server; nullopt: none yet.
using HealthView = std::function<std::optional<RsHealth>(const RsAt &)>;

// How a server starts: up with its configured weight, except that under
// `alpha` a server with checkers starts down until one passes; with
// checker_off every server is up and stays up.
RsHealth initial_health(const config::VirtualServer &vs, const config::RealServer &rs);
// What the view says of real server `rs` of virtual server `vs` (indexes
// into cfg), else how it starts.
RsHealth health_of(const HealthView &health, const config::Config &cfg, size_t vs, size_t rs);

} // namespace lvs::table
