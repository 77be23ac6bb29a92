// DNS_CHECK: a query for `name` of `type` (recursion desired) over UDP;
// up when the answer with the query's id says NOERROR. An answer with
// another id, or a query, is ignored, as keepalived does.
#include "core/check/net.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace lvs::check {

namespace {

std::uint16_t type_code(config::DnsType t)
{
	static const std::uint16_t codes[] = {1, 2, 5, 6, 15, 16, 28, 46, 48};
	return codes[static_cast<int>(t)];
}

void put16(std::vector<std::uint8_t> &out, std::uint16_t v)
{
	out.push_back(std::uint8_t(v >> 8));
	out.push_back(std::uint8_t(v));
}

std::vector<std::uint8_t> query(std::uint16_t id, const config::DnsCheck &d)
{
	std::vector<std::uint8_t> q;
	put16(q, id);
	put16(q, 0x0100); // RD
	put16(q, 1);	  // QDCOUNT
	put16(q, 0);
	put16(q, 0);
	put16(q, 0);
	for (std::size_t start = 0; start < d.name.size();) {
		std::size_t end = d.name.find('.', start);
		if (end == std::string::npos)
			end = d.name.size();
		if (end > start) {
			q.push_back(std::uint8_t(end - start));
			q.insert(q.end(), d.name.begin() + long(start), d.name.begin() + long(end));
		}
		start = end + 1;
	}
	q.push_back(0); // the root
	put16(q, type_code(d.type));
	put16(q, 1); // IN
	return q;
}

class DnsAttempt : public Attempt {
public:
	DnsAttempt(Env &env, const Spec &s, Done done) : timer_(env.loop), done_(std::move(done))
	{
		static thread_local std::mt19937 random{std::random_device{}()};
		id_ = std::uint16_t(random());
		sys::Fd fd = open_to(s, SOCK_DGRAM, IPPROTO_UDP);
		auto q = query(id_, std::get<config::DnsCheck>(*s.detail));
		::send(fd.get(), q.data(), q.size(), 0); // a send error shows as a socket error
		watch_.emplace(env.loop, std::move(fd), EPOLLIN, [this](std::uint32_t) { readable(); });
		timer_.arm(std::chrono::microseconds(s.connect_timeout), [this, &detail = env.detail] {
			if (detail)
				detail("read timeout from socket"); // keepalived's words, under -D
			finish(false, "no answer");
		});
	}

private:
	void readable()
	{
		std::uint8_t buf[512];
		for (;;) {
			ssize_t n = ::recv(watch_->fd(), buf, sizeof buf, 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n < 0)
				return finish(false, std::string("recv: ") + std::strerror(errno));
			if (n < 12 || (buf[0] << 8 | buf[1]) != id_ || !(buf[2] & 0x80))
				continue;
			int rcode = buf[3] & 0x0f;
			return finish(rcode == 0, "rcode " + std::to_string(rcode));
		}
	}
	void finish(bool ok, std::string why)
	{
		timer_.cancel();
		watch_.reset();
		done_(Result{ok, std::nullopt, ok ? std::string() : std::move(why)});
	}

	std::optional<event::Watched> watch_;
	event::Timer timer_;
	Done done_;
	std::uint16_t id_ = 0;
};

} // namespace

AttemptPtr start_dns(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<DnsAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
