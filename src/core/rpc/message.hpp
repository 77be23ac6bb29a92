// The client's half of the JSON-RPC messages in protocol.hpp, as pure
// functions: the request line for a method, the params of each method, and
// the reply read back into a typed answer. Shared by lvscli and liblvs,
// which compiles it into a shared library of its own: it depends on the
// standard library, nlohmann/json and POSIX only, never on lvscore.
#pragma once

#include "core/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::rpc {

// Objects keep their members in the order they were made or read: requests
// go out as protocol.hpp writes them, replies print as the server sent them.
using Json = nlohmann::ordered_json;

// Whatever stops a call on the client's side, before or instead of an
// answer from the server: the config cannot be sent, the socket cannot be
// reached, the reply cannot be read. error() is the errno it stands for
// (positive), what liblvs returns negated.
class ClientError : public Error {
public:
	ClientError(int error, const std::string &what) : Error(what), error_(error) {}
	int error() const { return error_; }

private:
	int error_;
};

// The server's "error" member.
struct Fault {
	int code = 0;
	std::string message;
	std::vector<std::string> diagnostics; // "(svc.conf: Line 3) ...", in the server's order
};

// One response. body is the "result" member, or the "error" member when
// error is set, as the server sent it (lvscli --json prints it).
struct Reply {
	Json body;
	std::optional<Fault> error;
};

// A virtual server as delete and get name it. address is inet_ntop's form.
struct ServiceId {
	std::string address;
	uint16_t port = 0;
	std::string protocol; // "TCP" or "UDP"
};

// The result of add, update and delete.
struct Change {
	std::string service; // "TCP 10.0.0.1:80"
	long operations = 0; // kernel operations sent
	long failed = 0;
	std::string file; // where keepalived keeps the definition
};

// The result of get.
struct Definition {
	std::string service;
	std::string config; // the virtual_server block, as keepalived runs it
	std::string source; // "lvscli" or "keepalived.conf"
};

// Every request carries this id; a client sends one request per connection.
inline constexpr int kRequestId = 1;

// add/update's params. name is what the server's messages call the text
// (a file name); without it the server says "<rpc>". Throws ClientError:
// E2BIG over kMaxConfig, EINVAL when the text is not UTF-8, which a JSON
// string must be (a config is never altered to fit).
Json config_params(std::string_view config, std::optional<std::string_view> name);
// delete/get's params.
Json service_params(const ServiceId &service);

// The request, one line ending in "\n", members in the order protocol.hpp
// documents them.
std::string request_line(std::string_view method, const Json &params);

// The reply to a request of kRequestId. Throws ClientError(EBADMSG) for
// anything that is not a JSON-RPC 2.0 response to it.
Reply decode_reply(std::string_view text);

// A successful reply's result, read for the fields each method promises.
// Throws ClientError(EBADMSG) when one is missing or of the wrong type.
Change change_of(const Json &result);
Definition definition_of(const Json &result);

// The negative errno a fault stands for: its code when that is one,
// -EPROTO for JSON-RPC's own codes and anything else outside errno's range.
int fault_errno(const Fault &fault);

} // namespace lvs::rpc
