// Config files: the main one and `include`d ones. Globs (with {a,b}
// braces) are relative to the directory of the including file. A match
// that is not a regular file, or has an execute bit, is skipped with a
// warning (R-KA-CONF-1). Which problems are errors follows keepalived's
// include_check: the include variant's checks, plus all of them with -e.
#include "core/config/lexer.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <glob.h>
#include <memory>
#include <sys/stat.h>
#include <utility>
#include <vector>

namespace lvs::config {

namespace {

bool has_wildcard(std::string_view s)
{
	return s.find_first_of("*?[{") != std::string_view::npos;
}

bool has_brace(std::string_view s)
{
	return s.find('{') != std::string_view::npos;
}

// Whether the directory part before the first wildcard exists: tells "the
// directory is missing" apart from "nothing in it matched".
bool wildcard_dir_exists(const std::string &pattern)
{
	size_t wild = pattern.find_first_of("*?[{");
	size_t slash = pattern.rfind('/', wild);
	if (slash == std::string::npos)
		return true;
	struct stat st{};
	return stat(pattern.substr(0, slash + 1).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string dir_of(const std::string &path)
{
	size_t slash = path.rfind('/');
	if (slash == std::string::npos)
		return {};
	return slash == 0 ? "/" : path.substr(0, slash);
}

struct GlobFree {
	void operator()(glob_t *g) const
	{
		globfree(g);
	}
};

} // namespace

bool Lexer::run(const std::string &path)
{
	include_check_ = options_.include_errors ? kIncludeAll : 0;
	return include(path, kIncludeRead | kIncludeMatch | kIncludeWildcard, Loc{});
}

void Lexer::run_text(std::string_view text, const std::string &name)
{
	include_check_ = options_.include_errors ? kIncludeAll : 0;
	uint32_t index = diags_.add_file(name);
	uint32_t line = 0;
	while (!text.empty()) {
		size_t nl = text.find('\n');
		std::string_view l = text.substr(0, nl);
		physical_line(l, Loc{index, ++line});
		text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
	}
	open_def_ = nullptr;
}

void Lexer::file_error(unsigned problem, unsigned checks, Loc loc, std::string text)
{
	diags_.report(checks & problem ? Level::file_not_found : Level::note, loc, std::move(text));
}

bool Lexer::include(std::string_view pattern_text, unsigned type, Loc from)
{
	std::string pattern(pattern_text);
	if (pattern.empty())
		return false;
	std::string full = pattern[0] == '/' || dir_.empty() ? pattern : dir_ + "/" + pattern;
	unsigned checks = include_check_ | type;
	// No path is longer; and glob() takes memory of the pattern's length
	// for each of its braces, which a longer one could make gigabytes.
	if (full.size() > PATH_MAX) {
		file_error(kIncludeRead, checks, from,
			   "Error reading config file(s): pattern '" + pattern.substr(0, 80) +
				   "...' is longer than a path can be, skipping.");
		return false;
	}

	glob_t g{};
	int res = glob(full.c_str(), GLOB_MARK | GLOB_BRACE, nullptr, &g);
	std::unique_ptr<glob_t, GlobFree> owner(&g);
	if (res == GLOB_NOMATCH) {
		unsigned missing = has_brace(pattern) ? kIncludeBrace : kIncludeMatch;
		if (!has_wildcard(pattern) || !wildcard_dir_exists(full))
			file_error(missing, checks, from, "Config files missing '" + pattern + "'.");
		else if (checks & kIncludeWildcard)
			file_error(kIncludeWildcard, checks, from, "No config files matched '" + pattern + "'.");
		return false;
	}
	if (res != 0) {
		file_error(kIncludeRead, checks, from,
			   "Error reading config file(s): glob(\"" + pattern + "\") returned " +
				   std::to_string(res) + ", skipping.");
		return false;
	}

	bool any = false;
	for (size_t i = 0; i < g.gl_pathc; ++i) {
		std::string match = g.gl_pathv[i];
		if (match.ends_with('/')) {
			file_error(kIncludeRead, checks, from,
				   "Configuration file '" + match + "' is a directory - skipping");
			continue;
		}
		struct stat st{};
		if (stat(match.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
		    (st.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
			file_error(kIncludeRead, checks, from,
				   "Configuration file '" + match +
					   "' is not a regular non-executable file - skipping");
			continue;
		}
		any |= read_file(match, from, checks);
	}
	return any;
}

// Hands each line of the file to physical_line() straight from a large
// read buffer: no copy and no call into stdio per line.
void Lexer::read_lines(std::FILE *f, uint32_t file)
{
	std::vector<char> buf(1 << 20);
	size_t have = 0;
	uint32_t line = 0;
	while (true) {
		size_t n = std::fread(buf.data() + have, 1, buf.size() - have, f);
		have += n;
		size_t pos = 0;
		while (const void *nl = std::memchr(buf.data() + pos, '\n', have - pos)) {
			size_t end = static_cast<size_t>(static_cast<const char *>(nl) - buf.data()) + 1;
			physical_line(std::string_view(buf.data() + pos, end - pos), Loc{file, ++line});
			pos = end;
		}
		if (n == 0) {
			if (pos < have)
				physical_line(std::string_view(buf.data() + pos, have - pos), Loc{file, ++line});
			return;
		}
		std::memmove(buf.data(), buf.data() + pos, have - pos);
		have -= pos;
		if (have == buf.size())
			buf.resize(buf.size() * 2); // a line longer than the buffer
	}
}

bool Lexer::read_file(const std::string &path, Loc from, unsigned checks)
{
	// A file that includes itself, directly or not, would never end.
	char *real = realpath(path.c_str(), nullptr);
	std::string id = real ? real : path;
	std::free(real);
	if (std::find(reading_.begin(), reading_.end(), id) != reading_.end()) {
		diags_.report(Level::general, from, "Configuration file '" + path + "' includes itself - skipping");
		return false;
	}
	std::FILE *f = std::fopen(path.c_str(), "re");
	if (!f) {
		file_error(kIncludeRead, checks, from,
			   "Configuration file '" + path + "' open problem (" + std::strerror(errno) +
				   ") - skipping");
		return false;
	}
	uint32_t index = diags_.add_file(path);
	reading_.push_back(id);
	std::string saved_dir = std::exchange(dir_, dir_of(path));
	unsigned saved_check = include_check_;

	read_lines(f, index);
	std::fclose(f);
	open_def_ = nullptr;

	dir_ = std::move(saved_dir);
	include_check_ = saved_check;
	reading_.pop_back();
	return true;
}

} // namespace lvs::config
