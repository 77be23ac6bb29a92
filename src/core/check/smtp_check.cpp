// SMTP_CHECK: keepalived 2.2.7's dialogue. Connect; read a line, which
// must be a 220 greeting; send "HELO name" (helo_name, else
// smtpchecker.keepalived.org); read a line, which must be 250; send QUIT;
// read a line, whatever it says; up. A line is what was read up to the
// first newline; the reply code is its first three characters, followed
// by a space or nothing, so a multi-line reply ("250-...") is a failure,
// as in keepalived, and whatever came after the newline is dropped. Each
// read and write must finish within connect_timeout. A legacy host { }
// block is an SMTP_CHECK of its own (the config parser makes it so): a
// real server is down when any of them fails.
#include "core/check/net.hpp"
#include "core/config/values.hpp"

#include <sys/epoll.h>

#include <cerrno>
#include <cstring>

namespace lvs::check {

namespace {

constexpr const char *kDefaultHelo = "smtpchecker.keepalived.org";
// keepalived's line buffer: a line that does not fit is dropped whole.
constexpr std::size_t kLineMax = 512;

class SmtpAttempt : public Attempt {
public:
	SmtpAttempt(Env &env, const Spec &s, Done done)
		: env_(env), spec_(s), done_(std::move(done)), timer_(env.loop)
	{
		const std::string &helo = std::get<config::SmtpCheck>(*s.detail).helo_name;
		helo_ = "HELO " + (helo.empty() ? std::string(kDefaultHelo) : helo) + "\r\n";
		std::string a = "[" + config::addr_str(s.addr) + "]:" + std::to_string(s.port);
		where_ = " server " + a;
		connector_.emplace(
			env_.loop, spec_, [this](sys::Fd fd) { connected(std::move(fd)); },
			[this, a](Result r) {
				done_(Result{false, std::nullopt, "Error connecting to server " + a + ": " + r.reason});
			});
	}

private:
	enum class Step : std::uint8_t { greeting, helo, quit };

	void connected(sys::Fd fd)
	{
		stream_.emplace(env_.loop, std::move(fd), EPOLLIN, [this](std::uint32_t) { ready(); });
		expect(Step::greeting);
	}

	// Waits for the next line.
	void expect(Step step)
	{
		step_ = step;
		line_.clear();
		out_.clear();
		stream_->modify(EPOLLIN);
		timer_.arm(std::chrono::microseconds(spec_.connect_timeout),
			   [this] { fail("Read timeout from" + where_); });
	}

	void send(std::string line, Step next)
	{
		out_ = std::move(line);
		step_ = next;
		stream_->modify(EPOLLOUT);
		timer_.arm(std::chrono::microseconds(spec_.connect_timeout),
			   [this] { fail("Write timeout to" + where_); });
	}

	void ready()
	{
		if (!out_.empty())
			return write();
		char buf[kLineMax];
		ssize_t n = ::recv(stream_->fd(), buf, kLineMax - 1 - line_.size(), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			return fail("Read failure from" + where_);
		line_.append(buf, std::size_t(n));
		std::size_t nl = line_.find('\n');
		if (nl == std::string::npos) {
			if (line_.size() >= kLineMax - 1)
				line_.clear(); // no newline in a whole buffer: start again, as keepalived
			return;
		}
		line_.resize(nl);
		answer();
	}

	void write()
	{
		ssize_t n = ::send(stream_->fd(), out_.data(), out_.size(), MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			return fail("Write failure to" + where_);
		out_.erase(0, std::size_t(n));
		if (out_.empty())
			expect(step_);
	}

	// The line read for this step.
	void answer()
	{
		switch (step_) {
		case Step::greeting:
			if (!code(line_, "220"))
				return fail("Bad greeting banner from" + where_);
			return send(helo_, Step::helo);
		case Step::helo:
			if (!code(line_, "250"))
				return fail("Bad HELO response from" + where_);
			return send("QUIT\r\n", Step::quit);
		case Step::quit:
			return finish(Result{true, std::nullopt, {}});
		}
	}

	// keepalived's reply-code test: three digits and then a space or the
	// end of the line ("220\r" is not).
	static bool code(const std::string &line, const char *want)
	{
		return line.compare(0, 3, want) == 0 && (line.size() == 3 || line[3] == ' ');
	}

	// The connection closes before the verdict goes out.
	void finish(Result r)
	{
		timer_.cancel();
		stream_.reset();
		done_(std::move(r));
	}

	void fail(std::string why) { finish(Result{false, std::nullopt, std::move(why)}); }

	Env &env_;
	const Spec &spec_; // the Spec outlives its attempts
	Done done_;
	event::Timer timer_;
	std::optional<Connector> connector_;
	std::optional<event::Watched> stream_;
	std::string helo_, where_;
	Step step_ = Step::greeting;
	std::string line_, out_;
};

} // namespace

AttemptPtr start_smtp(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<SmtpAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
