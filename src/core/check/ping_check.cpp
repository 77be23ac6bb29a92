// PING_CHECK: up when an ICMP echo request is answered within
// connect_timeout.
#include "core/check/pinger.hpp"
#include "core/check/probe.hpp"

namespace lvs::check {

namespace {

class PingAttempt : public Attempt {
public:
	PingAttempt(Env &env, const Spec &s, Done done) : pinger_(env.pinger)
	{
		id_ = pinger_.ping(s.addr, std::chrono::microseconds(s.connect_timeout), [done = std::move(done)](bool replied) {
			done(Result{replied, std::nullopt, replied ? "" : "no echo reply"});
		});
	}
	~PingAttempt() override { pinger_.cancel(id_); }

private:
	Pinger &pinger_;
	Pinger::Id id_ = 0;
};

} // namespace

AttemptPtr start_ping(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<PingAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
