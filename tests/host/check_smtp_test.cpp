// SMTP_CHECK against a small SMTP server on a thread of its own: the
// dialogue keepalived 2.2.7 has (220 greeting, HELO, 250, QUIT, a line),
// the default and configured helo_name, each way it fails (bad greeting,
// HELO refused, a server that hangs, one that closes early, multi-line
// replies, which keepalived does not accept), retries of a down check, and
// the legacy host { } blocks.
#include "check_helpers.hpp"

#include <algorithm>
#include <mutex>

using namespace checktest;

namespace {

// What the server says on one connection; an empty reply closes the
// connection instead, `hang` sends nothing and keeps it open.
struct Replies {
	std::string greeting = "220 rs.test ESMTP\r\n";
	std::string helo = "250 rs.test\r\n";
	std::string quit = "221 bye\r\n";
	bool hang = false;
};

class SmtpServer {
public:
	// Connection n gets plays[n], the last one from then on.
	explicit SmtpServer(std::vector<Replies> plays)
		: plays_(std::move(plays)), server_([this](lvs::sys::Fd c) { converse(std::move(c)); })
	{
		port = server_.port;
	}
	explicit SmtpServer(Replies r = {}) : SmtpServer(std::vector<Replies>{std::move(r)}) {}

	// The lines each connection sent, in order, one string per connection.
	std::vector<std::string> dialogues()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return dialogues_;
	}
	// What the first connection sent.
	std::string first()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return dialogues_.empty() ? "(no connection)" : dialogues_.front();
	}
	std::vector<Clock::time_point> accepted()
	{
		std::lock_guard<std::mutex> lock(mutex_);
		return accepted_;
	}

	uint16_t port = 0;

private:
	void converse(lvs::sys::Fd c)
	{
		std::size_t n;
		{
			std::lock_guard<std::mutex> lock(mutex_);
			n = accepted_.size();
			accepted_.push_back(Clock::now());
			dialogues_.emplace_back();
		}
		const Replies &r = plays_[std::min(n, plays_.size() - 1)];
		if (r.hang) {
			hung_.push_back(std::move(c));
			return;
		}
		for (const std::string *reply : {&r.greeting, &r.helo, &r.quit}) {
			if (reply->empty() || ::send(c.get(), reply->data(), reply->size(), MSG_NOSIGNAL) < 0 || reply == &r.quit)
				return;
			std::string line;
			char ch;
			while (line.empty() || line.back() != '\n') {
				if (::recv(c.get(), &ch, 1, 0) != 1)
					return;
				line += ch;
			}
			std::lock_guard<std::mutex> lock(mutex_);
			dialogues_[n] += line;
		}
	}

	std::vector<Replies> plays_;
	std::vector<lvs::sys::Fd> hung_; // the server's thread's
	std::mutex mutex_;
	std::vector<std::string> dialogues_;
	std::vector<Clock::time_point> accepted_;
	ThreadServer server_;
};

std::string smtp_rs(uint16_t port, const std::string &check = "", const std::string &rs = " alpha")
{
	return " real_server 127.0.0.1 " + std::to_string(port) + " {\n" + rs +
	       "\n  SMTP_CHECK {\n   connect_timeout 0.3\n   retry 0\n   warmup 0\n" + check + "\n  }\n }\n";
}

// The engine, and every line it logged.
struct Checked {
	explicit Checked(Loop &loop) : engine(loop)
	{
		engine.on_log = [this](const std::string &line) { log += line + "\n"; };
	}
	Engine engine;
	std::string log;
};

} // namespace

TEST_CASE("SMTP_CHECK: greeting, HELO with keepalived's default name, QUIT: up")
{
	Loop loop;
	SmtpServer server;
	auto cfg = load(service(smtp_rs(server.port)));
	Checked c(loop);
	c.engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(c.engine, key(cfg)); }));
	CHECK(server.first() == "HELO smtpchecker.keepalived.org\r\nQUIT\r\n");
}

TEST_CASE("SMTP_CHECK: helo_name is the name HELO gives")
{
	Loop loop;
	SmtpServer server;
	auto cfg = load(service(smtp_rs(server.port, "helo_name mail.example.test")));
	Checked c(loop);
	c.engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(c.engine, key(cfg)); }));
	CHECK(server.first() == "HELO mail.example.test\r\nQUIT\r\n");
}

