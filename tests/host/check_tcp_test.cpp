// The health-check engine's TCP_CHECK and its common state machine, against
// real listeners and closed ports on 127.0.0.1: up, down, connect timeout,
// retry timing, the FIN that ends a check's connection, alpha, checker_off,
// checker_merge and sync() carrying state over.
#include "check_helpers.hpp"

#include <poll.h>

#include <cerrno>
#include <cstring>

using namespace checktest;

namespace {

std::string tcp_rs(uint16_t port, const std::string &check = "", const std::string &rs = "")
{
	return " real_server 127.0.0.1 " + std::to_string(port) + " {\n" + rs +
	       "\n  TCP_CHECK {\n   connect_timeout 0.2\n   retry 0\n   warmup 0\n" + check + "\n  }\n }\n";
}

} // namespace

TEST_CASE("TCP_CHECK: a listener is up, a closed port goes down")
{
	Loop loop;
	Listener open(loop);
	uint16_t closed = closed_port(SOCK_STREAM);
	auto cfg = load(service(tcp_rs(open.port, "", " alpha") + tcp_rs(closed)));
	Engine engine(loop);
	Changes changes(engine);
	engine.sync(cfg);
	auto up = key(cfg, 0, 0), down = key(cfg, 0, 1);
	CHECK(is_down(engine, up));   // alpha: down until checked
	CHECK(is_up(engine, down));   // no alpha: up until checked
	REQUIRE(spin(loop, [&] { return is_up(engine, up) && is_down(engine, down); }));
	CHECK(open.accepted >= 1);
	REQUIRE(changes.seen.size() == 2);
	CHECK(engine.health(up)->weight == 1);
}

TEST_CASE("TCP_CHECK: the check closes its connection with a FIN, never a reset")
{
	Loop loop;
	Listener server(loop);
	server.keep = true;
	auto cfg = load(service(tcp_rs(server.port, "delay_loop 0.1", " alpha")));
	Engine engine(loop);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg)) && server.kept.size() >= 2; }));
	// Each connection the server holds ends: a read returns 0 (FIN), not
	// ECONNRESET (RST).
	for (const auto &conn : server.kept) {
		pollfd p{conn.get(), POLLIN, 0};
		REQUIRE(::poll(&p, 1, 3000) == 1);
		char byte;
		ssize_t n = ::recv(conn.get(), &byte, 1, MSG_DONTWAIT);
		int err = n < 0 ? errno : 0;
		CHECK_MESSAGE(n == 0, "read " << n << ": " << std::string(std::strerror(err)));
	}
}

TEST_CASE("TCP_CHECK: a server that never answers the SYN fails at connect_timeout")
{
	Loop loop;
	Listener hung(loop, false);
	auto cfg = load(service(tcp_rs(hung.port, "connect_timeout 0.15")));
	Engine engine(loop);
	auto start = Clock::now();
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	CHECK(Clock::now() - start >= 150ms);
}

TEST_CASE("TCP_CHECK: a connection that cannot even begin fails the check, and checks go on")
{
	// bind() to an address this host does not have fails at once, as
	// connect() to an unreachable network does: the attempt ends down
	// with the reason, and the next attempt is made (this once ended the
	// process with bad_function_call).
	Loop loop;
	Listener open(loop);
	auto cfg = load(service(tcp_rs(open.port, "bindto 192.0.2.123\n   delay_loop 0.1")));
	Engine engine(loop);
	std::vector<std::string> said;
	engine.on_log = [&](const std::string &text) { said.push_back(text); };
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	REQUIRE(said.size() == 1);
	CHECK(said[0].ends_with("failed: bind: Cannot assign requested address"));
	// More attempts, each failing the same way, the process still running.
	CHECK_FALSE(spin(loop, [] { return false; }, 1s));
	CHECK(is_down(engine, key(cfg)));
	CHECK(open.accepted == 0);
}

TEST_CASE("retry: a failing check goes down after retry + 1 attempts, delay_before_retry apart")
{
	Loop loop;
	uint16_t closed = closed_port(SOCK_STREAM);
	auto cfg = load(service(tcp_rs(closed, "retry 3\n delay_before_retry 0.1\n delay_loop 5")));
	Engine engine(loop);
	auto start = Clock::now();
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	auto took = Clock::now() - start;
	CHECK(took >= 300ms); // three retries, 100 ms apart
	CHECK(took < 2500ms); // not delay_loop (5 s) apart; loose for a loaded machine
}

