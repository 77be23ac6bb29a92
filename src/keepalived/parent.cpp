#include "keepalived/parent.hpp"

#include "core/event/loop.hpp"
#include "core/ipvs/client.hpp"
#include "core/sys/log.hpp"
#include "core/sys/notify.hpp"
#include "core/sys/pidfile.hpp"
#include "keepalived/checker.hpp"
#include "keepalived/load.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/ip_vs.h>
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
		for (int sig : {SIGUSR1, SIGUSR2, SIGRTMAX - 1, SIGRTMIN + 2})
			loop_.on_signal(sig, [this, sig] { forward(sig); });
		if (!settings_.check_only && !cfg_->vrrp.instances.empty())
			sys::log(LOG_WARNING, "VRRP instances are configured, but this version does not run VRRP");
		if (wants_checkers(*cfg_)) {
			start_checkers(true);
		} else {
			sys::log(LOG_INFO, "Warning - keepalived has no configuration to run");
			sys::notify_systemd("READY=1");
		}
		loop_.run();
		sys::log(LOG_INFO, "Stopped Keepalived v2.2.7");
		return status_;
	}

private:
	bool wants_checkers(const config::Config &cfg) const
	{
		return !settings_.vrrp_only && (settings_.all || !cfg.virtual_servers.empty());
	}

	void start_checkers(bool first)
	{
		std::fflush(nullptr);
		pid_t pid = ::fork();
		if (pid < 0) {
			sys::log(LOG_ERR, fmt::format("cannot start the checker process: {}", std::strerror(errno)));
			status_ = 1;
			loop_.stop();
			return;
		}
		if (pid == 0)
			::_exit(run_checkers(settings_, std::move(cfg_), first));
		// Respawns read the file again: the config at hand may be old.
		cfg_.reset();
		child_ = pid;
		started_ = Clock::now();
		sys::log(LOG_INFO, fmt::format("Starting Healthcheck child process, pid={}", pid));
		loop_.on_exit(pid, [this](int status) { child_exited(status); });
	}

	void child_exited(int status)
	{
		pid_t pid = std::exchange(child_, 0);
		if (stopping_) {
			loop_.cancel(kill_timer_);
			loop_.stop();
			return;
		}
		if (WIFSIGNALED(status) && !settings_.dont_respawn) {
			respawn_delay_ = Clock::now() - started_ >= kStableRun
						 ? seconds(0)
						 : std::clamp(respawn_delay_ * 2, seconds(1), kMaxRespawnDelay);
			sys::log(LOG_INFO, fmt::format("Healthcheck child process({}) died: Respawning{}", pid,
						       respawn_delay_.count() ? fmt::format(" in {} s",
											    respawn_delay_.count())
									      : ""));
			loop_.after(respawn_delay_, [this] {
				if (!stopping_ && !child_)
					start_checkers(false);
			});
			return;
		}
		if (WIFSIGNALED(status))
			sys::log(LOG_INFO, fmt::format("Healthcheck child process({}) died by signal {}: not respawning "
						       "(-R), stopping",
						       pid, WTERMSIG(status)));
		else
			sys::log(LOG_INFO, fmt::format("Healthcheck child process({}) exited with status {}: stopping", pid,
						       WEXITSTATUS(status)));
		status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
		loop_.stop();
	}

	void reload()
	{
		if (child_) {
			::kill(child_, SIGHUP);
			return;
		}
		std::optional<config::Config> cfg = load_config(settings_);
		if (cfg && wants_checkers(*cfg)) {
			cfg_ = std::move(cfg);
			start_checkers(false);
		}
	}

	void forward(int sig)
	{
		if (child_)
			::kill(child_, sig);
	}

	void stop()
	{
		if (stopping_)
			return;
		stopping_ = true;
		sys::notify_systemd("STOPPING=1");
		if (!child_) {
			loop_.stop();
			return;
		}
		::kill(child_, SIGTERM);
		kill_timer_ = loop_.after(child_wait_, [this] {
			sys::log(LOG_WARNING, fmt::format("Healthcheck child process({}) did not stop within {} s: killed",
							  child_, child_wait_.count()));
			::kill(child_, SIGKILL);
			if (!settings_.dont_release_ipvs)
				flush_table();
		});
	}

	static void flush_table()
	{
		try {
			ipvs::Client client;
			ipvs::Op flush;
			flush.cmd = IPVS_CMD_FLUSH;
			client.execute(flush);
			sys::log(LOG_INFO, "Flushed the IPVS table, so that no half-removed table stays");
		} catch (const std::exception &e) {
			sys::log(LOG_ERR, e.what());
		}
	}

	const Settings &settings_;
	std::optional<config::Config> cfg_; // until the first child has it
	event::Loop loop_;
	pid_t child_ = 0;
	Clock::time_point started_;
	seconds respawn_delay_{0};
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
