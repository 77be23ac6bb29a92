// UDP_CHECK (R-HC-UDP), PING_CHECK and DNS_CHECK against UDP responders in
// the loop, closed UDP ports (the kernel answers ICMP port unreachable)
// and the loopback's ICMP echo.
#include "check_helpers.hpp"

#include <cerrno>
#include <functional>
#include <optional>

using namespace checktest;

namespace {

// Answers each datagram with what `answer` says (nothing: stays silent).
class UdpResponder {
public:
	using Answer = std::function<std::optional<std::string>(const std::string &)>;

	UdpResponder(Loop &loop, Answer answer) : answer_(std::move(answer))
	{
		lvs::sys::Fd fd = bound(SOCK_DGRAM);
		port = port_of(fd.get());
		watch_.emplace(loop, std::move(fd), EPOLLIN, [this](std::uint32_t) {
			char buf[2048];
			sockaddr_storage from;
			socklen_t len = sizeof from;
			ssize_t n = ::recvfrom(watch_->fd(), buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
			if (n < 0)
				return;
			got.emplace_back(buf, std::size_t(n));
			if (auto a = answer_(got.back()))
				::sendto(watch_->fd(), a->data(), a->size(), 0, reinterpret_cast<sockaddr *>(&from), len);
		});
	}

	uint16_t port = 0;
	std::vector<std::string> got;

private:
	Answer answer_;
	std::optional<lvs::event::Watched> watch_;
};

std::string udp_rs(uint16_t port, const std::string &check, const std::string &addr = "127.0.0.1", bool alpha = true)
{
	return " real_server " + addr + " " + std::to_string(port) + " {\n" + (alpha ? "  alpha\n" : "") +
	       "  UDP_CHECK {\n   connect_ip 127.0.0.1\n   retry 0\n   warmup 0\n" + check + "\n  }\n }\n";
}

const auto echo = [](const std::string &in) { return std::optional<std::string>(in); };
const auto silent = [](const std::string &) { return std::optional<std::string>(); };

} // namespace

TEST_CASE("UDP_CHECK: a reply that matches require_reply is up; the payload is what was sent")
{
	Loop loop;
	UdpResponder server(loop, echo);
	// "hello"; the reply may differ in its last octet's low nibble
	auto cfg = load(service(udp_rs(server.port, "connect_timeout 1\n ping_check_off\n payload 68656c6c6f\n require_reply 68656c6c6x"), "", 53, "UDP"));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg)); }));
	CHECK(server.got.front() == "hello");
}

TEST_CASE("UDP_CHECK: a reply that does not match require_reply is down")
{
	Loop loop;
	UdpResponder server(loop, [](const std::string &) { return std::optional<std::string>("nope"); });
	auto cfg = load(service(udp_rs(server.port, "connect_timeout 1\n ping_check_off\n payload 68656c6c6f\n require_reply 68656c6c6f",
				       "127.0.0.1", false),
				"", 53, "UDP"));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return !server.got.empty() && is_down(engine, key(cfg)); }));
}

TEST_CASE("UDP_CHECK: ICMP port unreachable from a closed port is down at once")
{
	Loop loop;
	uint16_t closed = closed_port(SOCK_DGRAM);
	// Without alpha it starts up, and without require_reply only an ICMP
	// error can take it down before the 5 s timeout.
	auto cfg = load(service(udp_rs(closed, "connect_timeout 5\n ping_check_off", "127.0.0.1", false), "", 53, "UDP"));
	Engine engine(loop);
	auto start = Clock::now();
	engine.sync(cfg);
	CHECK(is_up(engine, key(cfg)));
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	CHECK(Clock::now() - start < 1s);
}

TEST_CASE("UDP_CHECK: silence is up unless require_reply")
{
	Loop loop;
	UdpResponder quiet(loop, silent);
	auto cfg = load(service(udp_rs(quiet.port, "connect_timeout 0.2\n ping_check_off") +
				udp_rs(quiet.port, "connect_timeout 0.2\n ping_check_off\n require_reply", "127.0.0.2", false),
				"", 53, "UDP"));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0, 0)) && is_down(engine, key(cfg, 0, 1)); }));
}

