// Benchmark: the CPU the health-check engine takes for N TCP_CHECK targets
// (default 20,000: 200 virtual servers x 100 real servers) at delay_loop 6,
// against listeners served by a child process (in --server-netns, behind
// the veth pair bench/checker.sh sets up), over a window of --seconds
// after every check has started; then the same config under Debian's
// keepalived (--keepalived PATH: -n -C, its checker child's CPU from /proc
// over the same window; --preload names bench/fake_ipvs.so, without which
// its checker exits where there is no IPVS); then the floor: the same
// connects and closes at the same rate from a bare loop, which is what
// the kernel alone takes for them. Each window also gives the CPU of the
// receive path of --napi's device (its threaded NAPI, as a NIC's receive
// runs outside the process). One round of the three; prints what each
// cost and did, and last a "samples:" line of NAME=VALUE for
// bench/checker.sh, which runs the rounds and reports their medians.
#include "core/check/engine.hpp"
#include "core/config/load.hpp"
#include "core/event/loop.hpp"
#include "core/sys/fd.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sched.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kRealServers = 100; // per virtual server: PREFIX1 .. PREFIX100, port 8000
constexpr int kPort = 8000;

struct Options {
	int targets = 20000;
	int seconds = 30;
	int delay_loop = 6;
	std::string keepalived;
	std::string preload; // LD_PRELOAD for keepalived (bench/fake_ipvs.c)
	std::string dir = "/tmp/lvsbox-bench-checker";
	std::string server_netns; // the listeners' network namespace; empty: ours
	std::string rs_prefix = "127.0.1.";
	std::string napi; // device whose receive path's CPU is shown
};

const Options *options;

std::string rs_addr(int i)
{
	return options->rs_prefix + std::to_string(i + 1);
}

std::string config_text(const Options &o)
{
	std::string t;
	for (int v = 0; v < o.targets / kRealServers; v++) {
		t += "virtual_server 10.0.0.1 " + std::to_string(v + 1) + " {\n delay_loop " + std::to_string(o.delay_loop) +
		     "\n lb_algo rr\n lb_kind NAT\n protocol TCP\n";
		for (int r = 0; r < kRealServers; r++)
			t += " real_server " + rs_addr(r) + " " + std::to_string(kPort) +
			     " {\n  TCP_CHECK {\n   connect_timeout 3\n  }\n }\n";
		t += "}\n";
	}
	return t;
}

// Connections the listeners accepted, in memory shared with their child
// process: both checkers must be seen doing the same work.
std::atomic<std::uint64_t> *accepted;

// What a checker cost (CPU % of one core) and did (connections accepted
// per second) over `wall` seconds; cpu < 0: no figure. rx: the CPU % of
// --napi's receive path over the same window; user: of cpu, what was
// spent in user space, where known.
struct Load {
	double cpu = -1, rate = 0, rx = 0, wall = 0, user = -1;
};

// "NAME.cpu=... NAME.rate=... NAME.rx=..." (cpu "none" when there is no figure).
std::string samples(const char *name, const Load &l)
{
	char s[160];
	if (l.cpu < 0)
		std::snprintf(s, sizeof s, " %s.cpu=none %s.rate=none %s.rx=none", name, name, name);
	else
		std::snprintf(s, sizeof s, " %s.cpu=%.2f %s.rate=%.0f %s.rx=%.2f", name, l.cpu, name, l.rate, name, l.rx);
	return s;
}

// The receive path's share, for the report.
std::string rx_note(const Load &l)
{
	if (options->napi.empty())
		return "";
	char note[64];
	std::snprintf(note, sizeof note, "; receive path %.2f%%", l.rx);
	return note;
}

