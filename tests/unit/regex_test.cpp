// HTTP_GET's regex search fed a body in pieces (core/regex.hpp): it must
// answer as one match over the whole body would, however the reads split
// it: matches across pieces, anchors, lookbehind and \b at the seams, a
// match that ends the body, offsets, UTF-8 characters split by a read,
// and the bound on what a partial match may keep.
#include "core/error.hpp"
#include "core/regex.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using lvs::Regex;
using lvs::RegexSettings;

namespace {

// Whether `pieces`, fed in order, match.
bool matches(const Regex &re, const std::vector<std::string> &pieces, std::uint64_t min = 0,
	     std::optional<std::uint64_t> max = std::nullopt)
{
	Regex::Search s(re, min, max);
	for (const auto &p : pieces)
		s.feed(p.data(), p.size());
	return s.end();
}

// Every way of cutting `body` in two, and byte by byte: all must agree.
bool matches_however_split(const Regex &re, const std::string &body, std::uint64_t min = 0,
			   std::optional<std::uint64_t> max = std::nullopt)
{
	bool whole = matches(re, {body}, min, max);
	for (std::size_t cut = 0; cut <= body.size(); cut++)
		REQUIRE_MESSAGE(matches(re, {body.substr(0, cut), body.substr(cut)}, min, max) == whole, "cut at " << cut);
	std::vector<std::string> bytes;
	for (char c : body)
		bytes.emplace_back(1, c);
	REQUIRE(matches(re, bytes, min, max) == whole);
	return whole;
}

Regex re(const std::string &pattern, std::vector<std::string> options = {})
{
	return Regex(RegexSettings{pattern, std::move(options), 0, 0});
}

} // namespace

TEST_CASE("regex: a match that spans pieces is found")
{
	Regex r = re("status: (ready|ok)");
	CHECK(matches(r, {"<p>stat", "us: re", "ady</p>"}));
	CHECK(matches_however_split(r, "<p>status: ready</p>"));
	CHECK_FALSE(matches_however_split(r, "<p>status: rea</p>"));
	CHECK(matches_however_split(re("a.*z"), "a" + std::string(300, '-') + "z"));
}

TEST_CASE("regex: ^ only at the body's start, and a match that ends the body counts")
{
	CHECK_FALSE(matches(re("^b"), {"a", "b"})); // keepalived 2.2.7 matches here: each read is a subject
	CHECK(matches_however_split(re("^ab"), "abc"));
	CHECK(matches_however_split(re("ok$"), "xxok"));
	CHECK_FALSE(matches_however_split(re("ok$"), "xxokx"));
	CHECK(matches_however_split(re("(?m)^ok"), "x\nok"));
	CHECK_FALSE(matches_however_split(re("(?m)^ok"), "xok"));
	CHECK(matches_however_split(re("\\bok\\b"), "x ok y"));
	CHECK_FALSE(matches_however_split(re("\\bok"), "xok"));
	CHECK(matches_however_split(re("(?<=foo)bar"), "foobar"));
	CHECK_FALSE(matches_however_split(re("(?<=foo)bar"), "fobar"));
}

TEST_CASE("regex: an empty body is searched too")
{
	CHECK(matches(re("^$"), {}));
	CHECK_FALSE(matches(re("x"), {}));
}

TEST_CASE("regex: min and max offsets bound where a match starts")
{
	Regex ok = re("ok");
	std::string body = "ok---ok---"; // at 0 and 5
	CHECK(matches_however_split(ok, body, 0, 0));
	CHECK(matches_however_split(ok, body, 1));
	CHECK(matches_however_split(ok, body, 5, 5));
	CHECK_FALSE(matches_however_split(ok, body, 6));
	CHECK_FALSE(matches_however_split(ok, body, 1, 4));
	// Lookbehind sees what lies before min_offset.
	CHECK(matches_however_split(re("(?<=-)ok"), body, 5));
}

TEST_CASE("regex: UTF-8 characters cut by a read, and caseless")
{
	Regex u = re("\u00e9t\u00e9", {"utf", "caseless"});
	CHECK(matches_however_split(u, "un \u00c9T\u00c9 chaud"));
	CHECK_FALSE(matches_however_split(u, "un hiver"));
}

TEST_CASE("regex: a partial match longer than 64 KiB is given up, and says so")
{
	Regex r = re("<a>.*</a>");
	Regex::Search s(r, 0, std::nullopt);
	std::string open = "<a>";
	s.feed(open.data(), open.size());
	std::string filler(70 * 1024, 'x');
	s.feed(filler.data(), filler.size());
	std::string close = "</a>";
	s.feed(close.data(), close.size());
	CHECK_FALSE(s.end());
	CHECK(s.error().find("given up") != std::string::npos);
}

TEST_CASE("regex: keepalived's option names, and PCRE2's reason for a bad pattern")
{
	CHECK(lvs::regex_option("caseless"));
	CHECK(lvs::regex_option("use_offset_limit"));
	CHECK_FALSE(lvs::regex_option("nocase"));
	CHECK(lvs::regex_error({"a(b", {}, 0, 0}) == "Invalid regex: 'a(b' at offset 3: missing closing parenthesis");
	CHECK_FALSE(lvs::regex_error({"a(b)", {}, 0, 0}));
	CHECK_THROWS_AS(re("a(b"), lvs::Error);
	// regex_stack: a JIT stack of its own.
	Regex big(RegexSettings{"(a|b)*c", {}, 32 * 1024, 1024 * 1024});
	CHECK(matches(big, {std::string(5000, 'a'), "c"}));
}

TEST_CASE("regex cache: one compiled pattern while in use")
{
	lvs::RegexCache cache;
	auto a = cache.get({"ok", {"caseless"}, 0, 0});
	auto b = cache.get({"ok", {"caseless"}, 0, 0});
	auto c = cache.get({"ok", {}, 0, 0});
	CHECK(a == b);
	CHECK(a != c);
	CHECK_THROWS_AS(cache.get({"(", {}, 0, 0}), lvs::Error);
}
