// TCP_CHECK: up when a connection opens. The connection is closed at once
// with a FIN, not the RST keepalived sends, so backends log an orderly
// close rather than resets (R-HC-TCP).
#include "core/check/net.hpp"

namespace lvs::check {

namespace {

class TcpAttempt : public Attempt {
public:
	TcpAttempt(Env &env, const Spec &s, Done done)
		: connector_(env.loop, s, [done](sys::Fd) { done(Result{true, std::nullopt, {}}); }, done)
	{
	}

private:
	Connector connector_;
};

} // namespace

AttemptPtr start_tcp(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<TcpAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
