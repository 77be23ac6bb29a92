// lvscli's commands, `lvscli keep NAME ...`: the one table the command
// line, the calls and the success lines are made from.
#pragma once

#include "core/rpc/protocol.hpp"

#include <string_view>

namespace lvs::lvscli {

struct Command {
	std::string_view name;   // the word after `keep`
	std::string_view method; // the JSON-RPC method it calls
	std::string_view help;
	bool takes_file;       // FILE; else ADDRESS PORT [PROTOCOL]
	std::string_view done; // the success line's first word; empty: print the definition
};

inline constexpr Command kCommands[] = {
	{"add", rpc::kAdd, "add the virtual server FILE defines", true, "added"},
	{"set", rpc::kUpdate, "replace a virtual server with the one FILE defines", true, "updated"},
	{"del", rpc::kDelete, "delete a virtual server", false, "deleted"},
	{"show", rpc::kGet, "print the definition of a virtual server keepalived runs", false, ""},
};

} // namespace lvs::lvscli
