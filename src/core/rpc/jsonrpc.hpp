// JSON-RPC 2.0 on the server's side of a stream (protocol.hpp): the byte
// stream cut into request texts, a text decoded into a call, and the
// replies written. Pure: no sockets, so the decoder is fuzzed.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::rpc {

// As message.hpp's: members in the order they were made.
using Json = nlohmann::ordered_json;

// What a call that failed answers: a code (protocol.hpp), one line, and
// the config's diagnostics, each "name:line: text".
struct Failure {
	int code = 0;
	std::string message;
	std::vector<std::string> diagnostics;
};

// Cuts a stream into JSON texts by their brackets (strings and escapes
// skipped), so requests may be pipelined with any whitespace between and
// a request may arrive in any number of reads. The text is parsed only
// once it is whole.
class Framer {
public:
	void feed(std::string_view bytes);
	// The next whole text, if one has arrived.
	std::optional<std::string> next();
	// Bytes that can never be a request (one that does not start with
	// '{' or '['), or one over kMaxRequest: the stream is answered with
	// an error and closed.
	std::optional<Failure> broken() const;
	// Part of a request is waiting (at end of stream: it was cut short).
	bool partial() const;

private:
	std::string buf_;
	std::size_t scan_ = 0;  // how far buf_ has been scanned
	std::size_t start_ = 0; // where the text being scanned starts
	int depth_ = 0;
	bool in_string_ = false, escaped_ = false, bad_ = false;
};

// A request, decoded. id: null for a notification (no reply is sent);
// failure: why it cannot be called (the reply to send, with id).
struct Call {
	Json id;
	bool notification = false;
	std::string method;
	Json params;
	std::optional<Failure> failure;
};

Call decode(std::string_view text);

// A reply, one line ending in "\n".
std::string reply(const Json &id, const Json &result);
std::string reply(const Json &id, const Failure &failure);

// Params of a method: the member `name` of type string / port number, or
// a Failure (kInvalidParams) naming it.
struct Params {
	const Json &params;
	std::optional<Failure> failure;

	std::string text(const char *name, std::optional<std::string> fallback = std::nullopt);
	unsigned port(const char *name);
};

} // namespace lvs::rpc
