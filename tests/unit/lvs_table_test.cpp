// The table a config wants (desired) and the operations from one table to
// another (diff): what each keyword becomes in the kernel, and exactly how
// many operations a change costs, up to 50,000 services.
#include "core/config/load.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/diff.hpp"
#include "core/net/addr.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

#include <linux/ip_vs.h>
#include <cstring>
#include <netinet/in.h>
#include <string>

#include "ip_vs_fnat_uapi.h"

using namespace lvs;
using namespace lvs::table;
using lvstest::load;
using lvstest::v4;

namespace {

Table want(const std::string &text, const HealthView &health = {})
{
	return desired(load(text), health);
}

const Entry *find(const Table &t, const char *addr, uint16_t port)
{
	for (const auto &e : t.entries)
		if (e.service.key.addr == v4(addr) && e.service.key.port == port)
			return &e;
	return nullptr;
}

size_t count(const Plan &p, int cmd)
{
	size_t n = 0;
	for (const auto &o : p.ops)
		n += ipvs::cmd_of(o) == cmd;
	return n;
}

const char *kTwoServices = R"(
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.2 8080 {
		weight 3
	}
	real_server 10.0.3.2 8080 {
		weight 1
		uthreshold 100
		lthreshold 10
	}
}
virtual_server 10.0.100.2 443 {
	lb_algo wlc
	lb_kind DR
	protocol TCP
	persistence_timeout 60
	persistence_granularity 255.255.255.0
	real_server 10.0.2.2 443 {
	}
}
)";

// n services 10.x.y.z:80, two real servers each.
std::string many(size_t n, size_t changed = SIZE_MAX, const char *change = "weight 7")
{
	std::string s;
	s.reserve(n * 200);
	for (size_t i = 0; i < n; i++) {
		std::string vip = "10." + std::to_string(100 + i / 65536) + "." + std::to_string(i / 256 % 256) +
				  "." + std::to_string(i % 256);
		s += "virtual_server " + vip + " 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n";
		s += " real_server 192.168.1." + std::to_string(1 + i % 250) + " 8080 {\n weight 2\n }\n";
		s += " real_server 192.168.2." + std::to_string(1 + i % 250) + " 8080 {\n " +
		     (i == changed ? change : "weight 1") + "\n }\n}\n";
	}
	return s;
}

} // namespace

TEST_CASE("services, destinations and their attributes from the config")
{
	Table t = want(kTwoServices);
	REQUIRE(t.entries.size() == 2);
	const Entry *nat = find(t, "10.0.100.1", 80);
	REQUIRE(nat);
	CHECK(nat->service.key.protocol == IPPROTO_TCP);
	CHECK(nat->service.sched_name == "rr");
	CHECK(nat->service.flags == 0);
	CHECK(nat->service.netmask == UINT32_MAX);
	REQUIRE(nat->dests.size() == 2);
	CHECK(nat->dests[0].addr == v4("10.0.2.2"));
	CHECK(nat->dests[0].port == 8080);
	CHECK(nat->dests[0].conn_flags == IP_VS_CONN_F_MASQ);
	CHECK(nat->dests[0].weight == 3);
	CHECK(nat->dests[1].u_threshold == 100);
	CHECK(nat->dests[1].l_threshold == 10);
	CHECK_FALSE(nat->drain);

	const Entry *dr = find(t, "10.0.100.2", 443);
	REQUIRE(dr);
	CHECK(dr->service.flags == IP_VS_SVC_F_PERSISTENT);
	CHECK(dr->service.timeout == 60);
	uint32_t mask;
	std::memcpy(&mask, v4("255.255.255.0").bytes.data(), sizeof mask);
	CHECK(dr->service.netmask == mask); // as the kernel keeps it: network order
	REQUIRE(dr->dests.size() == 1);
	CHECK(dr->dests[0].conn_flags == IP_VS_CONN_F_DROUTE);
	CHECK(dr->dests[0].port == 443);
	CHECK(dr->dests[0].weight == 1);
}

