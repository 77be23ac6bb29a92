// keepalived.conf text to statements, with keepalived 2.2.7's preprocessing:
// '#' and '!' comments, "quoted words", braces as their own statements
// wherever they are, `include` (and includer/m/w/b/a) with globs relative to
// the including file, `@id` / `@^id` lines, `$NAME=value` parameters
// (multi-line too, ${NAME}, ${_PWD} and friends) and ~SEQ / ~LST lines.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/stmt.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lvs::config {

struct LexOptions {
	std::string config_id;       // -i; empty: the host name up to its first dot
	bool include_errors = false; // -e: a missing include is an error
	bool includes = true;        // false: an include line is an error (a service given over RPC)
};

// The include checks of keepalived's include_check / include{r,m,w,b,a}.
inline constexpr unsigned kIncludeRead = 0x01;     // a match must be a readable regular file
inline constexpr unsigned kIncludeMatch = 0x02;    // a name without wildcards must match
inline constexpr unsigned kIncludeWildcard = 0x04; // a name with wildcards must match too
inline constexpr unsigned kIncludeBrace = 0x08;    // each brace alternative must match
inline constexpr unsigned kIncludeAll = 0x0f;

class Lexer {
public:
	Lexer(Diagnostics &diags, LexOptions options, StmtSink sink);

	// Reads the main config (a path or a glob). False when no file could be
	// read at all; the reason is in the diagnostics.
	bool run(const std::string &path);

	// Reads config text given in memory; includes are relative to the
	// current directory.
	void run_text(std::string_view text, const std::string &name);

	// global_defs' include_check: the checks for the includes that follow.
	void set_include_check(unsigned checks) { include_check_ = checks; }

private:
	struct Def {
		std::string value; // lines separated by '\n' when multiline
		bool multiline = false;
	};

	// include.cpp
	bool include(std::string_view pattern, unsigned type, Loc from);
	bool read_file(const std::string &path, Loc from, unsigned checks);
	void read_lines(std::FILE *f, uint32_t file);
	void file_error(unsigned problem, unsigned checks, Loc loc, std::string text);

	// lexer.cpp
	void physical_line(std::string_view text, Loc loc);
	void logical_line(std::string &text, Loc loc, int depth);
	bool conditional(std::string &text) const;
	bool include_line(std::string_view text, Loc loc);
	void emit(std::string_view text, Loc loc);

	// params.cpp
	bool definition(std::string_view text);
	bool substitute(std::string &text, std::vector<std::string> &more, Loc loc);
	const std::string *lookup(std::string_view name, std::string_view params);
	bool sequence(std::string_view text, Loc loc, int depth);
	bool list(std::string_view text, Loc loc, int depth);

	Diagnostics &diags_;
	LexOptions options_;
	StmtSink sink_;
	unsigned include_check_ = 0;
	std::string dir_; // directory of the file being read
	std::vector<std::string> reading_; // the files being read, outermost first
	std::unordered_map<std::string, Def> defs_;
	Def *open_def_ = nullptr; // a multiline definition still being read
	std::string scratch_;     // value of a computed definition (_PWD, _RANDOM)
	std::string line_;        // the current line, decommented
	std::vector<std::string_view> words_;
};

// keepalived's decomment(): strips comments, the escaping of '#' and '!',
// and surrounding blanks. Sets *unterminated when a '"' is left open.
void decomment(std::string &line, bool *unterminated);

} // namespace lvs::config
