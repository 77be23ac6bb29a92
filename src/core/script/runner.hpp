// Runs scripts (MISC_CHECK, notify_up/notify_down, the daemon's quorum
// scripts) without ever blocking the loop: fork+exec as the script's user,
// each in a process group of its own so a timeout kills everything it
// started, and at most `max_running` at once (the rest wait in order), so
// a flood of slow scripts cannot take the machine's process table.
#pragma once

#include "core/config/model.hpp"
#include "core/event/loop.hpp"

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace lvs::script {

struct RunAs {
	uid_t uid = 0;
	gid_t gid = 0;
};

// keepalived's choice of user: the script's own user (and group), else
// global script_user, else the keepalived_script account, else root.
// Reads the user database: call it when a config is taken, not per run.
RunAs run_as(const config::Script &s, const config::GlobalDefs &g);

struct Exit {
	int wait_status = 0;    // as waitpid() gives it
	bool timed_out = false; // killed (the whole group) at its timeout
};

class Runner {
public:
	using JobId = std::uint64_t; // 0 is never a job
	using Done = std::function<void(const Exit &)>;

	explicit Runner(event::Loop &loop, std::size_t max_running = 64);
	Runner(const Runner &) = delete;
	Runner &operator=(const Runner &) = delete;
	// Kills the process groups still running.
	~Runner();

	// Runs `command` with /bin/sh -c (the EulerOS guide's quorum_up lines
	// end in ';', which only a shell accepts). A zero timeout: none.
	JobId run(const std::string &command, RunAs who, event::Clock::duration timeout, Done done);
	// Forgets a job: a queued one never starts, a running one's group is
	// killed. done is not called. Unknown ids are ignored.
	void cancel(JobId id);

	std::size_t running() const { return running_.size(); }
	std::size_t queued() const { return queue_.size(); }

private:
	struct Job {
		JobId id;
		std::string command;
		RunAs who;
		event::Clock::duration timeout;
		Done done;
	};
	struct Running {
		pid_t pid;
		event::Loop::TimerId timer = 0;
		bool timed_out = false;
		Done done;
	};

	void start(Job job);
	void exited(JobId id, int wait_status);
	void start_queued();

	event::Loop &loop_;
	std::size_t max_running_;
	JobId next_id_ = 1;
	std::deque<Job> queue_;
	std::unordered_map<JobId, Running> running_;
	// Exit handlers stay with the loop after this runner is gone.
	std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace lvs::script