TEST_CASE("alpha starts checked servers down; inhibit_on_failure keeps them at weight 0; checker_off")
{
	const char *text = R"(
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
	real_server 10.0.2.2 80 {
		TCP_CHECK {
		}
	}
	real_server 10.0.3.2 80 {
		inhibit_on_failure
		TCP_CHECK {
		}
	}
	real_server 10.0.4.2 80 {
	}
}
virtual_server 10.0.100.2 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
	checker_off
	real_server 10.0.2.2 80 {
		TCP_CHECK {
		}
	}
}
)";
	Table t = want(text);
	const Entry *alpha = find(t, "10.0.100.1", 80);
	REQUIRE(alpha);
	REQUIRE(alpha->dests.size() == 2);
	CHECK(alpha->dests[0].addr == v4("10.0.3.2"));
	CHECK(alpha->dests[0].weight == 0);
	CHECK(alpha->dests[1].addr == v4("10.0.4.2")); // no checker: up
	CHECK(alpha->dests[1].weight == 1);
	const Entry *off = find(t, "10.0.100.2", 80);
	REQUIRE(off);
	REQUIRE(off->dests.size() == 1);
	CHECK(off->dests[0].weight == 1);

	// The checker engine's word wins over the start state.
	HealthView health = [](const RsAt &at) -> std::optional<RsHealth> {
		if (at.rs.addr.addr == v4("10.0.2.2") && at.vs.addr.addr == v4("10.0.100.1"))
			return RsHealth{true, 9};
		return std::nullopt;
	};
	Table h = want(text, health);
	REQUIRE(find(h, "10.0.100.1", 80)->dests.size() == 3);
	CHECK(find(h, "10.0.100.1", 80)->dests[0].weight == 9);
}

TEST_CASE("the sorry server stands in when every real server is down")
{
	const char *text = R"(
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind DR
	protocol TCP
	sorry_server 10.0.9.2 80
	real_server 10.0.2.2 80 {
	}
}
)";
	auto down = [](const RsAt &) -> std::optional<RsHealth> { return RsHealth{false, 1}; };
	Table t = want(text, down);
	REQUIRE(t.entries[0].dests.size() == 1);
	CHECK(t.entries[0].dests[0].addr == v4("10.0.9.2"));
	CHECK(t.entries[0].dests[0].weight == 1);
	CHECK(t.entries[0].dests[0].conn_flags == IP_VS_CONN_F_DROUTE);
	Table up = want(text);
	REQUIRE(up.entries[0].dests.size() == 1);
	CHECK(up.entries[0].dests[0].addr == v4("10.0.2.2"));
}

TEST_CASE("a virtual_server_group is one kernel service per address and fwmark")
{
	Table t = want(R"(
virtual_server_group web {
	10.0.100.1-3 80
	fwmark 7
}
virtual_server group web {
	lb_algo sh
	lb_kind DR
	protocol TCP
	real_server 10.0.2.2 80 {
	}
}
)");
	REQUIRE(t.entries.size() == 4);
	CHECK(t.entries[0].service.key.addr == v4("10.0.100.1"));
	CHECK(t.entries[2].service.key.addr == v4("10.0.100.3"));
	CHECK(t.entries[2].service.key.port == 80);
	CHECK(t.entries[2].dests[0].port == 80);
	const ipvs::ServiceKey &fw = t.entries[3].service.key;
	CHECK(fw.fwmark == 7);
	CHECK(fw.af == AF_INET);
	CHECK(fw.protocol == 0);
	CHECK(t.entries[3].dests[0].port == 0); // DR to a fwmark service: no port
}

TEST_CASE("a full-NAT service gets its local address group; tcp_draining_timeout drains")
{
	Table t = want(R"(
local_address_group lg {
	10.0.200.1-2
}
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name lg
	tcp_draining_timeout 5
	real_server 10.0.2.2 80 {
	}
}
)");
	REQUIRE(t.entries.size() == 1);
	CHECK(t.entries[0].dests[0].conn_flags == IP_VS_CONN_F_FULLNAT);
	REQUIRE(t.entries[0].laddrs.size() == 2);
	CHECK(t.entries[0].laddrs[1].addr == v4("10.0.200.2"));
	CHECK(t.entries[0].drain == 5u);
}

