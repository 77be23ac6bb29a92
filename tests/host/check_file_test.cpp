// FILE_CHECK against real files: the value read at start decides the first
// state, and each write, rename into place or removal is seen through
// inotify (the tests wait for the engine's callback, they do not poll the
// file); weight 0 as pass/fail, weights added to the real server's,
// reverse, the FILE_CHECK's own weight, values that are not numbers,
// init_file, and a directory that does not exist.
#include "check_helpers.hpp"

#include <cstdio>

using namespace checktest;

namespace {

// A track_file NAME on PATH with `tweight` (keepalived.conf text), and a
// real server of weight 10 with a FILE_CHECK of it.
std::string file_config(const std::string &path, const std::string &tweight, const std::string &check = "",
			const std::string &init = "")
{
	return "track_file tf {\n file \"" + path + "\"\n" + tweight + "\n" + init + "\n}\n" +
	       service(" real_server 127.0.0.1 8080 {\n  weight 10\n  FILE_CHECK {\n   track_file tf\n" + check +
		       "\n  }\n }\n");
}

// An engine synced with cfg, every health it reported and every line it
// logged.
struct Watched {
	Watched(Loop &l, const lvs::config::Config &cfg) : loop(l), engine(l), changes(engine)
	{
		engine.on_log = [this](const std::string &line) { log += line + "\n"; };
		engine.sync(cfg);
	}
	// Waits for the next on_change and says what it was.
	RsHealth next()
	{
		std::size_t seen = changes.seen.size();
		REQUIRE(spin(loop, [&] { return changes.seen.size() > seen; }));
		return changes.seen.back().second;
	}
	Loop &loop;
	Engine engine;
	Changes changes;
	std::string log;
};

} // namespace

TEST_CASE("FILE_CHECK weight 0: 0 in the file is up, anything else down, at start and at each write")
{
	Loop loop;
	TempDir dir;
	std::string path = dir.write("status", "0\n");
	auto cfg = load(file_config(path, "weight 0"));
	Watched w(loop, cfg);
	CHECK(w.engine.checks() == 1);
	CHECK(*w.engine.health(key(cfg)) == RsHealth{true, 10});
	dir.write("status", "1\n");
	CHECK(w.next() == RsHealth{false, 10});
	CHECK(w.log.find("FILE_CHECK of " + path + " failed: track file value 1 is a failure with weight 0") !=
	      std::string::npos);
	dir.write("status", "0\n");
	CHECK(w.next().up);
	// A file that is down from the start, read before the first plan.
	dir.write("status", "7\n");
	CHECK_FALSE(w.next().up);
	Engine fresh(loop);
	fresh.sync(cfg);
	CHECK(is_down(fresh, key(cfg)));
}

TEST_CASE("FILE_CHECK: the value times the weight is added to the real server's weight; -2^31 is down")
{
	Loop loop;
	TempDir dir;
	std::string path = dir.write("weight", "5\n");
	auto cfg = load(file_config(path, "weight 2"));
	Watched w(loop, cfg);
	CHECK(*w.engine.health(key(cfg)) == RsHealth{true, 20}); // 10 + 5 × 2
	dir.write("weight", "-3\n");
	CHECK(w.next() == RsHealth{true, 4});
	dir.write("weight", "-100\n"); // the kernel gets no weight below 0
	CHECK(w.next() == RsHealth{true, 0});
	dir.write("weight", "0x10\n"); // strtol base 0, as keepalived
	CHECK(w.next() == RsHealth{true, 42});
	dir.write("weight", "-1073741824\n"); // × 2 = -2^31: the fault value
	CHECK_FALSE(w.next().up);
}

TEST_CASE("FILE_CHECK: its own weight and reverse override the track_file's")
{
	Loop loop;
	TempDir dir;
	std::string path = dir.write("v", "3\n");
	auto cfg = load(file_config(path, "weight 1", "weight 2 reverse"));
	Watched w(loop, cfg);
	CHECK(*w.engine.health(key(cfg)) == RsHealth{true, 4}); // 10 - 3 × 2
	auto zero = load(file_config(path, "weight 1", "weight 0 reverse"));
	Engine reversed(loop);
	reversed.sync(zero);
	CHECK(is_up(reversed, key(zero))); // weight 0 reverse: 0 is the failure
	dir.write("v", "0\n");
	REQUIRE(spin(loop, [&] { return is_down(reversed, key(zero)); }));
}

TEST_CASE("FILE_CHECK: a file renamed into place or removed is seen; a value that is not a number is ignored")
{
	Loop loop;
	TempDir dir;
	std::string path = dir.path + "/state";
	auto cfg = load(file_config(path, "weight 0"));
	Watched w(loop, cfg); // no file yet: 0
	CHECK(is_up(w.engine, key(cfg)));
	dir.write("new", "1\n");
	REQUIRE(std::rename((dir.path + "/new").c_str(), path.c_str()) == 0);
	CHECK_FALSE(w.next().up);
	REQUIRE(std::remove(path.c_str()) == 0); // gone: 0
	CHECK(w.next().up);
	dir.write("state", "4294967296\n"); // beyond 32 bits: logged and ignored
	REQUIRE(spin(loop, [&] { return w.log.find("Invalid number 4294967296 read from " + path + " - ignoring") !=
					std::string::npos; }));
	CHECK(is_up(w.engine, key(cfg)));
	dir.write("state", "2\n");
	CHECK_FALSE(w.next().up);
}

TEST_CASE("FILE_CHECK: init_file writes the value when the file is missing, overwrite even when not")
{
	Loop loop;
	TempDir dir;
	std::string path = dir.path + "/init";
	auto cfg = load(file_config(path, "weight 0", "", "init_file 3"));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(dir.read("init") == "3\n");
	CHECK(is_down(engine, key(cfg)));
	dir.write("init", "0\n");
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg)); }));
	engine.sync(cfg); // a reload does not write an existing file
	CHECK(dir.read("init") == "0\n");
	Engine restarted(loop);
	restarted.sync(load(file_config(path, "weight 0", "", "init_file 5 overwrite")));
	CHECK(dir.read("init") == "5\n");
	CHECK(is_down(restarted, key(cfg)));
}

TEST_CASE("FILE_CHECK: a reload that points the track file elsewhere reads the new file")
{
	Loop loop;
	TempDir dir;
	std::string a = dir.write("a", "0\n"), b = dir.write("b", "1\n");
	Watched w(loop, load(file_config(a, "weight 0")));
	auto cfg = load(file_config(b, "weight 0"));
	w.engine.sync(cfg);
	REQUIRE(w.changes.seen.size() == 1);
	CHECK_FALSE(w.changes.seen.back().second.up);
	dir.write("a", "1\n"); // the old file no longer counts
	dir.write("b", "0\n");
	CHECK(w.next().up);
	CHECK(w.changes.seen.size() == 2);
}

TEST_CASE("FILE_CHECK: a file in a directory that does not exist is not checked, as keepalived")
{
	Loop loop;
	TempDir dir;
	auto cfg = load(file_config(dir.path + "/none/state", "weight 0 reverse"));
	Watched w(loop, cfg);
	CHECK(is_up(w.engine, key(cfg)));
	CHECK(w.log.find("the directory of " + dir.path + "/none/state does not exist - not checked") !=
	      std::string::npos);
}
