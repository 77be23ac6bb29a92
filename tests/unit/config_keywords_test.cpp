// The keyword tables: no keyword twice in a block, every keyword
// documented in man/keepalived.conf.5, and the keywords not acted upon
// listed in its section "ACCEPTED BUT NOT ACTED UPON", no more, no fewer,
// each said at its line as a note that leaves a fine configuration fine.
#include "core/config/keywords.hpp"
#include "core/config/load.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace lvs::config;

namespace {

struct Tables {
	std::set<std::string> names;
	// The entries not acted upon, as the man page names them: "keyword",
	// "keyword VALUE" (auth_type AH) or "keyword ARG" (nftables TABLE,
	// also in placeholders).
	std::set<std::string> inert, placeholders;
};

void add_inert(const Keyword &k, Tables &t)
{
	if (!k.inert)
		return;
	std::string name(k.name);
	if (!k.inert->arg.empty()) {
		t.inert.insert(name + " " + std::string(k.inert->arg));
		t.placeholders.insert(name + " " + std::string(k.inert->arg));
	}
	for (auto v : k.inert->values)
		t.inert.insert(name + " " + std::string(v));
	if (k.inert->values.empty() && k.inert->arg.empty())
		t.inert.insert(name);
}

void walk(const Block &block, std::set<const Block *> &seen, Tables &t)
{
	if (!seen.insert(&block).second)
		return;
	std::set<std::string_view> here;
	for (const Block *b = &block; b; b = b->also) {
		for (const Keyword &k : b->keywords) {
			CHECK_MESSAGE(here.insert(k.name).second, "twice in one block: ", std::string(k.name));
			t.names.emplace(k.name);
			add_inert(k, t);
			if (k.block)
				walk(*k.block, seen, t);
		}
		for (const Keyword &k : b->options) {
			t.names.emplace(k.name);
			add_inert(k, t);
		}
	}
}

Tables tables()
{
	std::set<const Block *> seen;
	Tables t;
	walk(root_block(), seen, t);
	return t;
}

const std::filesystem::path kHere = std::filesystem::path(__FILE__).parent_path();

std::string read(const std::filesystem::path &path)
{
	std::ifstream in(path);
	return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The page with groff's \- written as -.
std::string man_page()
{
	std::string text = read(kHere / "../../man/keepalived.conf.5"), plain;
	for (size_t i = 0; i < text.size(); ++i)
		if (!(text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '-'))
			plain += text[i];
	return plain;
}

// A request line's arguments, as groff splits them: by blanks, "..." grouping.
std::vector<std::string> request_args(const std::string &line)
{
	std::vector<std::string> out;
	size_t i = line.find(' ');
	while (i != std::string::npos && i < line.size()) {
		while (i < line.size() && line[i] == ' ')
			++i;
		if (i == line.size())
			break;
		bool quoted = line[i] == '"';
		size_t start = i + quoted;
		size_t end = line.find(quoted ? '"' : ' ', start);
		out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
		i = end == std::string::npos ? end : end + quoted;
	}
	return out;
}

// What the section ACCEPTED BUT NOT ACTED UPON sets in bold: the
// arguments of its .B lines and the bold ones (first, third...) of its
// .BR lines.
std::set<std::string> man_inert()
{
	std::istringstream in(man_page());
	std::set<std::string> out;
	bool inside = false;
	for (std::string line; std::getline(in, line);) {
		if (line.starts_with(".SH"))
			inside = line == ".SH ACCEPTED BUT NOT ACTED UPON";
		if (!inside)
			continue;
		bool b = line.starts_with(".B "), br = line.starts_with(".BR ");
		if (!b && !br)
			continue;
		auto args = request_args(line);
		for (size_t i = 0; i < args.size(); i += br ? 2 : 1)
			out.insert(args[i]);
	}
	return out;
}

} // namespace

TEST_CASE("every keyword of keepalived.conf is in its man page")
{
	Tables t = tables();
	CHECK(t.names.size() > 250);
	std::string man = man_page();
	REQUIRE(!man.empty());
	for (const auto &n : t.names)
		CHECK_MESSAGE(man.find(n) != std::string::npos, "not in man/keepalived.conf.5: ", n);
}

TEST_CASE("the man page lists exactly the keywords not acted upon")
{
	std::set<std::string> code = tables().inert, man = man_inert();
	CHECK(code.size() > 100);
	for (const auto &n : code)
		CHECK_MESSAGE(man.count(n), "not acted upon, not in the man page's list: ", n);
	for (const auto &n : man)
		CHECK_MESSAGE(code.count(n), "in the man page's list, acted upon or unknown: ", n);
}

namespace {

std::string line_of(const std::string &text, uint32_t n)
{
	std::istringstream in(text);
	std::string line;
	for (uint32_t i = 0; i < n && std::getline(in, line); ++i)
		;
	return line;
}

constexpr std::string_view kInertNote = " is accepted but not acted upon by this keepalived (";

// What each note says is not acted upon ("use_vmac", "auth_type AH"),
// after checking that the note is at a line holding those words.
std::vector<std::string> noted(const Loaded &l, const std::string &text)
{
	std::vector<std::string> out;
	for (const auto &d : l.diags.all()) {
		size_t at = d.text.find(kInertNote);
		if (at == std::string::npos)
			continue;
		CHECK(d.level == Level::note);
		std::string what = d.text.substr(0, at);
		std::string line = line_of(text, d.loc.line);
		std::istringstream words(what);
		for (std::string w; words >> w;)
			CHECK_MESSAGE(line.find(w) != std::string::npos, l.diags.format(d), " is not about its line: ", line);
		out.push_back(what);
	}
	return out;
}

// Does a note's "what" stand for the man page's entry ("nftables TABLE"
// is any "nftables NAME")?
bool covers(const std::string &what, const std::string &entry, const std::set<std::string> &placeholders)
{
	if (what == entry)
		return true;
	size_t blank = entry.find(' ');
	return blank != std::string::npos && placeholders.count(entry) &&
	       what.starts_with(entry.substr(0, blank + 1));
}

} // namespace

TEST_CASE("every keyword not acted upon is said at its line, as a note")
{
	// The corpus files that hold them all (tests/keepalived/*inert*.conf,
	// which Debian's 2.2.7 judges as we do: keepalived_oracle_test.sh),
	// and one keyword that would move 2.2.7 to another network namespace.
	std::vector<std::pair<std::string, std::string>> sources = {{"inline.conf", "net_namespace lvsbox_test\n"}};
	for (const auto &e : std::filesystem::directory_iterator(kHere / "../keepalived"))
		if (e.path().filename().string().find("inert") != std::string::npos)
			sources.emplace_back(e.path().filename().string(), read(e.path()));
	REQUIRE(sources.size() == 5);
	std::vector<std::string> said;
	for (const auto &[name, text] : sources) {
		Loaded l = load_text(text, name);
		auto here = noted(l, text);
		said.insert(said.end(), here.begin(), here.end());
		// Notes alone leave a configuration fine: these two are, as for 2.2.7.
		if (name == "good_inert_global.conf" || name == "ext_inert.conf") {
			CHECK_MESSAGE(l.diags.exit_status() == kExitOk, name);
			CHECK(l.diags.worst() == Level::note);
			CHECK(here.size() > 20);
		}
	}
	Tables t = tables();
	for (const auto &entry : t.inert) {
		bool found = false;
		for (const auto &w : said)
			found = found || covers(w, entry, t.placeholders);
		CHECK_MESSAGE(found, "no note for ", entry);
	}
}

TEST_CASE("a keyword inert with some values only says so with those values")
{
	auto notes = [](const std::string &text) { return noted(load_text(text, "t.conf"), text).size(); };
	// The instance's own errors (lo) aside.
	CHECK(notes("vrrp_instance VI_1 {\n interface lo\n authentication {\n auth_type PASS\n auth_pass x\n }\n}\n") == 0);
	CHECK(notes("vrrp_instance VI_1 {\n interface lo\n authentication {\n auth_type AH\n auth_pass x\n }\n}\n") == 1);
	// Fine configurations, with the notes or without.
	auto fine = [](const std::string &text) { return load_text(text, "t.conf").diags.exit_status() == kExitOk; };
	std::string global = "global_defs {\n nftables\n reload_check_config\n}\n";
	std::string named = "global_defs {\n nftables lvsbox\n reload_check_config /tmp/x.log\n}\n";
	CHECK(notes(global) == 0);
	CHECK(notes(named) == 2);
	std::string vs = "virtual_server 10.0.0.1 80 {\n lb_algo rr\n protocol TCP\n lb_kind ";
	std::string nat = vs + "NAT\n real_server 10.0.0.2 80 {\n }\n}\n";
	std::string vxlan = vs + "FNAT\n real_server 10.0.0.2 80 {\n  lvs_method FNATinVXLAN\n  mac 52:54:00:04:ab:cd\n"
			    "  vni 1\n  vteppaddr 10.0.0.9 4789\n }\n}\nLVS_VXLAN_PARAM {\n local_vtepaddr 10.0.0.8\n}\n";
	CHECK(notes(nat) == 0);
	CHECK(notes(vxlan) == 5);
	for (const auto &text : {global, named, nat, vxlan})
		CHECK(fine(text));
}