TEST_CASE("sync: an unchanged real server keeps its state; a changed checker restarts alone")
{
	Loop loop;
	Listener open(loop);
	uint16_t closed = closed_port(SOCK_STREAM);
	auto text = [&](uint16_t second) { return service(tcp_rs(open.port, "", " alpha") + tcp_rs(closed, "connect_port " + std::to_string(second))); };
	auto cfg = load(text(closed));
	Engine engine(loop);
	Changes changes(engine);
	engine.sync(cfg);
	auto a = key(cfg, 0, 0), b = key(cfg, 0, 1);
	REQUIRE(spin(loop, [&] { return is_up(engine, a) && is_down(engine, b); }));

	changes.seen.clear();
	engine.sync(load(text(closed)));
	CHECK(is_up(engine, a)); // alpha does not start over
	CHECK(is_down(engine, b));
	// The window: a passes twice more, and nothing changes.
	int before = open.accepted;
	REQUIRE(spin(loop, [&] { return open.accepted >= before + 2; }));
	CHECK(changes.seen.empty());
	CHECK(engine.checks() == 2);

	engine.sync(load(text(open.port))); // b's checker now connects to the listener
	REQUIRE(spin(loop, [&] { return is_up(engine, b); }));
	for (const auto &[k, h] : changes.seen)
		CHECK(k == b);
	CHECK(is_up(engine, a));
}

TEST_CASE("sync: services and real servers the config moves keep their state and checks")
{
	Loop loop;
	Listener open(loop);
	uint16_t closed = closed_port(SOCK_STREAM);
	auto cfg = load(service(tcp_rs(open.port, "", " alpha") + tcp_rs(closed), "", 80) +
			service(tcp_rs(open.port, "", " alpha"), "", 81));
	Engine engine(loop);
	Changes changes(engine);
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0, 0)) && is_down(engine, key(cfg, 0, 1)) &&
					is_up(engine, key(cfg, 1, 0)); }));

	// The services swapped, the real servers of one swapped, a new service last.
	changes.seen.clear();
	changes.vs.clear();
	auto moved = load(service(tcp_rs(open.port, "", " alpha"), "", 81) +
			  service(tcp_rs(closed) + tcp_rs(open.port, "", " alpha"), "", 80) +
			  service(tcp_rs(closed), "", 82));
	engine.sync(moved);
	CHECK(engine.checks() == 4);
	auto at = [&](std::size_t vs, std::size_t rs) {
		const auto &v = moved.virtual_servers[vs];
		return engine.health(lvs::table::RsAt{v, v.real_servers[rs], vs, rs});
	};
	CHECK(at(0, 0)->up); // alpha does not start over
	CHECK_FALSE(at(1, 0)->up);
	CHECK(at(1, 1)->up);
	CHECK(at(2, 0)->up); // new, no alpha: up until checked
	REQUIRE(spin(loop, [&] { return !at(2, 0)->up; }));
	int before = open.accepted;
	// The window: both kept checks of the listener pass twice more.
	REQUIRE(spin(loop, [&] { return open.accepted >= before + 4; }));
	REQUIRE(changes.seen.size() == 1); // the new one alone
	CHECK(changes.seen[0].first == key(moved, 2, 0));
	CHECK(changes.vs[0] == 2);
}

TEST_CASE("sync: removed real servers are forgotten and their checks stop")
{
	Loop loop;
	Listener open(loop), other(loop);
	Engine engine(loop);
	auto cfg = load(service(tcp_rs(open.port)));
	engine.sync(cfg);
	REQUIRE(spin(loop, [&] { return open.accepted >= 1; }));
	engine.sync(load(service(tcp_rs(other.port), "", 81)));
	CHECK_FALSE(engine.health(key(cfg)));
	CHECK(engine.checks() == 1);
	// The window: the check that remains connects twice more, counted
	// from its first connection (one of the removed check's that was
	// already on its way is accepted by then).
	REQUIRE(spin(loop, [&] { return other.accepted >= 1; }));
	int before = open.accepted;
	REQUIRE(spin(loop, [&] { return other.accepted >= 3; }));
	CHECK(open.accepted == before);
}

