// One checker with what it takes from its real and virtual servers
// resolved: where to connect, its timers, its type's own settings, the
// user its script runs as. A copy, so a check outlives the config it was
// made from (a reload replaces the config, not the running checks).
#pragma once

#include "core/config/model.hpp"
#include "core/regex.hpp"
#include "core/script/runner.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lvs::check {

struct Spec {
	config::CheckerType type = config::CheckerType::tcp;
	net::Addr addr{};	  // connect_ip, else the real server's
	std::uint16_t port = 0;	  // connect_port, else the real server's
	config::ConnSource source; // bindto, bind_port, bind_if, fwmark
	config::Micros connect_timeout = 0, delay_loop = 0, delay_before_retry = 0, warmup = 0;
	std::uint32_t retry = 0;
	bool alpha = false;
	std::string virtualhost; // HTTP/SSL: the checker's, else the real server's, else the service's
	std::optional<config::CheckerDetail> detail;
	script::RunAs script_user; // MISC_CHECK
	// HTTP/SSL: each url's regex, compiled when the check is made (Check);
	// null for a url without one, or one PCRE2 refuses.
	std::vector<std::shared_ptr<const Regex>> regexes;
	// FILE_CHECK: the track file, and the weight its value is multiplied
	// by (the FILE_CHECK's, else the track_file's), negated by reverse.
	std::string file;
	std::int32_t file_weight = 1;
	bool file_reverse = false;
};

// The checker types the engine runs. BFD checkers are not run: a real
// server counts only its other checkers.
bool runs(config::CheckerType t);

Spec make_spec(const config::Config &cfg, const config::VirtualServer &vs, const config::RealServer &rs,
	       const config::Checker &k);

// The same bytes for two checkers exactly when the one can carry on with
// the other's state: the spec's settings, plus the checker's own as
// keepalived.conf would say them for the types that have some.
std::string fingerprint(const config::Checker &k, const Spec &s);

} // namespace lvs::check