TEST_CASE("lvs_timeouts and a sync daemon without a VRRP instance")
{
	Table t = want(R"(
global_defs {
	lvs_timeouts tcp 900 udp 30
	lvs_sync_daemon lo id 4
}
)");
	CHECK(t.timeouts == ipvs::Timeouts{900, 0, 30});
	REQUIRE(t.daemons.size() == 2);
	CHECK(t.daemons[0].state == IP_VS_STATE_MASTER);
	CHECK(t.daemons[1].state == IP_VS_STATE_BACKUP);
	CHECK(t.daemons[1].syncid == 4);

	Plan p = diff(Table{}, t);
	CHECK(count(p, IPVS_CMD_SET_CONFIG) == 1);
	CHECK(count(p, IPVS_CMD_NEW_DAEMON) == 2);
	// What the kernel reports beyond what we set is its own business.
	Table kernel = t;
	kernel.timeouts.tcp_fin = 120;
	kernel.daemons[0].mcast_port = 8848;
	CHECK(diff(kernel, t).ops.empty());
}

TEST_CASE("diff: from nothing, to the same, to nothing")
{
	Table t = want(kTwoServices);
	Plan add = diff(Table{}, t);
	CHECK(add.ops.size() == 5);
	CHECK(count(add, IPVS_CMD_NEW_SERVICE) == 2);
	CHECK(count(add, IPVS_CMD_NEW_DEST) == 3);
	CHECK(ipvs::cmd_of(add.ops[0]) == IPVS_CMD_NEW_SERVICE);
	CHECK(diff(t, t).ops.empty());
	Plan del = diff(t, Table{});
	CHECK(del.ops.size() == 2);
	CHECK(count(del, IPVS_CMD_DEL_SERVICE) == 2);
}

TEST_CASE("diff: what the kernel reads back (HASHED, counters) is not a change")
{
	Table t = want(kTwoServices);
	Table kernel = t;
	for (auto &e : kernel.entries) {
		e.service.flags |= IP_VS_SVC_F_HASHED;
		e.service.stats.conns = 12;
		for (auto &d : e.dests)
			d.active_conns = 3;
		e.drain.reset();
	}
	CHECK(diff(kernel, t).ops.empty());
}

TEST_CASE("diff: each kind of change costs its one operation, changed in place")
{
	Table before = want(kTwoServices);
	auto changed = [&](const std::string &from, const std::string &to) {
		std::string text = kTwoServices;
		text.replace(text.find(from), from.size(), to);
		return diff(before, want(text));
	};
	Plan sched = changed("lb_algo rr", "lb_algo wrr");
	REQUIRE(sched.ops.size() == 1);
	CHECK(ipvs::cmd_of(sched.ops[0]) == IPVS_CMD_SET_SERVICE);
	CHECK(std::get<ipvs::op::SetService>(sched.ops[0]).service.sched_name == "wrr");

	Plan weight = changed("weight 3", "weight 5");
	REQUIRE(weight.ops.size() == 1);
	CHECK(ipvs::cmd_of(weight.ops[0]) == IPVS_CMD_SET_DEST);
	CHECK(std::get<ipvs::op::SetDest>(weight.ops[0]).dest.weight == 5);

	Plan method = changed("lb_kind DR", "lb_kind TUN");
	REQUIRE(method.ops.size() == 1);
	CHECK(ipvs::cmd_of(method.ops[0]) == IPVS_CMD_SET_DEST);
	CHECK(std::get<ipvs::op::SetDest>(method.ops[0]).dest.conn_flags == IP_VS_CONN_F_TUNNEL);

	Plan gone = changed("real_server 10.0.3.2 8080", "real_server 10.0.4.2 8080");
	CHECK(gone.ops.size() == 2);
	CHECK(count(gone, IPVS_CMD_DEL_DEST) == 1);
	CHECK(count(gone, IPVS_CMD_NEW_DEST) == 1);

	Plan moved = changed("10.0.100.2 443", "10.0.100.3 443");
	CHECK(moved.ops.size() == 3);
	CHECK(ipvs::cmd_of(moved.ops[0]) == IPVS_CMD_DEL_SERVICE); // deletions first
	CHECK(count(moved, IPVS_CMD_NEW_SERVICE) == 1);
	CHECK(count(moved, IPVS_CMD_NEW_DEST) == 1);
}

