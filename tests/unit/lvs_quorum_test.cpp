// Quorum (keepalived 2.2.7's rule with hysteresis, the state carried over
// health changes and reloads, quorum_up at every load without alpha), the
// sorry server standing in for the live real servers without quorum, and
// which addresses vip_bind_dev binds.
#include "core/lvs/desired.hpp"
#include "core/lvs/quorum.hpp"
#include "core/lvs/vip_bind.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace lvs;
using namespace lvs::table;
using lvstest::load;
using lvstest::v4;

namespace {

// Real servers are up (weight 1) unless their address is in `down`.
struct Health {
	std::set<std::string> down;
	HealthView view()
	{
		return [this](const RsAt &at) -> std::optional<RsHealth> {
			return RsHealth{!down.contains(net::to_string(at.rs.addr.addr)), 1};
		};
	}
};

// A virtual server on 10.0.100.1:80 around `body`.
std::string service(const std::string &body)
{
	return "virtual_server 10.0.100.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" + body + "\n}\n";
}

// With real servers 10.0.2.2 and 10.0.3.2 (weight 1) after `extra`.
std::string pair(const std::string &extra)
{
	return service(extra + "\n real_server 10.0.2.2 80 {\n }\n real_server 10.0.3.2 80 {\n }");
}

} // namespace

TEST_CASE("quorum: gained at quorum + hysteresis, lost below quorum - hysteresis or at 0")
{
	config::Config cfg = load(pair("quorum 3\n hysteresis 1\n real_server 10.0.4.2 80 {\n weight 2\n }"));
	const config::VirtualServer &vs = cfg.virtual_servers[0];
	CHECK_FALSE(quorum_after(vs, std::nullopt, 3));
	CHECK(quorum_after(vs, std::nullopt, 4));
	CHECK_FALSE(quorum_after(vs, false, 3));
	CHECK(quorum_after(vs, true, 2)); // between the two: stays
	CHECK_FALSE(quorum_after(vs, true, 1));
}

TEST_CASE("quorum: a virtual server without real servers has it unless alpha (checker_off lifts alpha)")
{
	config::Config cfg = load(R"(
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
}
virtual_server 10.0.100.2 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
}
virtual_server 10.0.100.3 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
	checker_off
}
)");
	CHECK(quorum_after(cfg.virtual_servers[0], std::nullopt, 0));
	CHECK_FALSE(quorum_after(cfg.virtual_servers[1], std::nullopt, 0));
	CHECK(quorum_after(cfg.virtual_servers[2], std::nullopt, 0));
}

TEST_CASE("Quorums: without alpha every load says up; crossings once each; hysteresis holds")
{
	config::Config cfg = load(pair("quorum 2\n hysteresis 0"));
	Health h;
	Quorums q;
	auto up = q.load(cfg, h.view());
	REQUIRE(up.size() == 1);
	CHECK(up[0].up);
	CHECK(up[0].live == 2);
	CHECK(up[0].crossed);
	CHECK(q.up(0));
	CHECK(q.update(cfg, h.view(), {0}).empty());
	h.down.insert("10.0.2.2");
	auto lost = q.update(cfg, h.view(), {0});
	REQUIRE(lost.size() == 1);
	CHECK_FALSE(lost[0].up);
	CHECK(q.update(cfg, h.view(), {0}).empty());
	CHECK(q.load(cfg, h.view()).empty()); // a reload without quorum runs nothing
	h.down.clear();
	REQUIRE(q.update(cfg, h.view(), {0}).size() == 1);
	auto again = q.load(cfg, h.view());
	REQUIRE(again.size() == 1); // quorum_up again at a reload
	CHECK(again[0].up);
	CHECK_FALSE(again[0].crossed);
}

TEST_CASE("Quorums: under alpha nothing at start or reload, up once the checks pass")
{
	config::Config cfg = load(service("alpha\n real_server 10.0.2.2 80 {\n TCP_CHECK {\n }\n }"));
	Quorums q;
	CHECK(q.load(cfg, {}).empty()); // alpha: starts down, no script
	Health h;
	auto up = q.update(cfg, h.view(), {0});
	REQUIRE(up.size() == 1);
	CHECK(up[0].up);
	CHECK(q.load(cfg, h.view()).empty()); // kept, and alpha: not again
}

TEST_CASE("Quorums: hysteresis over time; a removed virtual server is forgotten")
{
	config::Config cfg = load(pair("alpha\n quorum 2\n hysteresis 1\n real_server 10.0.4.2 80 {\n }"));
	Health h{{"10.0.2.2", "10.0.3.2", "10.0.4.2"}};
	Quorums q;
	CHECK(q.load(cfg, h.view()).empty());
	h.down = {"10.0.2.2"}; // 2 < 2 + 1
	CHECK(q.update(cfg, h.view(), {0}).empty());
	h.down.clear(); // 3
	CHECK(q.update(cfg, h.view(), {0}).size() == 1);
	h.down = {"10.0.2.2", "10.0.3.2"}; // 1 >= 2 - 1: kept
	CHECK(q.update(cfg, h.view(), {0}).empty());
	h.down = {"10.0.2.2", "10.0.3.2", "10.0.4.2"};
	CHECK(q.update(cfg, h.view(), {0}).size() == 1);
	config::Config empty = load("");
	q.load(empty, h.view());
	CHECK_FALSE(q.up(0));
}

