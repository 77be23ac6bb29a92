// The keepalived.conf lexer: comments, quotes, braces, @id lines,
// parameters, ~SEQ/~LST and includes, as keepalived 2.2.7 reads them.
#include "core/config/lexer.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace lvs::config;

namespace {

// Each statement as its words joined by '|', braces as "{" and "}".
std::vector<std::string> lex(const std::string &text, Diagnostics &diags, LexOptions options = {})
{
	std::vector<std::string> out;
	Lexer lexer(diags, options, [&](const Stmt &s) {
		if (s.kind == Stmt::Kind::open)
			out.emplace_back("{");
		else if (s.kind == Stmt::Kind::close)
			out.emplace_back("}");
		else {
			std::string joined;
			for (auto w : s.words)
				joined += (joined.empty() ? "" : "|") + std::string(w);
			out.push_back(joined);
		}
	});
	lexer.run_text(text, "test.conf");
	return out;
}

std::vector<std::string> lex(const std::string &text, LexOptions options = {})
{
	Diagnostics diags;
	return lex(text, diags, options);
}

struct TempDir {
	std::filesystem::path path;
	TempDir()
	{
		char tmpl[] = "/tmp/lvsbox-lexer-XXXXXX";
		path = mkdtemp(tmpl);
	}
	~TempDir() { std::filesystem::remove_all(path); }
	void write(const std::string &name, const std::string &text) const
	{
		std::filesystem::create_directories((path / name).parent_path());
		std::ofstream(path / name) << text;
	}
};

} // namespace

TEST_CASE("comments start at # or ! outside quotes; \\# and \\! are the characters")
{
	CHECK(lex("router_id a # comment\n") == std::vector<std::string>{"router_id|a"});
	CHECK(lex("router_id a ! comment\n") == std::vector<std::string>{"router_id|a"});
	CHECK(lex("notify \"/bin/x # y\"\n") == std::vector<std::string>{"notify|/bin/x # y"});
	CHECK(lex("router_id a\\#b\n") == std::vector<std::string>{"router_id|a#b"});
	CHECK(lex("   \n\t# only a comment\n") == std::vector<std::string>{});
}

TEST_CASE("quoted words keep blanks and braces; a quote ends a bare word")
{
	CHECK(lex("quorum_up \"/bin/ip addr add 1.2.3.4/32 dev lo;\" root\n") ==
	      std::vector<std::string>{"quorum_up|/bin/ip addr add 1.2.3.4/32 dev lo;|root"});
	CHECK(lex("regex \"a{2}\"\n") == std::vector<std::string>{"regex|a{2}"});
	CHECK(lex("abc\"d e\"\n") == std::vector<std::string>{"abc|d e"});
	Diagnostics diags;
	lex("router_id \"open\n", diags);
	CHECK(diags.worst() >= Level::unmatched_quote);
}

TEST_CASE("braces are statements of their own wherever they are")
{
	CHECK(lex("virtual_server 10.0.0.1 80{ lb_algo rr }\n") ==
	      std::vector<std::string>{"virtual_server|10.0.0.1|80", "{", "lb_algo|rr", "}"});
	CHECK(lex("real_server 1.2.3.4 80\n{\n}\n") ==
	      std::vector<std::string>{"real_server|1.2.3.4|80", "{", "}"});
}

TEST_CASE("@id lines are read only on the matching config id, @^id on the others")
{
	std::string text = "@main router_id m\n@backup router_id b\n@^main priority 1\n@main\n";
	CHECK(lex(text, {"main", false}) == std::vector<std::string>{"router_id|m"});
	CHECK(lex(text, {"backup", false}) == std::vector<std::string>{"router_id|b", "priority|1"});
}

TEST_CASE("$NAME=value parameters, ${NAME}, nesting and the predefined ones")
{
	CHECK(lex("$P=80\nport $P\nport ${P}0\n") == std::vector<std::string>{"port|80", "port|800"});
	CHECK(lex("$A=10.${B}\n$B=2\naddr ${A}.1\n") == std::vector<std::string>{"addr|10.2.1"});
	// as in keepalived, a substituted '#' starts a comment unless quoted
	CHECK(lex("id x${_HASH}y\n") == std::vector<std::string>{"id|x"});
	CHECK(lex("id \"x${_HASH}y${_BANG}\"\n") == std::vector<std::string>{"id|x#y!"});
	CHECK(lex("keep $UNDEFINED\n") == std::vector<std::string>{"keep|$UNDEFINED"});
	CHECK(lex("$X=1\nid ${_INSTANCE}\n", {"node7", false}) == std::vector<std::string>{"id|node7"});
}

