// ipvs-switch's guards against the real file system: the lock refuses a
// second holder while the first lives, and keepalived is found in a
// process table laid out as /proc is.
#include "core/error.hpp"
#include "ipvs-switch/guard.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace lvs::ipvs_switch;

namespace {

struct TempDir {
	fs::path path = fs::temp_directory_path() / ("lvsbox-switch-" + std::to_string(getpid()));
	TempDir() { fs::create_directories(path); }
	~TempDir() { fs::remove_all(path); }
};

void fake_process(const fs::path &proc, int pid, const std::string &comm, const std::string &cmdline)
{
	fs::create_directories(proc / std::to_string(pid));
	std::ofstream(proc / std::to_string(pid) / "comm") << comm << '\n';
	std::ofstream(proc / std::to_string(pid) / "cmdline") << cmdline;
}

} // namespace

TEST_CASE("the switch lock admits one holder at a time")
{
	TempDir tmp;
	std::string path = tmp.path / "ipvs-switch.lock";
	{
		SwitchLock first(path);
		CHECK_THROWS_WITH(SwitchLock{path}, ("another ipvs-switch is running (it holds " + path + ")").c_str());
	}
	CHECK_NOTHROW(SwitchLock{path}); // released with the first
}

TEST_CASE("keepalived is found in the process table")
{
	using namespace std::string_literals;
	TempDir tmp;
	fs::path proc = tmp.path / "proc";
	fake_process(proc, 1, "init", "/sbin/init\0"s);
	fake_process(proc, 42, "lvsbox", "lvsbox\0ipvsadm\0-Ln\0"s);
	fs::create_directories(proc / "self");
	CHECK(find_keepalived(proc) == 0);
	fake_process(proc, 4242, "lvsbox", "/usr/sbin/lvsbox\0keepalived\0-D\0"s);
	CHECK(find_keepalived(proc) == 4242);
	CHECK(find_keepalived(tmp.path / "none") == 0);
}