TEST_CASE("Quorums: states follow their virtual servers when the config moves them")
{
	auto alpha = [](const char *vip) {
		return std::string("virtual_server ") + vip +
		       " 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n alpha\n real_server 10.0.2.2 80 {\n }\n}\n";
	};
	Health h;
	Quorums q;
	CHECK(q.load(load(alpha("10.0.100.1") + alpha("10.0.100.2")), h.view()).size() == 2);
	// Kept under alpha: no second quorum_up; only the new one crosses.
	auto moved = q.load(load(alpha("10.0.100.3") + alpha("10.0.100.2") + alpha("10.0.100.1")), h.view());
	REQUIRE(moved.size() == 1);
	CHECK(moved[0].vs == 0);
	CHECK(q.up(0));
	CHECK(q.up(1));
	CHECK(q.up(2));
	CHECK_FALSE(q.up(3));
	h.down.insert("10.0.2.2");
	CHECK(q.update(load(alpha("10.0.100.3") + alpha("10.0.100.2") + alpha("10.0.100.1")), h.view(), {2}).size() == 1);
	CHECK(q.up(1));
	CHECK_FALSE(q.up(2));
}

TEST_CASE("Quorums: one virtual server appended, replaced or erased, the others keep their places and states")
{
	auto vs = [](const char *vip, const char *more = "") {
		return std::string("virtual_server ") + vip + " 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n" + more +
		       " real_server 10.0.2.2 80 {\n }\n}\n";
	};
	Health h;
	Quorums q;
	q.load(load(vs("10.0.100.1") + vs("10.0.100.2", " alpha\n")), h.view());
	h.down.insert("10.0.2.2");
	q.update(load(vs("10.0.100.1") + vs("10.0.100.2", " alpha\n")), h.view(), {0});
	CHECK_FALSE(q.up(0));
	h.down.clear();
	// Appended: judged as a load judges it.
	config::Config three = load(vs("10.0.100.1") + vs("10.0.100.2", " alpha\n") + vs("10.0.100.3"));
	auto added = q.edit(three, h.view(), 2, Edit::append);
	REQUIRE(added.size() == 1);
	CHECK(added[0].vs == 2);
	CHECK(q.up(2));
	CHECK_FALSE(q.up(0)); // not judged again: no health change of its own
	// Replaced by the same service: keeps its state (alpha: no second up).
	config::Config same = load(vs("10.0.100.1") + vs("10.0.100.2", " alpha\n quorum 1\n") + vs("10.0.100.3"));
	CHECK(q.edit(same, h.view(), 1, Edit::replace).empty());
	CHECK(q.up(1));
	// Erased: the one after it moves down with its state.
	config::Config two = load(vs("10.0.100.2", " alpha\n") + vs("10.0.100.3"));
	CHECK(q.edit(two, h.view(), 0, Edit::erase).empty());
	CHECK(q.up(0));
	CHECK(q.up(1));
	CHECK_FALSE(q.up(2));
}

TEST_CASE("without quorum the sorry server replaces the live real servers; inhibited ones stay at 0")
{
	config::Config cfg = load(pair(R"(quorum 2
	sorry_server 10.0.9.2 80
	real_server 10.0.4.2 80 {
		inhibit_on_failure
	})"));
	Health h{{"10.0.2.2", "10.0.4.2"}};
	Quorums q;
	q.load(cfg, h.view());
	QuorumView view = [&](size_t vs) { return q.up(vs); };
	Table t = desired(cfg, h.view(), view);
	REQUIRE(t.entries[0].dests.size() == 2);
	CHECK(t.entries[0].dests[0].addr == v4("10.0.4.2"));
	CHECK(t.entries[0].dests[0].weight == 0);
	CHECK(t.entries[0].dests[1].addr == v4("10.0.9.2"));
	CHECK(t.entries[0].dests[1].weight == 1);
	h.down = {"10.0.4.2"};
	q.update(cfg, h.view(), {0});
	t = desired(cfg, h.view(), view);
	REQUIRE(t.entries[0].dests.size() == 3);
	CHECK(t.entries[0].dests[0].addr == v4("10.0.4.2"));
	CHECK(t.entries[0].dests[1].addr == v4("10.0.2.2"));
	// Without a view the start's judgement: the same.
	CHECK(desired(cfg, h.view()).entries[0].dests.size() == 3);
}

TEST_CASE("vip_bind_dev: the address while a real server is up, once per address; none without real servers")
{
	config::Config cfg = load(R"(
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	vip_bind_dev lo
	real_server 10.0.2.2 80 {
	}
	real_server 10.0.3.2 80 {
	}
}
virtual_server 10.0.100.1 443 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	vip_bind_dev lo
	real_server 10.0.2.2 443 {
	}
}
virtual_server 10.0.100.2 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	vip_bind_dev lo
}
virtual_server 10.0.100.3 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.2 80 {
	}
}
)");
	Health h;
	auto all = bound_vips(cfg, h.view());
	REQUIRE(all.size() == 1);
	CHECK(all[0].dev == "lo");
	CHECK(all[0].addr == v4("10.0.100.1"));
	h.down = {"10.0.2.2"};
	CHECK(bound_vips(cfg, h.view()).size() == 1); // 10.0.3.2 still up on port 80
	h.down = {"10.0.2.2", "10.0.3.2"};
	CHECK(bound_vips(cfg, h.view()).empty());
}

TEST_CASE("vip_bind_dev: a group's virtual server binds each address of its ranges, not its fwmarks")
{
	config::Config cfg = load(R"(
virtual_server_group web {
	10.0.100.1-3 80
	10.0.200.9 80
	fwmark 7
}
virtual_server group web {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	vip_bind_dev lo
	real_server 10.0.2.2 80 {
	}
}
)");
	Health h;
	auto all = bound_vips(cfg, h.view());
	REQUIRE(all.size() == 4);
	CHECK(all[0].addr == v4("10.0.100.1"));
	CHECK(all[2].addr == v4("10.0.100.3"));
	CHECK(all[3].addr == v4("10.0.200.9"));
	h.down = {"10.0.2.2"};
	CHECK(bound_vips(cfg, h.view()).empty());
}
