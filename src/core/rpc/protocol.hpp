// The contract between keepalived's JSON-RPC server and its clients
// (lvscli, liblvs): where the socket is, the methods, their limits, and
// how errors are numbered. The wire format is JSON-RPC 2.0 over a UNIX
// stream socket: a client sends one or more request objects (pipelined,
// any whitespace between), the server answers each, in order, with one
// response object on one line ("\n"-terminated), and closes once the
// client has shut down its side and every request is answered.
#pragma once

#include <cstddef>
#include <string_view>

namespace lvs::rpc {

// The server's socket; LVS_RPC_SOCKET in the environment overrides it for
// the clients, keepalived's --rpc-socket for the server.
inline constexpr std::string_view kDefaultSocket = "/run/keepalived/lvscli.sock";
inline constexpr const char *kSocketEnv = "LVS_RPC_SOCKET";

// Methods. add/update take {"config": TEXT, "name": NAME?}: TEXT is one
// virtual_server in keepalived.conf syntax, NAME what error messages call
// it (default "<rpc>"). delete/get take {"address": "10.0.0.1",
// "port": 80, "protocol": "TCP"|"UDP"?} (TCP when absent).
inline constexpr std::string_view kAdd = "virtual_server.add";
inline constexpr std::string_view kUpdate = "virtual_server.update";
inline constexpr std::string_view kDelete = "virtual_server.delete";
inline constexpr std::string_view kGet = "virtual_server.get";

// The guide's limit on one call's config text (960 KB).
inline constexpr std::size_t kMaxConfig = 960 * 1024;
// A request larger than this is not read: the connection gets an error
// and is closed. Room for a config of kMaxConfig escaped for JSON.
inline constexpr std::size_t kMaxRequest = 2 * 1024 * 1024;

// JSON-RPC 2.0's own error codes. Every other error's code is a negative
// errno (-EINVAL a config error, -EEXIST, -ENOENT, -EPERM a service
// keepalived.conf defines, -EACCES a caller who is not root, -E2BIG,
// or the kernel's errno when it refused a change, which is then undone).
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;

} // namespace lvs::rpc