TEST_CASE("checker_off: every real server is up and nothing is checked")
{
	Loop loop;
	uint16_t closed = closed_port(SOCK_STREAM);
	// The same real server in a service that checks it: the window.
	auto cfg = load(service(tcp_rs(closed, "", " alpha"), " lb_kind FNAT\n checker_off") +
			service(tcp_rs(closed), " lb_kind FNAT", 81));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(engine.checks() == 1);
	CHECK(is_up(engine, key(cfg, 0)));
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg, 1)); }));
	CHECK(is_up(engine, key(cfg, 0)));
}

TEST_CASE("a real server without checkers is always up")
{
	Loop loop;
	auto cfg = load(service(" real_server 127.0.0.1 9 {\n  weight 7\n }\n"));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(engine.checks() == 0);
	CHECK(*engine.health(key(cfg)) == RsHealth{true, 7});
}

TEST_CASE("BFD_CHECK is not run: alone it leaves the real server up, beside another it adds nothing")
{
	Loop loop;
	uint16_t closed = closed_port(SOCK_STREAM);
	auto bfd = std::string("  BFD_CHECK {\n   name b\n   alpha\n  }\n");
	auto cfg = load(service(" real_server 127.0.0.1 9 {\n  weight 7\n" + bfd + " }\n" +
				tcp_rs(closed, "", bfd)));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(engine.checks() == 1); // the TCP_CHECK only
	CHECK(*engine.health(key(cfg, 0, 0)) == RsHealth{true, 7});
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg, 0, 1)); }));
	CHECK(is_up(engine, key(cfg, 0, 0)));
}

TEST_CASE("checker_merge: one TCP check for a real server shared by several services")
{
	Loop loop;
	Listener open(loop);
	std::string text;
	for (int vport : {80, 81, 82})
		text += service(tcp_rs(open.port, "delay_loop 0.3", " alpha"), " lb_kind FNAT\n checker_merge", vport);
	auto cfg = load(text);
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(engine.checks() == 1);
	REQUIRE(spin(loop, [&] { return is_up(engine, key(cfg, 0)) && is_up(engine, key(cfg, 1)) && is_up(engine, key(cfg, 2)); }));
	// A window of non-events by the clock: what is asserted is a rate (no
	// more connections than rounds), so only time can bound it.
	run_for(loop, 1s);
	// One connection a round (about four rounds), not one per service.
	CHECK(open.accepted <= 5);
}

TEST_CASE("checker_merge: by address: the first TCP_CHECK of an address checks it for every service")
{
	Loop loop;
	Listener open(loop);
	uint16_t closed = closed_port(SOCK_STREAM);
	const std::string merge = " lb_kind FNAT\n checker_merge";
	auto cfg = load(service(tcp_rs(open.port, "delay_loop 0.3"), merge, 80) +
			service(tcp_rs(closed, "delay_loop 0.3\n connect_timeout 0.5"), merge, 81) +
			service(tcp_rs(closed, "delay_loop 0.3"), " lb_kind FNAT", 82));
	Engine engine(loop);
	engine.sync(cfg);
	// One for the merged address, one for the service without checker_merge.
	CHECK(engine.checks() == 2);
	// The window: the unmerged check of a closed port has failed, and the
	// merged check has passed three times.
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg, 2)) && open.accepted >= 3; }));
	CHECK(is_up(engine, key(cfg, 0)));
	CHECK(is_up(engine, key(cfg, 1))); // its own port is closed: not checked
}

TEST_CASE("several checkers: the real server is up only while all are up")
{
	Loop loop;
	Listener open(loop);
	uint16_t closed = closed_port(SOCK_STREAM);
	auto rs = " real_server 127.0.0.1 " + std::to_string(open.port) + " {\n" +
		  "  TCP_CHECK {\n   warmup 0\n   retry 0\n  }\n" +
		  "  TCP_CHECK {\n   warmup 0\n   retry 0\n   connect_port " + std::to_string(closed) + "\n  }\n }\n";
	auto cfg = load(service(rs));
	Engine engine(loop);
	engine.sync(cfg);
	CHECK(engine.checks() == 2);
	REQUIRE(spin(loop, [&] { return is_down(engine, key(cfg)); }));
	int before = open.accepted;
	REQUIRE(spin(loop, [&] { return open.accepted >= before + 2; })); // the passing checker, twice more
	CHECK(is_down(engine, key(cfg)));
}
