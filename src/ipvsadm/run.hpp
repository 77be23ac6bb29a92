// Runs a parsed command against the kernel: what 1.31's process_options
// does once its checks have passed.
#pragma once

#include "core/ipvs/client.hpp"
#include "ipvsadm/list.hpp"
#include "ipvsadm/parse.hpp"

#include <string>

namespace lvs::ipvsadm {

struct Context {
	std::string program; // argv[0], for usage and "Try" messages
	ipvs::Client &client;
	ipvs::Info info; // read once at start; the header shows it
	Names names;
	bool reading_stdin = false; // inside -R, where another -R is refused
};

// 0, or -1 once the kernel's refusal is printed (1.31's return values;
// the process exits 255 for -1). Throws Exit where 1.31 exits.
int run(const Command &c, Context &ctx);

// 1.31's list_all, for -L without a service and for -S.
void list_all(Context &ctx, const Format &format);

// Writes text to stdout through stdio's buffer, as 1.31's printf does, so
// that output interleaves with stderr the way it does for 1.31.
void write_out(const std::string &text);
// A kernel refusal of cmd, as 1.31 prints it on stderr.
void report(int cmd, int err);

} // namespace lvs::ipvsadm
