// MISC_CHECK: a script's exit status. 0 is up; with misc_dynamic, 2..255
// is up with weight status - 2 (0..253, keepalived's rule, so a weight
// can never grow past it) and 1 is down; without it, anything but 0 is
// down. A script still running at misc_timeout (or delay_loop) is killed
// with its whole process group, and that is a failure.
#include "core/check/probe.hpp"
#include "core/script/runner.hpp"

#include <sys/wait.h>

namespace lvs::check {

namespace {

Result verdict(const script::Exit &e, bool dynamic)
{
	if (e.timed_out)
		return {false, std::nullopt, "timed out"};
	if (!WIFEXITED(e.wait_status))
		return {false, std::nullopt, "killed by signal " + std::to_string(WTERMSIG(e.wait_status))};
	int status = WEXITSTATUS(e.wait_status);
	if (status == 0)
		return {true, std::nullopt, {}};
	if (dynamic && status >= 2)
		return {true, std::uint32_t(status - 2), {}};
	return {false, std::nullopt, "exited with status " + std::to_string(status)};
}

class MiscAttempt : public Attempt {
public:
	MiscAttempt(Env &env, const Spec &s, Done done) : scripts_(env.scripts)
	{
		const auto &m = std::get<config::MiscCheck>(*s.detail);
		config::Micros timeout = m.timeout ? m.timeout : s.delay_loop;
		job_ = scripts_.run(m.script.command, s.script_user, std::chrono::microseconds(timeout),
				    [done = std::move(done), dynamic = m.dynamic](const script::Exit &e) {
					    done(verdict(e, dynamic));
				    });
	}
	~MiscAttempt() override { scripts_.cancel(job_); }

private:
	script::Runner &scripts_;
	script::Runner::JobId job_ = 0;
};

} // namespace

AttemptPtr start_misc(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<MiscAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
