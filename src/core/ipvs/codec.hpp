// The IPVS generic-netlink wire format, apart from any socket: requests are
// built from the model (what the kernel requires and what ipvsadm 1.31
// sends, so both tools leave identical kernel state), replies are read back
// into it. Decoding trusts nothing: every length is checked against the
// bytes actually there, unknown attributes are skipped (a newer kernel or
// our module may add some), and malformed input throws lvs::Error.
#pragma once

#include "core/ipvs/client.hpp"
#include "core/ipvs/model.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

struct nl_msg;

namespace lvs::ipvs {

struct MsgFree {
	void operator()(nl_msg *m) const;
};
using MsgPtr = std::unique_ptr<nl_msg, MsgFree>;

// One netlink message, its header included, exactly as it came off a socket.
using Bytes = std::span<const uint8_t>;

// "NEW_SERVICE" for IPVS_CMD_NEW_SERVICE; "cmd N" for one we do not know.
std::string cmd_name(int cmd);

// A request for `cmd` with only its genl header; the sender stamps sequence
// number, port and its NLM_F_* flags.
MsgPtr new_request(int family, int cmd);
// The IPVS_CMD_ATTR_SERVICE nest that names a service and nothing more
// (what DEL, ZERO, the dest commands and GET_DEST/GET_SERVICE need).
void put_service_key(nl_msg *msg, const ServiceKey &key);
// The whole request for one table-changing operation.
MsgPtr encode(int family, const Op &op);

// Replies, one message each. The genl cmd must be the kernel's reply cmd:
// NEW_SERVICE, NEW_DEST, NEW_DAEMON, SET_INFO, SET_CONFIG, and NEW_LADDR
// (our module's GET_LADDR dump). A decoded key has addr.af == af; a
// fwmark service has protocol 0 and no address; a daemon without a
// multicast group has mcast_group.af == 0.
Service decode_service(Bytes msg);
// svc_af: the destination's family when the kernel does not say (before 3.18).
Dest decode_dest(Bytes msg, uint16_t svc_af);
// svc_af: the local address's family when the kernel does not say.
LocalAddr decode_laddr(Bytes msg, uint16_t svc_af);
Daemon decode_daemon(Bytes msg);
Info decode_info(Bytes msg);
Timeouts decode_timeouts(Bytes msg);
// NLMSG_ERROR: 0 for an ACK, else the errno (positive) the kernel refused with.
int decode_ack(Bytes msg);
// NLMSG_DONE: 0, or the errno (positive) that cut a dump short.
int decode_done(Bytes msg);

} // namespace lvs::ipvs
