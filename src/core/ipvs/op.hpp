// The requests that change the kernel's table: a type per IPVS_CMD_*, each
// holding exactly what its command needs, so the type says what a request
// carries and the encoder has no request to refuse. From <linux/ip_vs.h>, and from ip_vs_fnat_uapi.h the
// local-address commands only our full-NAT module knows (the stock ip_vs
// answers EOPNOTSUPP).
#pragma once

#include "core/ipvs/model.hpp"

#include <linux/ip_vs.h>
#include <optional>
#include <variant>

// Our module's additions; after <linux/ip_vs.h>, whose numbers it continues.
#include "ip_vs_fnat_uapi.h"

namespace lvs::ipvs {

namespace op {

// The pairs that differ only in their command share a shape.
template <int Cmd>
struct OfService {
	static constexpr int cmd = Cmd;
	Service service;
};
using NewService = OfService<IPVS_CMD_NEW_SERVICE>;
using SetService = OfService<IPVS_CMD_SET_SERVICE>;

struct DelService {
	static constexpr int cmd = IPVS_CMD_DEL_SERVICE;
	ServiceKey service;
};
// The counters of one service, or of all (nullopt).
struct Zero {
	static constexpr int cmd = IPVS_CMD_ZERO;
	std::optional<ServiceKey> service;
};
struct Flush {
	static constexpr int cmd = IPVS_CMD_FLUSH;
};

template <int Cmd>
struct OfDest {
	static constexpr int cmd = Cmd;
	ServiceKey service;
	Dest dest;
};
using NewDest = OfDest<IPVS_CMD_NEW_DEST>;
using SetDest = OfDest<IPVS_CMD_SET_DEST>;

struct DelDest {
	static constexpr int cmd = IPVS_CMD_DEL_DEST;
	ServiceKey service;
	Addr addr; // addr.af is the destination's family
	uint16_t port = 0;
};
// lvs_timeouts / --set: 0 keeps the kernel's value.
struct SetTimeouts {
	static constexpr int cmd = IPVS_CMD_SET_CONFIG;
	Timeouts timeouts;
};

// DelDaemon: the kernel stops the daemon of daemon.state.
template <int Cmd>
struct OfDaemon {
	static constexpr int cmd = Cmd;
	Daemon daemon;
};
using NewDaemon = OfDaemon<IPVS_CMD_NEW_DAEMON>;
using DelDaemon = OfDaemon<IPVS_CMD_DEL_DAEMON>;

template <int Cmd>
struct OfLaddr {
	static constexpr int cmd = Cmd;
	ServiceKey service;
	Addr addr; // addr.af is the local address's family
};
using NewLaddr = OfLaddr<IPVS_CMD_NEW_LADDR>;
using DelLaddr = OfLaddr<IPVS_CMD_DEL_LADDR>;

} // namespace op

using Op = std::variant<op::NewService, op::SetService, op::DelService, op::Zero, op::Flush, op::NewDest,
			op::SetDest, op::DelDest, op::SetTimeouts, op::NewDaemon, op::DelDaemon, op::NewLaddr,
			op::DelLaddr>;

// The IPVS_CMD_* that carries it.
inline int cmd_of(const Op &op)
{
	return std::visit([](const auto &o) { return o.cmd; }, op);
}

} // namespace lvs::ipvs
