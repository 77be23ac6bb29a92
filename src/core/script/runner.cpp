#include "core/script/runner.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

extern char **environ;

namespace lvs::script {

namespace {

// A user the database does not know runs as nobody: never as root by
// accident when the config named someone else.
constexpr uid_t kNobody = 65534;

RunAs user(const std::string &name, const std::string &group_name)
{
	RunAs r{kNobody, kNobody};
	if (const passwd *pw = getpwnam(name.c_str()))
		r = {pw->pw_uid, pw->pw_gid};
	if (!group_name.empty()) {
		const struct group *gr = getgrnam(group_name.c_str());
		r.gid = gr ? gr->gr_gid : kNobody;
	}
	return r;
}

// The child of vfork(): it shares the parent's memory until execve, so
// only system calls, and the identity ones raw: glibc's setuid() and
// friends would signal the parent's threads to change theirs too.
[[noreturn]] void child(const char *const argv[], RunAs who)
{
	sigset_t all;
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, nullptr); // the loop blocks what it reads through signalfd
	setpgid(0, 0);
	if (who.gid != getgid() || who.uid != getuid()) {
		if (syscall(SYS_setgroups, 1, &who.gid) < 0 || syscall(SYS_setgid, who.gid) < 0 ||
		    syscall(SYS_setuid, who.uid) < 0)
			_exit(126);
	}
	close_range(3, ~0U, 0);
	execve("/bin/sh", const_cast<char *const *>(argv), environ);
	_exit(127);
}

} // namespace

RunAs run_as(const config::Script &s, const config::GlobalDefs &g)
{
	if (!s.user.empty())
		return user(s.user, s.group);
	if (!g.script_user.empty())
		return user(g.script_user, g.script_group);
	if (const passwd *pw = getpwnam("keepalived_script"))
		return {pw->pw_uid, pw->pw_gid};
	return {0, 0};
}

Runner::Runner(event::Loop &loop, std::size_t max_running)
	: loop_(loop), max_running_(max_running ? max_running : 1)
{
}

Runner::~Runner()
{
	for (auto &[id, r] : running_) {
		::kill(-r.pid, SIGKILL);
		loop_.cancel(r.timer);
	}
	*alive_ = false;
}

Runner::JobId Runner::run(const std::string &command, RunAs who, event::Clock::duration timeout,
			    Done done)
{
	JobId id = next_id_++;
	Job job{id, command, who, timeout, std::move(done)};
	if (running_.size() < max_running_)
		start(std::move(job));
	else
		queue_.push_back(std::move(job));
	return id;
}

void Runner::start(Job job)
{
	const char *argv[] = {"sh", "-c", job.command.c_str(), nullptr};
	// vfork: fork() would copy the page tables of a daemon that may hold
	// hundreds of thousands of real servers, for every script; a storm of
	// quorum_up scripts (35,000 in the guide) then starves the checks.
	pid_t pid = ::vfork();
	if (pid < 0) {
		// No process for it now: a failure the caller sees (exit 126, as
		// for a script that cannot run), never a hang.
		loop_.after(event::Clock::duration(0), [alive = alive_, done = std::move(job.done)] {
			if (*alive && done)
				done(Exit{W_EXITCODE(126, 0), false});
		});
		return;
	}
	if (pid == 0)
		child(argv, job.who);
	// vfork returns once the child has exec'd or exited: its process
	// group, which kill(-pid) takes down, is already its own.
	JobId id = job.id;
	loop_.on_exit(pid, [this, alive = alive_, id](int status) {
		if (*alive)
			exited(id, status);
	});
	Running r{pid, 0, false, std::move(job.done)};
	if (job.timeout > event::Clock::duration::zero())
		r.timer = loop_.after(job.timeout, [this, id] {
			auto it = running_.find(id);
			if (it == running_.end())
				return;
			it->second.timer = 0;
			it->second.timed_out = true;
			::kill(-it->second.pid, SIGKILL);
		});
	running_.emplace(id, std::move(r));
}

void Runner::exited(JobId id, int wait_status)
{
	auto it = running_.find(id);
	if (it == running_.end())
		return;
	Running r = std::move(it->second);
	running_.erase(it);
	loop_.cancel(r.timer);
	start_queued();
	if (r.done)
		r.done(Exit{wait_status, r.timed_out});
}

void Runner::start_queued()
{
	while (!queue_.empty() && running_.size() < max_running_) {
		Job job = std::move(queue_.front());
		queue_.pop_front();
		start(std::move(job));
	}
}

void Runner::cancel(JobId id)
{
	auto it = running_.find(id);
	if (it != running_.end()) {
		// The slot stays taken until the group is reaped: the bound holds.
		::kill(-it->second.pid, SIGKILL);
		loop_.cancel(std::exchange(it->second.timer, 0));
		it->second.done = nullptr;
		return;
	}
	std::erase_if(queue_, [id](const Job &j) { return j.id == id; });
}

} // namespace lvs::script
