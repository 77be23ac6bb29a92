#include "core/check/check.hpp"

#include "core/check/net.hpp"
#include "core/config/emit.hpp"
#include "core/config/values.hpp"
#include "core/error.hpp"

#include <random>

namespace lvs::check {

namespace {

// "SMTP_CHECK to [10.0.2.2]:25", "FILE_CHECK of /run/weight", for the log.
std::string describe(const Spec &s)
{
	std::string what = config::checker_keyword(s.type);
	if (s.type == config::CheckerType::file)
		return what + " of " + s.file;
	if (s.type == config::CheckerType::misc)
		return what + " " + std::get<config::MiscCheck>(*s.detail).script.command;
	return what + " to [" + config::addr_str(s.addr) + "]:" + std::to_string(s.port);
}

} // namespace

AttemptPtr start_attempt(Env &env, const Spec &spec, Done done)
{
	using config::CheckerType;
	// Each start gets a copy: one that throws while it sets up (connect()
	// to an unreachable network fails at once) has taken its copy with it,
	// and this one still has to be called.
	try {
		switch (spec.type) {
		case CheckerType::tcp:
			return start_tcp(env, spec, done);
		case CheckerType::http:
		case CheckerType::ssl:
			return start_http(env, spec, done);
		case CheckerType::udp:
			return start_udp(env, spec, done);
		case CheckerType::misc:
			return start_misc(env, spec, done);
		case CheckerType::dns:
			return start_dns(env, spec, done);
		case CheckerType::ping:
			return start_ping(env, spec, done);
		case CheckerType::smtp:
			return start_smtp(env, spec, done);
		default:
			break;
		}
	} catch (const Error &e) {
		return fail_soon(env.loop, e.what(), std::move(done));
	}
	return fail_soon(env.loop, "checker type not run", std::move(done));
}

Check::Check(Env &env, Spec spec) : env_(env), spec_(std::move(spec)), up_(!spec_.alpha), timer_(env.loop)
{
	using config::CheckerType;
	if (spec_.type == CheckerType::http || spec_.type == CheckerType::ssl)
		compile_regexes(env_, spec_);
	if (spec_.type != CheckerType::file)
		return;
	// Known at once, as keepalived reads its track files before it
	// programs the table: no alpha, no first attempt to wait for.
	has_run_ = true;
	Result now{true, std::nullopt, {}};
	try {
		attempt_ = start_file(env_, spec_, [this](Result r) { settle(std::move(r)); }, now);
	} catch (const Error &e) {
		// keepalived drops a track file it cannot watch, and the check
		// then passes.
		if (env_.log)
			env_.log(describe(spec_) + ": " + e.what() + " - not checked");
	}
	up_ = true; // so that settle() logs why if the file says down
	settle(std::move(now));
}

void Check::start(Changed changed)
{
	changed_ = std::move(changed);
	if (spec_.type == config::CheckerType::file)
		return; // its watch runs since the check was made
	static thread_local std::mt19937_64 random{std::random_device{}()};
	config::Micros first = spec_.warmup ? std::uniform_int_distribution<config::Micros>(0, spec_.warmup)(random) : 0;
	again(first);
}

void Check::again(config::Micros after)
{
	timer_.arm(std::chrono::microseconds(after), [this] { attempt(); });
}

void Check::attempt()
{
	attempt_ = start_attempt(env_, spec_, [this](Result r) { finish(std::move(r)); });
}

void Check::finish(Result r)
{
	// The finished attempt stays until the next one replaces it: this runs
	// inside its callbacks, which must not be destroyed while they run.
	bool was_up = up_;
	auto was_weight = weight_;
	if (r.ok) {
		retry_it_ = 0;
		up_ = true;
		weight_ = r.weight;
		again(spec_.delay_loop);
	} else if ((up_ || !has_run_ || spec_.type == config::CheckerType::smtp) && retry_it_ < spec_.retry) {
		retry_it_++;
		again(spec_.delay_before_retry);
		return;
	} else {
		retry_it_ = 0;
		if ((up_ || !has_run_) && env_.log)
			env_.log(describe(spec_) + " failed: " + r.reason);
		up_ = false;
		again(spec_.delay_loop);
	}
	has_run_ = true;
	if (changed_ && (up_ != was_up || (up_ && weight_ != was_weight)))
		changed_();
}

void Check::settle(Result r)
{
	bool was_up = up_;
	std::int64_t was_add = weight_add_;
	up_ = r.ok;
	weight_add_ = r.ok ? r.weight_add : 0;
	if (was_up && !up_ && env_.log)
		env_.log(describe(spec_) + " failed: " + r.reason);
	if (changed_ && (up_ != was_up || weight_add_ != was_add))
		changed_();
}

} // namespace lvs::check
