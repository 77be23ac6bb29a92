#include "keepalived/parent.hpp"

#include "core/event/loop.hpp"
#include "core/ipvs/client.hpp"
#include "core/sys/log.hpp"
#include "core/sys/notify.hpp"
#include "core/sys/pidfile.hpp"
#include "keepalived/checker.hpp"
#include "keepalived/cpu_usage.hpp"
#include "keepalived/load.hpp"
#include "keepalived/vrrp_child.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/ip_vs.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace lvs::keepalived {

namespace {

using Clock = event::Clock;
using std::chrono::seconds;

constexpr int kExitConfig = 2;
constexpr seconds kDefaultChildWait{5};
// A child that lived this long died of something new: respawn at once.
constexpr seconds kStableRun{10};
constexpr seconds kMaxRespawnDelay{30};

// The two children keepalived runs, each in a process of its own.
enum Kind { kCheckers, kVrrp, kKinds };
constexpr const char *kChildName[kKinds] = {"Healthcheck", "VRRP"};

class Parent {
public:
	Parent(const Settings &settings, config::Config cfg) : settings_(settings), cfg_(std::move(cfg))
	{
		if (const config::Setting *w = setting(*cfg_, "child_wait_time"); w && !w->args.empty())
			child_wait_ = seconds(std::strtoul(w->args[0].c_str(), nullptr, 10));
	}

	int run()
	{
		loop_.on_signal(SIGHUP, [this] { reload(); });
		loop_.on_signal(SIGTERM, [this] { stop(); });
		loop_.on_signal(SIGINT, [this] { stop(); });
		// The data dump is the checker process's; the VRRP process would
		// die of these signals.
		for (int sig : {SIGUSR1, SIGRTMAX - 1, SIGRTMIN + 2})
			loop_.on_signal(sig, [this, sig] { signal(kCheckers, sig); });
		// keepalived's stats file holds the VRRP instances' counters;
		// without VRRP, the checker process writes the IPVS counters there.
		loop_.on_signal(SIGUSR2, [this] { signal(children_[kVrrp].pid ? kVrrp : kCheckers, SIGUSR2); });
		bool any = false;
		for (Kind k : {kCheckers, kVrrp})
			if (wants(k, *cfg_)) {
				start(k, true);
				any = true;
			}
		if (!any) {
			sys::log(LOG_INFO, "Warning - keepalived has no configuration to run");
			sys::notify_systemd("READY=1");
		} else if (!wants(kCheckers, *cfg_)) {
			sys::notify_systemd("READY=1"); // no table to reconcile first
		}
		cfg_.reset(); // respawns read the file again: the config at hand may be old
		if (any)
			loop_.run();
		sys::log_detail(cpu_usage(Process::parent));
		sys::log(LOG_INFO, "Stopped Keepalived v2.2.7");
		return status_;
	}

private:
	struct Child {
		pid_t pid = 0;
		Clock::time_point started;
		seconds respawn_delay{0};
	};

	// -P runs no checker process, -C no VRRP process, whatever the config says.
	bool allowed(Kind k) const { return k == kCheckers ? !settings_.vrrp_only : !settings_.check_only; }

	bool wants(Kind k, const config::Config &cfg) const
	{
		if (k == kCheckers)
			return allowed(k) && (settings_.all || !cfg.virtual_servers.empty());
		return allowed(k) && (settings_.all || !cfg.vrrp.instances.empty());
	}

	[[noreturn]] void child_main(Kind k, bool first, pid_t parent)
	{
		// A parent killed outright takes its children down cleanly with it
		// (a VRRP master resigns) instead of leaving them unsupervised; one
		// already gone before the request took effect is checked by pid
		// (the parent may itself be pid 1, in a container).
		::prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (::getppid() != parent)
			::_exit(1);
		if (k == kCheckers)
			::_exit(run_checkers(settings_, std::move(*cfg_), first));
		int status;
		{
			sys::PidFile pid(settings_.vrrp_pid_file); // removed before _exit
			status = vrrp_child(settings_, std::move(*cfg_));
		}
		::_exit(status);
	}

	void start(Kind k, bool first)
	{
		std::fflush(nullptr);
		pid_t parent = ::getpid();
		pid_t pid = ::fork();
		if (pid < 0) {
			sys::log(LOG_ERR, fmt::format("cannot start the {} process: {}", kChildName[k],
						      std::strerror(errno)));
			status_ = 1;
			stop();
			return;
		}
		if (pid == 0)
			child_main(k, first, parent);
		children_[k].pid = pid;
		children_[k].started = Clock::now();
		sys::log(LOG_INFO, fmt::format("Starting {} child process, pid={}", kChildName[k], pid));
		loop_.on_exit(pid, [this, k](int status) { child_exited(k, status); });
	}

	// Starts a child again with the config as the file says now.
	void restart(Kind k)
	{
		if (stopping_ || children_[k].pid)
			return;
		cfg_ = load_config(settings_);
		if (cfg_ && wants(k, *cfg_))
			start(k, false);
		cfg_.reset();
	}

