// What lvscli prints for the server's reply, and its exit status: lines a
// person reads, or with --json the server's object as the server sent it
// after a "schema_version" (JSON OUTPUT in man/lvscli.8).
#pragma once

#include "core/rpc/message.hpp"
#include "lvscli/commands.hpp"

#include <string>

namespace lvs::lvscli {

// Raised when a key of a --json document is removed or changes meaning;
// keys may be added without it.
inline constexpr int kJsonSchemaVersion = 1;

struct Output {
	std::string out; // for stdout
	std::string err; // for stderr
	int status;      // 0 done, 1 refused
};

// A change: "added TCP 10.0.0.1:80 (5 operations)", with ", 1 failed"
// inside the brackets when the server counts failures. show: the
// definition as the server returned it. A fault: each diagnostic line (they
// name file:line), then "lvscli: MESSAGE". --json: "schema_version", then
// the members of the result or error object, one line, on stdout. Throws
// rpc::ClientError when a result lacks what the method promises.
Output render(const Command &command, const rpc::Reply &reply, bool json);

} // namespace lvs::lvscli