TEST_CASE("a multi-line parameter expands to its lines")
{
	std::string text = "$RS= \\\n"
			   "real_server 10.0.0.${N} 80 { \\\n"
			   "    weight ${N} \\\n"
			   "}\n"
			   "$N=3\n"
			   "$RS\n";
	CHECK(lex(text) == std::vector<std::string>{"real_server|10.0.0.3|80", "{", "weight|3", "}"});
}

TEST_CASE("~SEQ and ~LST repeat the rest of the line")
{
	CHECK(lex("~SEQ(N, 1, 3) rs 10.0.0.${N}\n") ==
	      std::vector<std::string>{"rs|10.0.0.1", "rs|10.0.0.2", "rs|10.0.0.3"});
	CHECK(lex("~SEQx(N, 0x9, 2, 0xd) a fe80::${N}\n") ==
	      std::vector<std::string>{"a|fe80::9", "a|fe80::b", "a|fe80::d"});
	CHECK(lex("~LST({A, B}, {1, x}, {2, y}) v ${A}${B}\n") == std::vector<std::string>{"v|1x", "v|2y"});
}

TEST_CASE("include globs are relative to the including file, nested too")
{
	TempDir dir;
	dir.write("main.conf", "include sub/*.conf\n");
	dir.write("sub/a.conf", "a 1\ninclude ../more/b.inc\n");
	dir.write("more/b.inc", "b 2\n");
	Diagnostics diags;
	std::vector<std::string> got;
	Lexer lexer(diags, {}, [&](const Stmt &s) { got.emplace_back(s.words[0]); });
	CHECK(lexer.run((dir.path / "main.conf").string()));
	CHECK(got == std::vector<std::string>{"a", "b"});
	CHECK_FALSE(diags.failed());
}

TEST_CASE("a line that parameters grow past 1 MiB and an include pattern longer than a path are refused")
{
	std::string big(100000, 'x'), refs;
	for (int i = 0; i < 11; i++)
		refs += "${L}";
	Diagnostics diags;
	CHECK(lex("$L=" + big + "\n$B=" + refs + "\nid ${B}\nport 80\n", diags) == std::vector<std::string>{"port|80"});
	REQUIRE(diags.all().size() == 1);
	CHECK(diags.all()[0].text.find("would exceed maximum line length - ignoring line") != std::string::npos);
	CHECK(diags.all()[0].loc.line == 3);

	Diagnostics include;
	CHECK(lex("include {" + std::string(5000, 'a') + "}\nport 80\n", include) == std::vector<std::string>{"port|80"});
	REQUIRE(include.all().size() == 1);
	CHECK(include.all()[0].text.find("is longer than a path can be, skipping.") != std::string::npos);
}

TEST_CASE("a missing include is a warning, an error with -e")
{
	TempDir dir;
	dir.write("main.conf", "include nothing_here.conf\n");
	std::string path = (dir.path / "main.conf").string();
	Diagnostics plain;
	Lexer(plain, {}, [](const Stmt &) {}).run(path);
	REQUIRE(plain.all().size() == 1);
	CHECK(plain.all()[0].text == "Config files missing 'nothing_here.conf'.");
	CHECK(plain.exit_status() == 0);
	Diagnostics strict;
	Lexer(strict, {"", true}, [](const Stmt &) {}).run(path);
	CHECK(strict.exit_status() == kExitConfigFatal);
}

TEST_CASE("a config with an execute bit or not a regular file is skipped (R-KA-CONF-1)")
{
	TempDir dir;
	dir.write("exec.conf", "a 1\n");
	std::filesystem::permissions(dir.path / "exec.conf", std::filesystem::perms::owner_exec,
				     std::filesystem::perm_options::add);
	Diagnostics diags;
	int statements = 0;
	Lexer lexer(diags, {}, [&](const Stmt &) { ++statements; });
	CHECK_FALSE(lexer.run((dir.path / "exec.conf").string()));
	CHECK(statements == 0);
	CHECK(diags.all().at(0).text.find("is not a regular non-executable file - skipping") != std::string::npos);

	Diagnostics dir_diags;
	CHECK_FALSE(Lexer(dir_diags, {}, [](const Stmt &) {}).run(dir.path.string()));
	CHECK(dir_diags.all().at(0).text.find("is a directory - skipping") != std::string::npos);
}

TEST_CASE("messages carry the file and line: (FILE: Line N) text")
{
	Diagnostics diags;
	uint32_t f = diags.add_file("x.conf");
	diags.report(Level::general, {f, 7}, "invalid number 'abc'");
	CHECK(diags.format(diags.all()[0]) == "(x.conf: Line 7) invalid number 'abc'");
	diags.report(Level::security, {}, "whole config");
	CHECK(diags.format(diags.all()[1]) == "whole config");
	CHECK(diags.exit_status() == kExitSecurity);
}
