// -R's line splitter: 1.31's config_stream_read, quirks included.
#include "ipvsadm/restore.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

using lvs::ipvsadm::LineReader;

namespace {

using Lines = std::vector<std::vector<std::string>>;

Lines split(std::string input)
{
	std::FILE *in = fmemopen(input.data(), input.size(), "r");
	REQUIRE(in);
	Lines lines;
	LineReader reader(in);
	while (auto words = reader.next())
		lines.push_back(*words);
	std::fclose(in);
	return lines;
}

} // namespace

TEST_CASE("-R: words split at spaces, tabs and CRs, one line each")
{
	CHECK(split("-A -t 10.0.0.1:80 -s rr\n-C\n") ==
	      Lines{{"-A", "-t", "10.0.0.1:80", "-s", "rr"}, {"-C"}});
	CHECK(split(" \t-A\t-t  10.0.0.1:80 \r\n") == Lines{{"-A", "-t", "10.0.0.1:80"}});
	CHECK(split("-C") == Lines{{"-C"}}); // no final newline
}

TEST_CASE("-R: blank lines come back empty, the word ipvsadm is dropped")
{
	CHECK(split("\n  \n-C\n") == Lines{{}, {}, {"-C"}});
	CHECK(split("ipvsadm -A ipvsadm -t x\n") == Lines{{"-A", "-t", "x"}});
	CHECK(split("ipvsadm\n-C\n") == Lines{{}, {"-C"}});
	CHECK(split("-C\nipvsadm") == Lines{{"-C"}});
	// Only "#" and friends are ordinary words to the splitter.
	CHECK(split("# note\n") == Lines{{"#", "note"}});
}

TEST_CASE("-R: a last line ending in blanks without a newline is lost, as in 1.31")
{
	CHECK(split("-Z\n-C ") == Lines{{"-Z"}, {"-C"}});
	CHECK(split("-Z\n-C  ") == Lines{{"-Z"}});
	CHECK(split("-Z\n-C\t\t") == Lines{{"-Z"}});
	CHECK(split("-Z\n  ") == Lines{{"-Z"}});
	CHECK(split("") == Lines{});
}
