// ipvs-switch's pure parts: its settings, the mode and the plan of a
// switch made from the loaded modules, and how keepalived is recognised.
#include "core/error.hpp"
#include "core/kmod/modules.hpp"
#include "ipvs-switch/guard.hpp"
#include "ipvs-switch/plan.hpp"
#include "ipvs-switch/settings.hpp"
#include "ipvs-switch/state.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace lvs::ipvs_switch;
using lvs::kmod::Loaded;
using Strings = std::vector<std::string>;

namespace {

// Orig mode: ip_vs, a scheduler using it, and what ip_vs itself uses.
const char *kOrigModules = "ip_vs_rr 16384 1 - Live 0xffffffffc0a3c000\n"
			   "ip_vs 192512 3 ip_vs_rr, Live 0xffffffffc09e0000\n"
			   "nf_conntrack 176128 1 ip_vs, Live 0xffffffffc0990000\n";

Settings defaults()
{
	return parse_settings("", "s.toml", "6.1.0-56-amd64");
}

std::string error_of(const std::string &toml)
{
	try {
		parse_settings(toml, "/etc/lvsbox/ipvs-switch.toml", "6.1.0-56-amd64");
	} catch (const lvs::Error &e) {
		return e.what();
	}
	return "(no error)";
}

} // namespace

TEST_CASE("settings: an empty file means the defaults, for the running kernel")
{
	Settings s = defaults();
	CHECK(s.module_dir == "/lib/modules/6.1.0-56-amd64");
	CHECK(s.depmod == Strings{"depmod"});
	CHECK(s.orig == Strings{"ip_vs"});
	CHECK(s.fnat == Strings{"ip_vs_fnat"});
	CHECK(s.params.empty());
}

TEST_CASE("settings: every key")
{
	Settings s = parse_settings("module_dir = \"/opt/modules\"\n"
				    "depmod = []\n"
				    "[orig]\nmodules = [\"ip_vs\", \"ip_vs_consh\"]\n"
				    "[fnat]\nmodules = [\"ip_vs_fnat2\"]\n"
				    "[params]\nip_vs_fnat2 = \"conn_tab_bits=20\"\n",
				    "s.toml", "6.1.0-56-amd64");
	CHECK(s.module_dir == "/opt/modules");
	CHECK(s.depmod.empty());
	CHECK(s.orig == Strings{"ip_vs", "ip_vs_consh"});
	CHECK(s.fnat == Strings{"ip_vs_fnat2"});
	CHECK(s.params == std::map<std::string, std::string>{{"ip_vs_fnat2", "conn_tab_bits=20"}});
}

TEST_CASE("settings: mistakes name the file and the line")
{
	const std::string f = "/etc/lvsbox/ipvs-switch.toml:";
	CHECK(error_of("[fnat\n") == f + "1: Error while parsing table header: expected ']', saw '\\n'");
	CHECK(error_of("\n\nmodule_dirs = \"/x\"\n") == f + "3: unknown key 'module_dirs'");
	CHECK(error_of("depmod = \"depmod -a\"\n") == f + "1: depmod must be an array of strings");
	CHECK(error_of("[fnat]\nmodules = []\n") == f + "2: fnat.modules must name at least one module");
	CHECK(error_of("[orig]\nmodule = [\"ip_vs\"]\n") == f + "2: unknown key 'module' in [orig]");
	CHECK(error_of("[orig]\nmodules = [\"ip_vs\", 3]\n") == f + "2: orig.modules's items must be a string");
	CHECK(error_of("orig = 1\n") == f + "1: [orig] must be a table");
	CHECK(error_of("[params]\nip_vs = 20\n") == f + "2: params.ip_vs must be a string");
}

TEST_CASE("the mode comes from the first module of each mode")
{
	Settings s = defaults();
	CHECK(current_mode(lvs::kmod::parse_proc_modules(kOrigModules), s) == Mode::orig);
	CHECK(current_mode({{"ip_vs_fnat", {}}, {"nf_conntrack", {"ip_vs_fnat"}}}, s) == Mode::fnat);
	CHECK(current_mode({{"nf_conntrack", {}}}, s) == Mode::none);
	CHECK(mode_name(Mode::none) == "none");
	CHECK(parse_mode("fnat") == Mode::fnat);
	CHECK(parse_mode("orig") == Mode::orig);
	CHECK(!parse_mode("original"));
}

TEST_CASE("a switch unloads both modes' modules with their users and loads the target's")
{
	Settings s = defaults();
	auto orig = lvs::kmod::parse_proc_modules(kOrigModules);
	Plan to_fnat = plan(orig, Mode::fnat, s);
	CHECK(to_fnat.unload == Strings{"ip_vs_rr", "ip_vs"});
	CHECK(to_fnat.load == Strings{"ip_vs_fnat"});

	std::vector<Loaded> fnat{{"ip_vs_fnat", {}}, {"nf_conntrack", {"ip_vs_fnat"}}};
	Plan to_orig = plan(fnat, Mode::orig, s);
	CHECK(to_orig.unload == Strings{"ip_vs_fnat"});
	CHECK(to_orig.load == Strings{"ip_vs"});
	// The mode already set is reloaded.
	CHECK(plan(fnat, Mode::fnat, s).unload == Strings{"ip_vs_fnat"});
	CHECK(plan({}, Mode::fnat, s).unload.empty());
}

TEST_CASE("the steps are reported in the guide's words")
{
	CHECK(words(Mode::orig).clear == "Clear ipvs tables");
	CHECK(words(Mode::orig).rmmod == "rmmod ip_vs");
	CHECK(words(Mode::orig).done == "switch to original mode successfully");
	CHECK(words(Mode::fnat).clear == "Clear ip_vs tables");
	CHECK(words(Mode::fnat).modprobe == "modprobe ip_vs modules");
	CHECK(words(Mode::fnat).done == "switch to fnat mode successfully");
}

TEST_CASE("keepalived is recognised by its name, or as lvsbox's personality")
{
	using namespace std::string_literals;
	CHECK(is_keepalived("keepalived", "/usr/sbin/keepalived\0-D\0"s));
	CHECK(is_keepalived("lvsbox", "/usr/sbin/lvsbox\0keepalived\0-n\0"s));
	CHECK(is_keepalived("sh", "keepalived\0"s)); // comm is cut to 15 bytes; argv[0] is not
	CHECK(!is_keepalived("lvsbox", "lvsbox\0ipvsadm\0-Ln\0"s));
	CHECK(!is_keepalived("vim", "vim\0/etc/keepalived/keepalived.conf\0"s));
	CHECK(!is_keepalived("kworker/0:1", ""));
}

TEST_CASE("the saved mode survives as a file and is read back strictly")
{
	std::string dir = "/tmp/lvsbox-state-" + std::to_string(::getpid());
	std::string file = dir + "/sub/ipvs-mode";
	CHECK_FALSE(saved_mode(file).has_value());
	save_mode(Mode::fnat, file);
	CHECK(saved_mode(file) == Mode::fnat);
	save_mode(Mode::orig, file);
	CHECK(saved_mode(file) == Mode::orig);
	{
		std::ofstream(file) << "fullnat\n";
	}
	try {
		saved_mode(file);
		FAIL("a bad saved mode was accepted");
	} catch (const lvs::Error &e) {
		CHECK(std::string(e.what()) == file + ": not a saved mode (orig or fnat): 'fullnat'");
	}
	std::filesystem::remove_all(dir);
}