	bool running() const
	{
		return children_[kCheckers].pid || children_[kVrrp].pid;
	}

	void child_exited(Kind k, int status)
	{
		Child &c = children_[k];
		pid_t pid = std::exchange(c.pid, 0);
		if (stopping_) {
			if (!running()) {
				loop_.cancel(kill_timer_);
				loop_.stop();
			}
			return;
		}
		if (WIFSIGNALED(status) && !settings_.dont_respawn) {
			c.respawn_delay = Clock::now() - c.started >= kStableRun
						  ? seconds(0)
						  : std::clamp(c.respawn_delay * 2, seconds(1), kMaxRespawnDelay);
			sys::log(LOG_INFO, fmt::format("{} child process({}) died: Respawning{}", kChildName[k], pid,
						       c.respawn_delay.count()
							       ? fmt::format(" in {} s", c.respawn_delay.count())
							       : ""));
			loop_.after(c.respawn_delay, [this, k] { restart(k); });
			return;
		}
		if (WIFSIGNALED(status))
			sys::log(LOG_INFO, fmt::format("{} child process({}) died by signal {}: not respawning "
						       "(-R), stopping",
						       kChildName[k], pid, WTERMSIG(status)));
		else
			sys::log(LOG_INFO, fmt::format("{} child process({}) exited with status {}: stopping",
						       kChildName[k], pid, WEXITSTATUS(status)));
		status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		stop();
	}

	// Each child reads the file again itself and keeps its state (the VRRP
	// process its mastership); a child the old config did not need starts
	// if the new one does.
	void reload()
	{
		for (Kind k : {kCheckers, kVrrp}) {
			if (children_[k].pid)
				signal(k, SIGHUP);
			else if (allowed(k))
				restart(k);
		}
	}

	void signal(Kind k, int sig)
	{
		if (children_[k].pid)
			::kill(children_[k].pid, sig);
	}

	void stop()
	{
		if (stopping_)
			return;
		stopping_ = true;
		sys::notify_systemd("STOPPING=1");
		if (!running()) {
			loop_.stop();
			return;
		}
		for (Kind k : {kCheckers, kVrrp})
			signal(k, SIGTERM);
		kill_timer_ = loop_.after(child_wait_, [this] {
			for (Kind k : {kCheckers, kVrrp}) {
				if (!children_[k].pid)
					continue;
				sys::log(LOG_WARNING, fmt::format("{} child process({}) did not stop within {} s: killed",
								  kChildName[k], children_[k].pid, child_wait_.count()));
				signal(k, SIGKILL);
				if (k == kCheckers && !settings_.dont_release_ipvs)
					flush_table();
			}
		});
	}

	static void flush_table()
	{
		try {
			ipvs::Client client;
			client.execute(ipvs::op::Flush{});
			sys::log(LOG_INFO, "Flushed the IPVS table, so that no half-removed table stays");
		} catch (const std::exception &e) {
			sys::log(LOG_ERR, e.what());
		}
	}

	const Settings &settings_;
	std::optional<config::Config> cfg_; // while children are being started
	event::Loop loop_;
	Child children_[kKinds];
	seconds child_wait_ = kDefaultChildWait;
	bool stopping_ = false;
	event::Loop::TimerId kill_timer_ = 0;
	int status_ = 0;
};

// keepalived's xdaemon(): the parent returns to the shell, the daemon
// goes on in a new session with its standard files on /dev/null (stderr
// stays for -l).
void daemonize(bool console)
{
	pid_t pid = ::fork();
	if (pid < 0)
		throw Error(std::string("fork: ") + std::strerror(errno));
	if (pid > 0)
		::_exit(0);
	::setsid();
	if (::chdir("/") != 0)
		sys::log(LOG_WARNING, "cannot change to /");
	int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return;
	::dup2(null, STDIN_FILENO);
	::dup2(null, STDOUT_FILENO);
	if (!console)
		::dup2(null, STDERR_FILENO);
	::close(null);
}

} // namespace

int run_daemon(const Settings &settings)
{
	sys::LogOptions log = settings.log;
	log.ident = "Keepalived";
	sys::open_log(log);
	sys::log(LOG_INFO, fmt::format("Starting Keepalived v2.2.7 (lvsbox {})", LVSBOX_VERSION));
	if (std::optional<pid_t> pid = sys::running_pid(settings.pid_file)) {
		sys::log(LOG_INFO, "daemon is already running");
		return 0;
	}
	std::optional<config::Config> cfg = load_config(settings);
	if (!cfg)
		return kExitConfig;
	if (!settings.dont_fork)
		daemonize(settings.log.console);
	if (settings.umask >= 0)
		::umask(static_cast<mode_t>(settings.umask));
	std::signal(SIGPIPE, SIG_IGN);
	sys::PidFile pid(settings.pid_file);
	Parent parent(settings, std::move(*cfg));
	return parent.run();
}

} // namespace lvs::keepalived
