// The keyword tables: no keyword twice in a block, and every keyword
// documented in man/keepalived.conf.5.
#include "core/config/keywords.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

using namespace lvs::config;

namespace {

void walk(const Block &block, std::set<const Block *> &seen, std::set<std::string> &names)
{
	if (!seen.insert(&block).second)
		return;
	std::set<std::string_view> here;
	for (const Block *b = &block; b; b = b->also)
		for (const Keyword &k : b->keywords) {
			CHECK_MESSAGE(here.insert(k.name).second, "twice in one block: ", std::string(k.name));
			names.emplace(k.name);
			if (k.block)
				walk(*k.block, seen, names);
		}
}

std::string man_page()
{
	auto path = std::filesystem::path(__FILE__).parent_path() / "../../man/keepalived.conf.5";
	std::ifstream in(path);
	std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	std::string plain;
	for (size_t i = 0; i < text.size(); ++i)
		if (!(text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-'))
			plain += text[i];
	return plain;
}

} // namespace

TEST_CASE("every keyword of keepalived.conf is in its man page")
{
	std::set<const Block *> seen;
	std::set<std::string> names;
	walk(root_block(), seen, names);
	CHECK(names.size() > 250);
	std::string man = man_page();
	REQUIRE(!man.empty());
	for (const auto &n : names)
		CHECK_MESSAGE(man.find(n) != std::string::npos, "not in man/keepalived.conf.5: ", n);
}
