// One JSON-RPC call to keepalived over its UNIX socket: connect, send the
// request, shut down the sending side, read the one reply line. Shared by
// lvscli and liblvs (a shared library with code of its own: standard
// library, nlohmann/json and POSIX only, never lvscore).
#pragma once

#include "core/rpc/message.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace lvs::rpc {

// How long a whole call may take, connect to reply. A call waits for the
// kernel to take every change and for quorum_up scripts the new service
// runs (the guide: seconds when the CPU is saturated): generous, so a busy
// server is never cut short, but never forever.
inline constexpr std::chrono::seconds kCallTimeout{60};

// $LVS_RPC_SOCKET when set and not empty, else kDefaultSocket.
std::string socket_path();

// Sends the request and returns the server's reply, an answer or a fault.
// Throws ClientError with the errno of what failed: connect's (ENOENT no
// socket, ECONNREFUSED nobody listening, EACCES), ENAMETOOLONG for a path
// sockaddr_un cannot hold, ETIMEDOUT past kCallTimeout, ECONNRESET when
// the server closed without a reply, EBADMSG for a reply that is not one.
Reply call(const std::string &socket, std::string_view method, const Json &params);

} // namespace lvs::rpc
