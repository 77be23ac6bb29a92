// HTTP_GET's `regex` with PCRE2, the library keepalived 2.2.7 matches
// with: its option names, a pattern compiled once (and JIT-compiled for
// whole and partial matching, with its own JIT stack under regex_stack),
// and a search fed a body piece by piece as it is read.
//
// The search keeps no more of the body than a partial match needs: what
// could still begin a match, plus the lookbehind before it. It answers as
// one match over the whole body would (keepalived 2.2.7 matches each read
// on its own, so `^` can match at the start of any read and a match that
// ends the body, such as `ok$`, is never seen whole), and only the body
// is searched: offsets count from its first byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lvs {

// The PCRE2 option bit of one of keepalived's regex_options names.
std::optional<std::uint32_t> regex_option(std::string_view name);

struct RegexSettings {
	std::string pattern;
	std::vector<std::string> options; // regex_options names
	std::uint64_t stack_start = 0, stack_max = 0; // regex_stack; 0: PCRE2's own
};

// Why PCRE2 refuses the pattern, as Regex would throw it; nullopt when it
// compiles. Cheaper than a Regex: no JIT, no stack.
std::optional<std::string> regex_error(const RegexSettings &s);

class Regex {
public:
	// Throws lvs::Error with PCRE2's message and the offset it points at.
	explicit Regex(const RegexSettings &s);
	~Regex();
	Regex(const Regex &) = delete;
	Regex &operator=(const Regex &) = delete;

	// One search of a body: feed() each piece as it is read, then end().
	// min_offset: a match must start at or after it; max_offset: at or
	// before it.
	class Search {
	public:
		Search(const Regex &re, std::uint64_t min_offset, std::optional<std::uint64_t> max_offset);
		~Search();
		Search(const Search &) = delete;
		Search &operator=(const Search &) = delete;

		void feed(const char *data, std::size_t n);
		// Whether the body (now complete) matched.
		bool end();
		// What went wrong in a match call, if anything did (bad UTF-8 in
		// the body under `utf`, the JIT stack too small).
		const std::string &error() const { return error_; }

	private:
		// more: the body goes on (partial matching).
		void search(bool more);
		// Drops the bytes before `from` but the context the next call
		// needs before it.
		void keep_from(std::size_t from);

		const Regex &re_;
		std::uint64_t min_;
		std::optional<std::uint64_t> max_;
		struct MatchData;
		std::unique_ptr<MatchData> md_;
		std::string buf_;      // the part of the body still needed
		std::uint64_t base_ = 0; // the body offset of buf_[0]
		std::size_t from_ = 0;	 // where in buf_ a match may still begin
		enum class State : std::uint8_t { searching, matched, no_match } state_ = State::searching;
		std::string error_;
	};

private:
	struct Code;
	std::unique_ptr<Code> code_;
	std::size_t context_ = 1; // bytes kept before a possible match
	bool utf_ = false;
};

// Compiled regexes shared while in use: the checks of a thousand real
// servers with one pattern compile it once, as keepalived's list of them.
class RegexCache {
public:
	// Throws lvs::Error as Regex does.
	std::shared_ptr<const Regex> get(const RegexSettings &s);

private:
	std::unordered_map<std::string, std::weak_ptr<const Regex>> map_;
	std::size_t sweep_at_ = 64; // forget expired entries at this size
};

} // namespace lvs
