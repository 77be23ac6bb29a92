// UDP_CHECK as the EulerOS guide defines it (R-HC-UDP), with keepalived's
// reply keywords: a datagram with the payload goes to the real server; an
// ICMP error for it (port unreachable) means down; a reply, when one
// comes, must match require_reply's data and the length limits; no answer
// within connect_timeout is up unless require_reply. Beside it, unless
// ping_check_off, an ICMP echo must be answered: a host that is gone
// sends no port-unreachable either. Both must pass.
#include "core/check/net.hpp"
#include "core/check/pinger.hpp"

#include <netinet/in.h>
#include <sys/epoll.h>

#include <cerrno>
#include <cstring>

namespace lvs::check {

namespace {

// keepalived sends a buffer of its own when no payload is configured.
const std::vector<std::uint8_t> kDefaultPayload(32, 'k');

bool reply_matches(const std::uint8_t *data, std::size_t len, const config::UdpCheck &u)
{
	if (len < u.min_reply_length || len > u.max_reply_length)
		return false;
	std::size_t n = std::min(len, u.reply_data.size());
	for (std::size_t i = 0; i < n; i++) {
		std::uint8_t ignore = i < u.reply_mask.size() ? u.reply_mask[i] : 0;
		if ((data[i] ^ u.reply_data[i]) & ~ignore)
			return false;
	}
	return true;
}

class UdpAttempt : public Attempt {
public:
	UdpAttempt(Env &env, const Spec &s, Done done)
		: pinger_(env.pinger), timer_(env.loop), udp_(std::get<config::UdpCheck>(*s.detail)),
		  done_(std::move(done))
	{
		sys::Fd fd = open_to(s, SOCK_DGRAM, IPPROTO_UDP);
		int on = 1;
		if (s.addr.af == AF_INET6)
			setsockopt(fd.get(), SOL_IPV6, IPV6_RECVERR, &on, sizeof on);
		else
			setsockopt(fd.get(), SOL_IP, IP_RECVERR, &on, sizeof on);
		const auto &payload = udp_.payload.empty() ? kDefaultPayload : udp_.payload;
		::send(fd.get(), payload.data(), payload.size(), 0); // a send error shows as a socket error
		watch_.emplace(env.loop, std::move(fd), EPOLLIN, [this](std::uint32_t) { readable(); });
		timer_.arm(std::chrono::microseconds(s.connect_timeout), [this] {
			watch_.reset();
			udp_done_ = true;
			if (udp_.require_reply)
				fail("no reply");
			else
				settle();
		});
		if (!udp_.ping_check_off)
			ping_ = pinger_.ping(s.addr, std::chrono::microseconds(s.connect_timeout), [this](bool replied) {
				ping_ = 0;
				if (!replied)
					fail("no echo reply");
				else
					settle();
			});
	}
	~UdpAttempt() override { pinger_.cancel(ping_); }

private:
	void readable()
	{
		std::vector<std::uint8_t> buf(std::size_t(udp_.max_reply_length) + 1);
		ssize_t n = ::recv(watch_->fd(), buf.data(), buf.size(), 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		timer_.cancel();
		watch_.reset();
		udp_done_ = true;
		if (n < 0)
			fail(std::string("ICMP: ") + std::strerror(errno));
		else if (udp_.require_reply && !reply_matches(buf.data(), std::size_t(n), udp_))
			fail("reply does not match");
		else
			settle();
	}
	// Up once the datagram's part and the echo's part have both passed.
	void settle()
	{
		if (udp_done_ && !ping_)
			done_(Result{true, std::nullopt, {}});
	}
	void fail(std::string why)
	{
		timer_.cancel();
		watch_.reset();
		pinger_.cancel(std::exchange(ping_, 0));
		done_(Result{false, std::nullopt, std::move(why)});
	}

	Pinger &pinger_;
	std::optional<event::Watched> watch_;
	event::Timer timer_;
	const config::UdpCheck &udp_; // the Spec outlives its attempts
	Done done_;
	Pinger::Id ping_ = 0;
	bool udp_done_ = false;
};

} // namespace

AttemptPtr start_udp(Env &env, const Spec &spec, Done done)
{
	return std::make_unique<UdpAttempt>(env, spec, std::move(done));
}

} // namespace lvs::check
