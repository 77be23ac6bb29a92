// The built binary as a user runs it: through links named after each
// personality and as `lvsbox PERSONALITY`.
#include "app/dispatch.hpp"
#include "core/netlink/genl_socket.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Result {
	int status;
	std::string output; // stdout and stderr together
};

Result run(const std::string &path, std::vector<std::string> args)
{
	int fds[2];
	REQUIRE(pipe(fds) == 0);
	pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		std::vector<char *> argv;
		for (auto &a : args)
			argv.push_back(a.data());
		argv.push_back(nullptr);
		execv(path.c_str(), argv.data());
		_exit(127);
	}
	close(fds[1]);
	Result r{};
	char buf[4096];
	for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
		r.output.append(buf, static_cast<size_t>(n));
	close(fds[0]);
	int ws = 0;
	waitpid(pid, &ws, 0);
	r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	return r;
}

// A directory of its own for a test's files, removed after.
struct TempDir {
	fs::path dir;
	TempDir() : dir(fs::temp_directory_path() / ("lvsbox-multicall-" + std::to_string(getpid())))
	{
		fs::create_directories(dir);
	}
	~TempDir() { fs::remove_all(dir); }
	std::string write(const std::string &name, const std::string &text) const
	{
		auto path = dir / name;
		std::ofstream(path) << text;
		return path.string();
	}
};

// A link named after each personality.
struct LinkDir : TempDir {
	LinkDir()
	{
		for (const auto &p : lvs::app::personalities())
			fs::create_symlink(fs::absolute(LVSBOX_BINARY), dir / std::string(p.name));
	}
};

// Runs `lvsbox TOOL ARGS...`.
Result run_tool(const std::string &tool, const std::vector<std::string> &args)
{
	std::vector<std::string> argv{"lvsbox", tool};
	argv.insert(argv.end(), args.begin(), args.end());
	return run(LVSBOX_BINARY, argv);
}

// Every case: TOOL ARGS is a usage error, said in one line with what is
// wrong and where the help is, status 2.
void check_usage_errors(const std::string &tool,
			std::initializer_list<std::pair<std::vector<std::string>, std::string>> errors)
{
	for (const auto &[args, why] : errors) {
		auto r = run_tool(tool, args);
		CAPTURE(args.front());
		CHECK(r.status == 2);
		CHECK(r.output == tool + ": " + why + "; try '" + tool + " --help'\n");
	}
}

// The version lvsbox --version prints, as every personality's should.
std::string version()
{
	auto r = run(LVSBOX_BINARY, {"lvsbox", "--version"});
	REQUIRE(r.output.starts_with("lvsbox "));
	return r.output.substr(7);
}

} // namespace

TEST_CASE("each personality link reaches its personality")
{
	LinkDir links;
	for (const auto &p : lvs::app::personalities()) {
		std::string name(p.name);
		auto r = run((links.dir / name).string(), {name, "--help"});
		auto via_box = run(LVSBOX_BINARY, {"lvsbox", name, "--help"});
		CHECK(via_box.status == r.status);
		CHECK(via_box.output == r.output);
	}
}

TEST_CASE("an unknown personality lists the known ones")
{
	auto r = run(LVSBOX_BINARY, {"lvsbox", "ipvsadmin"});
	CHECK(r.status == 2);
	CHECK(r.output == "lvsbox: unknown personality 'ipvsadmin'; known personalities: "
			  "ipvsadm, keepalived, ipvs-switch, lvscli\n");
}

TEST_CASE("help lists every personality")
{
	auto r = run(LVSBOX_BINARY, {"lvsbox", "--help"});
	CHECK(r.status == 0);
	for (const auto &p : lvs::app::personalities())
		CHECK(r.output.find("  " + std::string(p.name) + " ") != std::string::npos);
}

// keepalived 2.2.7 prints its whole help after a usage error; ours says
// what is wrong in one line. -S with a facility it does not know is one
// too: 2.2.7 says so and goes on logging as daemon.
TEST_CASE("keepalived: a usage error is one line and status 2")
{
	check_usage_errors("keepalived", {
		{{"--foo"}, "unknown option --foo"},
		{{"--foo=1"}, "unknown option --foo"},
		{{"-nQ"}, "unknown option -Q"},
		{{"-f"}, "option -f needs an argument"},
		{{"--use-file"}, "option --use-file needs an argument"},
		{{"--vrrp=1"}, "option --vrrp takes no argument"},
		{{"--dump-conf=x"}, "--dump-conf takes no value or 'toml'"},
		{{"-n", "extra"}, "unexpected argument 'extra'"},
		{{"-S", "9"}, "invalid log facility '9' (0-7, local0-local7, user or daemon)"},
		{{"--log-facility=local8"}, "invalid log facility 'local8' (0-7, local0-local7, user or daemon)"},
	});
}