// ICMP echo needs a raw socket: these run as root (ctest's host.root).
TEST_CASE("UDP_CHECK: the ICMP echo beside the datagram, unless ping_check_off" * doctest::test_suite("root"))
{
	Loop loop;
	UdpResponder server(loop, echo);
	// The second sends to an address nobody has: no reply and no ICMP
	// error either, which alone would pass; the missing echo reply fails it.
	// The third is the same with ping_check_off, and alpha: it starts down
	// and comes up on silence alone.
	auto gone = " real_server 203.0.113.1 53 {\n  UDP_CHECK {\n   connect_timeout 0.3\n   retry 0\n   warmup 0\n  }\n }\n";
	auto quiet = " real_server 203.0.113.2 53 {\n  alpha\n  UDP_CHECK {\n   connect_timeout 0.3\n   retry 0\n   warmup 0\n"
		     "   ping_check_off\n  }\n }\n";
	auto cfg = load(service(udp_rs(server.port, "connect_timeout 1\n require_reply") + gone + quiet, "", 53, "UDP"));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(is_up(engine, key(cfg, 0, 1)));
	CHECK(is_down(engine, key(cfg, 0, 2)));
	REQUIRE(spin(loop, [&] {
		return is_up(engine, key(cfg, 0, 0)) && is_down(engine, key(cfg, 0, 1)) && is_up(engine, key(cfg, 0, 2));
	}));
}

TEST_CASE("PING_CHECK: the loopback answers; an address nobody has does not" * doctest::test_suite("root"))
{
	Loop loop;
	auto rs = [](const char *addr, bool alpha) {
		return std::string(" real_server ") + addr + " 80 {\n" + (alpha ? "  alpha\n" : "") + "  PING_CHECK {\n   connect_timeout 0.3\n   retry 0\n   warmup 0\n  }\n }\n";
	};
	// 203.0.113.1 is TEST-NET-3: nothing answers it (192.0.2.1 is this
	// test machine's gateway). Without alpha it starts up.
	auto cfg = load(service(rs("127.0.0.1", true) + rs("203.0.113.1", false)));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0, 0)) && is_down(engine, key(cfg, 0, 1)); }));
}

namespace {

// A DNS responder: the query's id and question back, QR set, `rcode`.
UdpResponder::Answer dns_answer(int rcode)
{
	return [rcode](const std::string &q) -> std::optional<std::string> {
		if (q.size() < 12)
			return std::nullopt;
		std::string a = q;
		a[2] = char(0x80 | (q[2] & 0x01)); // QR, RD copied
		a[3] = char(rcode);
		return a;
	};
}

// With alpha it starts down and comes up when its check passes; without,
// it starts up, and going down is what a failed check shows.
std::string dns_rs(uint16_t port, const std::string &addr, bool alpha = true)
{
	return " real_server " + addr + " " + std::to_string(port) + " {\n" + (alpha ? "  alpha\n" : "") +
	       "  DNS_CHECK {\n   connect_ip 127.0.0.1\n   connect_timeout 1\n   retry 0\n   warmup 0\n   type A\n   name example.com\n  }\n }\n";
}

} // namespace

TEST_CASE("DNS_CHECK: NOERROR is up, any other rcode is down; the question is the configured one")
{
	Loop loop;
	UdpResponder good(loop, dns_answer(0));
	UdpResponder bad(loop, dns_answer(3)); // NXDOMAIN
	auto cfg = load(service(dns_rs(good.port, "127.0.0.1") + dns_rs(bad.port, "127.0.0.2", false), "", 53, "UDP"));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0, 0)) && !bad.got.empty() && is_down(engine, key(cfg, 0, 1)); }));
	// header, then 7example3com0, type A (1), class IN (1)
	const std::string question("\x07" "example" "\x03" "com" "\x00" "\x00\x01" "\x00\x01", 17);
	CHECK(good.got.front().substr(12) == question);
	CHECK((good.got.front()[2] & 0x01) == 1); // recursion desired
}

TEST_CASE("DNS_CHECK: no answer is down, and the -D line says the read timed out")
{
	Loop loop;
	UdpResponder mute(loop, silent);
	auto cfg = load(service(dns_rs(mute.port, "127.0.0.1", false), "", 53, "UDP"));
	Engine engine(loop);
	std::vector<std::string> said, detail;
	engine.on_log = [&](const std::string &text) { said.push_back(text); };
	engine.on_detail = [&](const std::string &text) { detail.push_back(text); };
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	CHECK(detail == std::vector<std::string>{"read timeout from socket"}); // keepalived 2.2.7's words
	REQUIRE(said.size() == 1);
	CHECK(said[0].ends_with("failed: no answer"));
}
