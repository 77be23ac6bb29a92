// The built binary as a user runs it: through links named after each
// personality and as `lvsbox PERSONALITY`.
#include "app/dispatch.hpp"

#include <doctest/doctest.h>

#include <filesystem>
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

struct LinkDir {
	fs::path dir;
	LinkDir() : dir(fs::temp_directory_path() / ("lvsbox-links-" + std::to_string(getpid())))
	{
		fs::create_directories(dir);
		for (const auto &p : lvs::app::personalities())
			fs::create_symlink(fs::absolute(LVSBOX_BINARY), dir / std::string(p.name));
	}
	~LinkDir() { fs::remove_all(dir); }
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

} // namespace

TEST_CASE("each personality link reaches its personality")
{
	LinkDir links;
	for (const auto &p : lvs::app::personalities()) {
		std::string name(p.name);
		auto r = run((links.dir / name).string(), {name, "--help"});
		if (!p.entry) {
			CHECK(r.status == 2);
			CHECK(r.output == "lvsbox: the " + name + " personality is not built yet in this version\n");
		}
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

// ipvs-switch's command line (CLI11): a usage error is one line and
// status 2, said before the settings are read or anything is changed.
TEST_CASE("ipvs-switch: a usage error is one line and status 2; -h is the help")
{
	const std::pair<std::vector<std::string>, std::string> errors[] = {
		{{"-x"}, "The following argument was not expected: -x"},
		{{"-c"}, "--config: 1 required FILE missing"},
		{{"orig", "fnat"}, "The following argument was not expected: fnat"},
		{{"-r", "orig"}, "--restore takes no mode"},
		{{"nat"}, "unknown mode 'nat' (orig or fnat)"},
	};
	for (const auto &[args, why] : errors) {
		std::vector<std::string> argv{"lvsbox", "ipvs-switch"};
		argv.insert(argv.end(), args.begin(), args.end());
		auto r = run(LVSBOX_BINARY, argv);
		CHECK(r.status == 2);
		CHECK(r.output == "ipvs-switch: " + why + "\n");
	}
	auto help = run(LVSBOX_BINARY, {"lvsbox", "ipvs-switch", "-h", "fnat"});
	CHECK(help.status == 0);
	CHECK(help.output.starts_with("Switch the kernel between the stock IPVS module and the full-NAT one.\n"
				      "Usage: ipvs-switch [OPTIONS] [mode]\n"));
	for (const char *line : {"  -c,--config FILE  settings (default /etc/lvsbox/ipvs-switch.toml)\n",
				 "  -r,--restore      switch to the mode saved by the last switch (in\n",
				 "  orig  clear the IPVS table, unload the full-NAT module, load ip_vs\n"})
		CHECK(help.output.find(line) != std::string::npos);
}