// The listeners live in a child, so their accept() work is not counted.
pid_t serve_listeners()
{
	void *shared = mmap(nullptr, sizeof *accepted, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		std::exit(1);
	accepted = new (shared) std::atomic<std::uint64_t>(0);
	int ready[2];
	if (pipe(ready) < 0)
		std::exit(1);
	std::fflush(stdout);
	pid_t pid = fork();
	if (pid != 0) {
		close(ready[1]);
		char c;
		if (read(ready[0], &c, 1) != 1)
			std::exit(1);
		close(ready[0]);
		return pid;
	}
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!options->server_netns.empty()) {
		lvs::sys::Fd ns(open(options->server_netns.c_str(), O_RDONLY | O_CLOEXEC));
		if (!ns || setns(ns.get(), CLONE_NEWNET) < 0) {
			std::perror(options->server_netns.c_str());
			_exit(1);
		}
	}
	lvs::sys::Fd ep(epoll_create1(0));
	std::vector<lvs::sys::Fd> listeners;
	for (int r = 0; r < kRealServers; r++) {
		lvs::sys::Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
		int on = 1;
		setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
		sockaddr_in a{};
		a.sin_family = AF_INET;
		a.sin_port = htons(kPort);
		inet_pton(AF_INET, rs_addr(r).c_str(), &a.sin_addr);
		if (bind(fd.get(), reinterpret_cast<sockaddr *>(&a), sizeof a) < 0 || listen(fd.get(), 4096) < 0) {
			std::perror("listener");
			_exit(1);
		}
		epoll_event ev{};
		ev.events = EPOLLIN;
		ev.data.fd = fd.get();
		epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd.get(), &ev);
		listeners.push_back(std::move(fd));
	}
	if (write(ready[1], "x", 1) != 1)
		_exit(1);
	epoll_event events[64];
	for (;;) {
		int n = epoll_wait(ep.get(), events, 64, -1);
		for (int i = 0; i < n; i++) {
			int c;
			while ((c = accept4(events[i].data.fd, nullptr, nullptr, 0)) >= 0) {
				close(c);
				accepted->fetch_add(1);
			}
		}
	}
}