TEST_CASE("diff: a drained destination goes to weight 0 and stays until the caller deletes it")
{
	std::string drains = kTwoServices;
	drains.replace(drains.find("protocol TCP"), 12, "protocol TCP\n\ttcp_draining_timeout 30");
	Table before = want(drains);
	std::string without = drains;
	size_t at = without.find("\treal_server 10.0.3.2");
	without.erase(at, without.find("}\n", at) + 2 - at);
	Table after = want(without);

	Plan p = diff(before, after);
	REQUIRE(p.ops.size() == 1);
	CHECK(ipvs::cmd_of(p.ops[0]) == IPVS_CMD_SET_DEST);
	CHECK(std::get<ipvs::op::SetDest>(p.ops[0]).dest.addr == v4("10.0.3.2"));
	CHECK(std::get<ipvs::op::SetDest>(p.ops[0]).dest.weight == 0);
	REQUIRE(p.draining.size() == 1);
	CHECK(p.draining[0].timeout == 30);

	// While it drains, the same config costs nothing and it is still listed.
	Table kernel = installed(after, p);
	Plan again = diff(kernel, after);
	CHECK(again.ops.empty());
	CHECK(again.draining.size() == 1);

	// Back in the config: its weight comes back, it no longer drains.
	Plan back = diff(kernel, before);
	REQUIRE(back.ops.size() == 1);
	CHECK(ipvs::cmd_of(back.ops[0]) == IPVS_CMD_SET_DEST);
	CHECK(std::get<ipvs::op::SetDest>(back.ops[0]).dest.weight == 1);
	CHECK(back.draining.empty());
}

TEST_CASE("diff: local addresses of a full-NAT service, one operation each")
{
	const char *text = R"(
local_address_group lg {
	10.0.200.1
	10.0.200.2
}
virtual_server 10.0.100.1 80 {
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name lg
	real_server 10.0.2.2 80 {
	}
}
)";
	Table before = want(text);
	std::string t2 = text;
	t2.replace(t2.find("10.0.200.2"), 10, "10.0.200.3");
	Plan p = diff(before, want(t2));
	REQUIRE(p.ops.size() == 2);
	CHECK(ipvs::cmd_of(p.ops[0]) == IPVS_CMD_DEL_LADDR);
	CHECK(ipvs::cmd_of(p.ops[1]) == IPVS_CMD_NEW_LADDR);
	CHECK(std::get<ipvs::op::NewLaddr>(p.ops[1]).addr == v4("10.0.200.3"));
}

TEST_CASE("diff: 50,000 services with one changed is exactly one operation")
{
	constexpr size_t n = 50000;
	Table before = want(many(n));
	REQUIRE(before.entries.size() == n);
	CHECK(diff(Table{}, before).ops.size() == 3 * n);
	CHECK(diff(before, before).ops.empty());

	Plan weight = diff(before, want(many(n, 31337)));
	REQUIRE(weight.ops.size() == 1);
	CHECK(ipvs::cmd_of(weight.ops[0]) == IPVS_CMD_SET_DEST);
	CHECK(std::get<ipvs::op::SetDest>(weight.ops[0]).service.addr == v4("10.100.122.105"));

	Plan added = diff(before, want(many(n, 4242, "weight 1\n }\n real_server 192.168.3.1 8080 {")));
	REQUIRE(added.ops.size() == 1);
	CHECK(ipvs::cmd_of(added.ops[0]) == IPVS_CMD_NEW_DEST);
}