TEST_CASE("SMTP_CHECK: each way the dialogue fails takes the server down, with the reason logged")
{
	struct Case {
		const char *what;
		Replies replies;
		const char *reason;
	};
	Replies refused_greeting, refused_helo, hangs, closes_after_greeting, closes_before_quit_reply,
		multiline_greeting, multiline_helo, code_then_cr;
	refused_greeting.greeting = "554 no service\r\n";
	refused_helo.helo = "501 who are you\r\n";
	hangs.hang = true;
	closes_after_greeting.helo = "";
	closes_before_quit_reply.quit = "";
	multiline_greeting.greeting = "220-rs.test ESMTP\r\n220 welcome\r\n";
	multiline_helo.helo = "250-rs.test\r\n250 PIPELINING\r\n";
	code_then_cr.greeting = "220\r\n";
	const Case cases[] = {
		{"a greeting other than 220", refused_greeting, "Bad greeting banner from server [127.0.0.1]:"},
		{"HELO refused", refused_helo, "Bad HELO response from server [127.0.0.1]:"},
		{"a server that never greets", hangs, "Read timeout from server [127.0.0.1]:"},
		{"a close instead of the HELO reply", closes_after_greeting, "Read failure from server [127.0.0.1]:"},
		{"a close instead of the QUIT reply", closes_before_quit_reply, "Read failure from server [127.0.0.1]:"},
		// keepalived reads one line: "220-" is not a 220 reply.
		{"a multi-line greeting", multiline_greeting, "Bad greeting banner"},
		{"a multi-line HELO reply", multiline_helo, "Bad HELO response"},
		// Three digits, then a space or the end of the line.
		{"a code followed by CR", code_then_cr, "Bad greeting banner"},
	};
	for (const auto &k : cases) {
		std::string what = k.what;
		CAPTURE(what);
		Loop loop;
		SmtpServer server(k.replies);
		auto cfg = load(service(smtp_rs(server.port, "", "")));
		Checked c(loop);
		c.engine.sync(cfg);
		REQUIRE(spin(loop, [&] { return is_down(c.engine, key(cfg)); }));
		CHECK(c.log.find("SMTP_CHECK to [127.0.0.1]:" + std::to_string(server.port) + " failed: " + k.reason) !=
		      std::string::npos);
	}
}

TEST_CASE("SMTP_CHECK: nothing listening is down")
{
	Loop loop;
	auto cfg = load(service(smtp_rs(closed_port(SOCK_STREAM), "", "")));
	Checked c(loop);
	c.engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(c.engine, key(cfg)); }));
	CHECK(c.log.find("Error connecting to server") != std::string::npos);
}

TEST_CASE("SMTP_CHECK: a down check is retried delay_before_retry apart, as keepalived's")
{
	// Down after one round of retry + 1 failures; the next round (after
	// delay_loop) is retried as well, and its third connection passes.
	Replies bad;
	bad.greeting = "421 busy\r\n";
	SmtpServer server({bad, bad, bad, bad, bad, Replies{}});
	Loop loop;
	auto cfg = load(service(smtp_rs(server.port, "retry 2\n delay_before_retry 0.05\n delay_loop 1.5", "")));
	Checked c(loop);
	c.engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(c.engine, key(cfg)); }));
	REQUIRE(spin(loop, [&] { return is_up(c.engine, key(cfg)); }, 5s));
	auto at = server.accepted();
	REQUIRE(at.size() == 6);
	// Without retries while down the six would span three delay_loops.
	CHECK(at[5] - at[3] < 1s);
}

TEST_CASE("SMTP_CHECK host { }: each host is checked; one failing host takes the real server down")
{
	Loop loop;
	SmtpServer good, other;
	Replies refuse;
	refuse.helo = "550 no\r\n";
	SmtpServer bad(refuse);
	uint16_t closed = closed_port(SOCK_STREAM);
	auto host = [](uint16_t port) {
		return "   host {\n    connect_ip 127.0.0.1\n    connect_port " + std::to_string(port) + "\n   }\n";
	};
	// The real servers' own port is closed: with hosts and no connection
	// keyword of its own (connect_timeout is the real server's here), an
	// SMTP_CHECK checks its hosts, not the real server.
	auto rs = [&](const char *addr, const std::string &inside) {
		return " real_server " + std::string(addr) + " " + std::to_string(closed) +
		       " {\n  alpha\n  connect_timeout 0.3\n  SMTP_CHECK {\n   warmup 0\n   retry 0\n" + inside + "  }\n }\n";
	};
	auto cfg = load(service(rs("127.0.0.1", host(good.port) + host(other.port) + "   helo_name hosts.test\n") +
				rs("127.0.0.2", host(good.port) + host(bad.port))));
	REQUIRE(cfg.virtual_servers[0].real_servers[0].checkers.size() == 2);
	Checked c(loop);
	c.engine.sync(cfg);
	// Both start down (alpha): the first comes up once both its hosts
	// pass; the second stays down, its second host refusing HELO.
	std::string refused = "SMTP_CHECK to [127.0.0.1]:" + std::to_string(bad.port) + " failed: Bad HELO response";
	// good serves both real servers: its two dialogues end in either order.
	REQUIRE(spin(loop, [&] {
		return is_up(c.engine, key(cfg, 0, 0)) && c.log.find(refused) != std::string::npos &&
		       good.dialogues().size() >= 2;
	}));
	CHECK(is_down(c.engine, key(cfg, 0, 1)));
	CHECK(c.log.find("failed: Error connecting") == std::string::npos); // the real servers' port is not checked
	CHECK(other.first() == "HELO hosts.test\r\nQUIT\r\n"); // helo_name after the hosts counts
}