double cpu_seconds(const rusage &u)
{
	return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// utime + stime of a process, in seconds.
double proc_cpu(pid_t pid)
{
	std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
	std::string s((std::istreambuf_iterator<char>(in)), {});
	auto close = s.rfind(')');
	if (close == std::string::npos)
		return -1;
	std::vector<std::string> f;
	std::string w;
	for (std::size_t i = close + 2; i <= s.size(); i++) {
		if (i == s.size() || s[i] == ' ') {
			f.push_back(w);
			w.clear();
		} else {
			w += s[i];
		}
	}
	// fields after ")": state is [0]; utime, stime are stat fields 14, 15
	return double(std::stoull(f.at(11)) + std::stoull(f.at(12))) / double(sysconf(_SC_CLK_TCK));
}

// The CPU of --napi's receive path: its NAPI threads (napi/DEV-N).
double napi_cpu()
{
	double sum = 0;
	if (options->napi.empty())
		return sum;
	for (const auto &e : std::filesystem::directory_iterator("/proc")) {
		std::ifstream in(e.path() / "comm");
		std::string comm;
		if (std::getline(in, comm) && comm.rfind("napi/" + options->napi + "-", 0) == 0)
			sum += proc_cpu(std::atoi(e.path().filename().c_str()));
	}
	return sum;
}

double self_cpu()
{
	rusage u;
	getrusage(RUSAGE_SELF, &u);
	return cpu_seconds(u);
}

// A measuring window, opened at construction: what one checker (whose CPU
// seconds `cpu` reads) cost and did until close().
class Window {
public:
	explicit Window(std::function<double()> cpu) : cpu_(std::move(cpu)), cpu0_(cpu_()) {}

	Load close() const
	{
		double wall = std::chrono::duration<double>(Clock::now() - t0_).count();
		return {100 * (cpu_() - cpu0_) / wall, double(accepted->load() - accepted0_) / wall,
			100 * (napi_cpu() - rx0_) / wall, wall};
	}

private:
	std::function<double()> cpu_;
	double cpu0_;
	std::uint64_t accepted0_ = accepted->load();
	double rx0_ = napi_cpu();
	Clock::time_point t0_ = Clock::now();
};

Load ours(const Options &o, const std::string &conf)
{
	auto loaded = lvs::config::load_file(conf);
	if (loaded.diags.failed()) {
		std::fprintf(stderr, "bench: the generated config does not load\n");
		std::exit(1);
	}
	lvs::event::Loop loop;
	lvs::check::Engine engine(loop);
	int changes = 0;
	engine.on_change = [&](const lvs::table::RsId &, size_t, const lvs::table::RsHealth &) { changes++; };
	engine.sync(loaded.config);
	std::printf("ours: %zu checks; warming up %d s (warmup spreads the first attempts over delay_loop)\n",
		    engine.checks(), o.delay_loop + 1);
	auto run = [&](Clock::duration d) {
		auto end = Clock::now() + d;
		while (Clock::now() < end)
			loop.run_once(100ms);
	};
	run(std::chrono::seconds(o.delay_loop + 1));
	rusage before, after;
	getrusage(RUSAGE_SELF, &before);
	Window window(self_cpu);
	run(std::chrono::seconds(o.seconds));
	Load l = window.close();
	getrusage(RUSAGE_SELF, &after);
	int up = 0;
	for (const auto &vs : loaded.config.virtual_servers)
		for (const auto &rs : vs.real_servers)
			up += engine.health(lvs::table::rs_id(vs, rs))->up;
	double user = double(after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
		      double(after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6;
	l.user = 100 * user / l.wall;
	std::printf("ours: %.2f%% of one core (%.2f%% in user space) over %.1f s, %.0f checks/s; %d of %d real "
		    "servers up; %d health changes%s\n",
		    l.cpu, l.user, l.wall, l.rate, up, o.targets, changes, rx_note(l).c_str());
	return l;
}

Load theirs(const Options &o, const std::string &conf)
{
	std::string pidfile = o.dir + "/keepalived.pid", checkerfile = o.dir + "/checkers.pid";
	std::string log = o.dir + "/keepalived.log";
	std::filesystem::remove(pidfile); // a stale one would name another process
	std::filesystem::remove(checkerfile);
	std::fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		std::freopen(log.c_str(), "w", stdout);
		std::freopen(log.c_str(), "a", stderr);
		if (!o.preload.empty())
			setenv("LD_PRELOAD", o.preload.c_str(), 1);
		// Its log into the file alone (-G: no syslog, as ours logs nothing here).
		execl(o.keepalived.c_str(), o.keepalived.c_str(), "-n", "-l", "-G", "-C", "-f", conf.c_str(), "-p",
		      pidfile.c_str(), "-c", checkerfile.c_str(), static_cast<char *>(nullptr));
		_exit(127);
	}
	// Its checks start only once it has activated every checker, which
	// takes it many seconds for 20,000 (its last word then is about BFD).
	auto started = Clock::now();
	auto logged = [&](const char *what) {
		std::ifstream in(log);
		for (std::string line; std::getline(in, line);)
			if (line.find(what) != std::string::npos)
				return true;
		return false;
	};
	int status;
	bool exited = false;
	while (!logged("Activating BFD healthchecker") && Clock::now() - started < 600s &&
	       !(exited = waitpid(pid, &status, WNOHANG) == pid))
		std::this_thread::sleep_for(1s);
	// Its timers expired during that stall: the overdue checks all go at
	// once and take a few rounds of delay_loop to spread out again.
	int warmup = 5 * o.delay_loop;
	std::printf("keepalived: checkers activated after %.0f s; warming up %d s\n",
		    std::chrono::duration<double>(Clock::now() - started).count(), warmup);
	std::this_thread::sleep_for(std::chrono::seconds(warmup));
	pid_t checker = 0;
	std::ifstream(checkerfile) >> checker;
	// The pid must still be keepalived's own child: a dead checker's pid
	// may already belong to another process.
	auto parent_of = [](pid_t p) {
		std::ifstream in("/proc/" + std::to_string(p) + "/stat");
		std::string s((std::istreambuf_iterator<char>(in)), {});
		auto close = s.rfind(')');
		return close == std::string::npos ? -1 : std::atoi(s.c_str() + close + 4);
	};
	// Without IPVS its checker spends its time taking the services down
	// and then exits FATAL: that is no checking work to measure.
	bool no_ipvs = logged("Can't initialize ipvs");
	if (no_ipvs || exited || waitpid(pid, &status, WNOHANG) == pid || checker <= 0 || parent_of(checker) != pid) {
		std::printf("keepalived: its checker process is not running; from its log:\n");
		std::ifstream in(log);
		for (std::string line; std::getline(in, line);)
			if (line.find("IPVS") != std::string::npos || line.find("FATAL") != std::string::npos)
				std::printf("  %s\n", line.c_str());
		kill(pid, SIGTERM);
		waitpid(pid, &status, 0);
		return {};
	}
	Window window([checker] { return proc_cpu(checker); });
	std::this_thread::sleep_for(std::chrono::seconds(o.seconds));
	Load l = window.close();
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	std::printf("keepalived: %.2f%% of one core over %.1f s, %.0f checks/s (checker pid %d)%s\n", l.cpu, l.wall,
		    l.rate, checker, rx_note(l).c_str());
	return l;
}

// The floor: what the kernel takes for the same checks. Each tick opens
// the connections due (nonblocking connect), and each that is writable
// is asked for its error and closed, as a TCP_CHECK does; no timers, no
// state, no config.
Load bare(const Options &o)
{
	std::vector<sockaddr_in> dst(kRealServers);
	for (int r = 0; r < kRealServers; r++) {
		dst[r].sin_family = AF_INET;
		dst[r].sin_port = htons(kPort);
		inet_pton(AF_INET, rs_addr(r).c_str(), &dst[r].sin_addr);
	}
	lvs::sys::Fd ep(epoll_create1(EPOLL_CLOEXEC));
	auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(double(o.delay_loop) / o.targets));
	Window window(self_cpu);
	auto next = Clock::now(), end = next + std::chrono::seconds(o.seconds);
	std::size_t k = 0;
	while (Clock::now() < end) {
		for (auto now = Clock::now(); next <= now; next += period) {
			int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
			connect(fd, reinterpret_cast<const sockaddr *>(&dst[k++ % dst.size()]), sizeof dst[0]);
			epoll_event ev{};
			ev.events = EPOLLOUT;
			ev.data.fd = fd;
			epoll_ctl(ep.get(), EPOLL_CTL_ADD, fd, &ev);
		}
		epoll_event events[64];
		auto due = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
		int n = epoll_wait(ep.get(), events, 64, int(std::max<long>(due, 0)));
		for (int i = 0; i < n; i++) {
			int err = 0;
			socklen_t len = sizeof err;
			getsockopt(events[i].data.fd, SOL_SOCKET, SO_ERROR, &err, &len);
			close(events[i].data.fd);
		}
	}
	Load l = window.close();
	std::printf("floor (the same connects and closes from a bare loop): %.2f%% of one core, %.0f checks/s%s\n",
		    l.cpu, l.rate, rx_note(l).c_str());
	return l;
}

} // namespace

