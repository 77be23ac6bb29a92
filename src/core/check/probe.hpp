// One attempt of a check, whatever its type: the common state machine
// (check.hpp) starts one, waits for its Result, and decides what it means
// (retry, down, up). Each checker type is one start_* function in a file
// of its own. FILE_CHECK is the exception: not attempts every delay_loop
// but a watch that reports each change of its file (start_file).
#pragma once

#include "core/check/spec.hpp"
#include "core/event/file_watch.hpp"
#include "core/event/loop.hpp"
#include "core/regex.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lvs::script {
class Runner;
}

namespace lvs::check {

class Pinger;
class Tls;

struct Result {
	bool ok = false;
	std::optional<std::uint32_t> weight; // misc_dynamic: the weight the script asked for
	std::string reason;		      // why it failed, for the log
	std::int64_t weight_add = 0;	      // FILE_CHECK: added to the real server's weight
};

using Done = std::function<void(Result)>;

// An attempt in flight. Destroying it abandons it: its sockets close, its
// script's process group is killed, and its Done is never called. Done is
// never called from inside the start_* call; an attempt has let go of its
// sockets and processes when it calls Done, and its owner destroys it
// later, never from inside Done.
class Attempt {
public:
	virtual ~Attempt() = default;
};
using AttemptPtr = std::unique_ptr<Attempt>;

using Log = std::function<void(const std::string &)>;

// What attempts share: the loop, the script runner, one ICMP socket per
// family, one TLS context, the compiled regexes, one inotify descriptor,
// the log (for what is not a verdict, such as a track file's value that
// is not a number) and what keepalived -D adds to it.
struct Env {
	event::Loop &loop;
	script::Runner &scripts;
	Pinger &pinger;
	Tls &tls;
	RegexCache &regexes;
	event::FileWatch &files;
	const Log &log;
	const Log &detail;
};

// Starts the attempt spec.type calls for. A failure to even begin (no
// socket, no permission) comes back through done like any other.
AttemptPtr start_attempt(Env &env, const Spec &spec, Done done);

// One per checker type (tcp_check.cpp, http_check.cpp, ...); they may
// throw lvs::Error when they cannot begin.
AttemptPtr start_tcp(Env &env, const Spec &spec, Done done);
AttemptPtr start_http(Env &env, const Spec &spec, Done done); // HTTP_GET and SSL_GET
AttemptPtr start_udp(Env &env, const Spec &spec, Done done);
AttemptPtr start_misc(Env &env, const Spec &spec, Done done);
AttemptPtr start_dns(Env &env, const Spec &spec, Done done);
AttemptPtr start_ping(Env &env, const Spec &spec, Done done);
AttemptPtr start_smtp(Env &env, const Spec &spec, Done done);

// HTTP/SSL: the url regexes a check compiles once (into Spec::regexes).
void compile_regexes(Env &env, Spec &spec);

// FILE_CHECK: `now` is what the file says now (a check's first verdict,
// known before the table is first planned, as keepalived reads its track
// files at start); `changed` gets the verdict at each change of the file
// from then on, for as long as the returned watch lives. Throws
// lvs::Error when the file's directory cannot be watched.
AttemptPtr start_file(Env &env, const Spec &spec, Done changed, Result &now);
// track_file's init_file, for the track files FILE_CHECKs read: the value
// written to a file that does not exist, or (overwrite) to one that does
// at start but not at a reload, as keepalived does when it reads its
// config.
void init_track_files(const config::Config &cfg, bool reload, const Log &log);

} // namespace lvs::check
