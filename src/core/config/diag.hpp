// What a config load says about the config: each message with the file and
// line it is about, and the status keepalived's -t would exit with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::config {

// Where a statement came from: an index into Diagnostics::files and a
// 1-based line number. Line 0 means "the whole load", e.g. a missing file.
struct Loc {
	uint32_t file = 0;
	uint32_t line = 0;
};

// keepalived's config_err_t classes we report, in its order. The recorded
// status is the highest class reported, as in keepalived, so a general
// error (5) outranks a missing file (4) and a script-security error (6)
// outranks both.
enum class Level : uint8_t {
	note, // said, but the config is still fine (our own warnings)
	file_not_found,
	bad_interface,
	unknown_keyword,
	unexpected_open,
	missing_open,
	unexpected_close,
	missing_close,
	unmatched_quote,
	missing_parameter,
	invalid_number,
	general,
	security,
};

struct Diag {
	Level level;
	Loc loc;
	std::string text;
};

// keepalived -t's exit statuses.
inline constexpr int kExitOk = 0;
inline constexpr int kExitConfigFatal = 4; // a missing file, or a bad interface alone
inline constexpr int kExitConfigError = 5;
inline constexpr int kExitSecurity = 6;

class Diagnostics {
public:
	// Registers a file name for Loc::file; index 0 is "no file".
	uint32_t add_file(std::string name);
	const std::string &file(uint32_t index) const { return files_[index]; }
	uint32_t file_count() const { return static_cast<uint32_t>(files_.size()); }

	void report(Level level, Loc loc, std::string text);
	const std::vector<Diag> &all() const { return diags_; }
	Level worst() const { return worst_; }
	bool failed() const { return worst_ != Level::note; }
	// keepalived's config_test_exit(): the exit status for worst().
	int exit_status() const;

	// "(file: Line N) text", or just the text when there is no location.
	std::string format(const Diag &d) const;

private:
	std::vector<std::string> files_{""};
	std::vector<Diag> diags_;
	Level worst_ = Level::note;
};

} // namespace lvs::config