int main(int argc, char **argv)
{
	Options o;
	for (int i = 1; i + 1 < argc; i += 2) {
		std::string a = argv[i];
		if (a == "--targets")
			o.targets = std::atoi(argv[i + 1]);
		else if (a == "--seconds")
			o.seconds = std::atoi(argv[i + 1]);
		else if (a == "--delay-loop")
			o.delay_loop = std::atoi(argv[i + 1]);
		else if (a == "--keepalived")
			o.keepalived = argv[i + 1];
		else if (a == "--preload")
			o.preload = argv[i + 1];
		else if (a == "--dir")
			o.dir = argv[i + 1];
		else if (a == "--server-netns")
			o.server_netns = argv[i + 1];
		else if (a == "--rs-prefix")
			o.rs_prefix = argv[i + 1];
		else if (a == "--napi")
			o.napi = argv[i + 1];
	}
	options = &o;
	rlimit nofile{1 << 20, 1 << 20};
	setrlimit(RLIMIT_NOFILE, &nofile);
	std::filesystem::create_directories(o.dir);
	std::string conf = o.dir + "/keepalived.conf";
	std::ofstream(conf) << config_text(o);
	pid_t listeners = serve_listeners();
	std::printf("%d TCP_CHECK targets, delay_loop %d s, window %d s\n", o.targets, o.delay_loop, o.seconds);
	Load a = ours(o, conf);
	Load b = o.keepalived.empty() ? Load{} : theirs(o, conf);
	Load f = bare(o);
	// keepalived may not keep the schedule: bench/checker.sh compares the
	// cost of a check per second, and says how much of it each kept.
	double wanted = double(o.targets) / o.delay_loop;
	std::printf("schedule: %.0f checks/s\nsamples:%s ours.user=%.2f%s%s\n", wanted, samples("ours", a).c_str(),
		    a.user, samples("keepalived", b).c_str(), samples("floor", f).c_str());
	kill(listeners, SIGKILL);
	waitpid(listeners, nullptr, 0);
	return 0;
}