// As keepalived 2.2.7's set_umask(): a warning in its words, and the run
// goes on (here a configuration test, which says nothing of this file).
TEST_CASE("keepalived: a bad umask is warned about as keepalived 2.2.7 does")
{
	TempDir tmp;
	auto conf = tmp.write("keepalived.conf", "global_defs {\n}\n");
	for (const auto &[args, warning] : std::initializer_list<std::pair<std::vector<std::string>, std::string>>{
		     {{"-u", "xyz"}, "Invalid --umask option xyz\n"},
		     {{"--umask=01000"}, "Invalid --umask option 01000\n"},
		     {{"--umask=-1"}, "Invalid --umask option -1\n"},
		     {{"-u", "0x12"}, ""},
		     {{"-u", "027"}, ""},
	     }) {
		std::vector<std::string> argv = args;
		argv.insert(argv.end(), {"-t", "-f", conf});
		auto r = run_tool("keepalived", argv);
		CAPTURE(args.back());
		CHECK(r.status == 0);
		CHECK(r.output == warning);
	}
}

// The error a daemon meets first on a fresh machine says how to load IPVS.
// Only where the kernel has none (as on the build machines): ctest runs
// suite no_ipvs through needs_no_ipvs.sh, which reports a skip where it
// has IPVS. Run by hand there, the case fails rather than start keepalived.
TEST_CASE("keepalived: without IPVS the checker process says how to load it" * doctest::test_suite("no_ipvs"))
{
	REQUIRE_THROWS_AS(lvs::netlink::GenlSocket("IPVS"), lvs::netlink::FamilyNotFound);
	TempDir tmp;
	auto conf = tmp.write("keepalived.conf", "virtual_server 192.0.2.1 80 {\n"
						 "    lb_kind NAT\n"
						 "    real_server 192.0.2.2 80 {\n"
						 "    }\n"
						 "}\n");
	auto d = tmp.dir.string();
	auto r = run_tool("keepalived", {"-n", "-l", "-G", "-f", conf, "-p", d + "/k.pid", "-c", d + "/c.pid", "-r",
					 d + "/v.pid", "--rpc-socket=", "--rpc-state-dir", d + "/rpc"});
	CHECK(r.status == 1);
	CHECK(r.output.find("]: IPVS not found in the kernel: load it with 'modprobe ip_vs', or with "
			    "'ipvs-switch orig' ('ipvs-switch fnat' for full NAT)\n") != std::string::npos);
}

// ipvs-switch's command line (CLI11): a usage error is one line and
// status 2, said before the settings are read or anything is changed.
TEST_CASE("ipvs-switch: a usage error is one line and status 2; -h is the help")
{
	check_usage_errors("ipvs-switch", {
		{{"-x"}, "unknown option -x"},
		{{"--foo", "orig"}, "unknown option --foo"},
		{{"-c"}, "--config: 1 required FILE missing"},
		{{"orig", "fnat"}, "one mode at a time, not 'orig' and 'fnat'"},
		{{"-r", "orig"}, "--restore takes no mode"},
		{{"nat"}, "unknown mode 'nat' (orig or fnat)"},
	});
	auto help = run(LVSBOX_BINARY, {"lvsbox", "ipvs-switch", "-h", "fnat"});
	CHECK(help.status == 0);
	CHECK(help.output.starts_with("Switch the kernel between the stock IPVS module and the full-NAT one.\n"
				      "Usage: ipvs-switch [OPTIONS] [mode]\n"));
	for (const char *line : {"  -c,--config FILE  settings (default /etc/lvsbox/ipvs-switch.toml)\n",
				 "  -r,--restore      switch to the mode saved by the last switch (in\n",
				 "  orig  clear the IPVS table, unload the full-NAT module, load ip_vs\n"})
		CHECK(help.output.find(line) != std::string::npos);
}

// The default settings file may be missing; one named with -c may not.
TEST_CASE("ipvs-switch: a settings file named with -c must exist")
{
	auto r = run_tool("ipvs-switch", {"-c", "/nonexistent/ipvs-switch.toml"});
	CHECK(r.status == 1);
	CHECK(r.output == "ipvs-switch: /nonexistent/ipvs-switch.toml: No such file or directory\n");
}

TEST_CASE("ipvs-switch --version prints the version as lvscli does")
{
	auto r = run_tool("ipvs-switch", {"--version"});
	CHECK(r.status == 0);
	CHECK(r.output == "ipvs-switch (lvsbox) " + version());
}
