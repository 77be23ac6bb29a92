// The Director over a kernel that keeps a table in memory and answers as
// IPVS does (EEXIST, ESRCH, ENOENT): what a start, a reload, a health
// re-plan and a stop send, and what the kernel holds after each, including
// a table changed behind the Director's back. A reload's end for the
// kernel is the moment the last ACK of its batch arrived, which the
// checker logs and the lab's reload benchmark sets against its kill -HUP.
#include "core/event/loop.hpp"
#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/director.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cerrno>

using namespace lvs;
using namespace lvs::table;
using event::Clock;

namespace {

class MemoryKernel final : public Kernel {
public:
	Table read() override
	{
		reads++;
		return held;
	}

	std::vector<int> execute(const std::vector<ipvs::Op> &ops) override
	{
		std::vector<int> results;
		for (const auto &op : ops)
			results.push_back(refuse && !--refuse ? EPERM : std::visit([&](const auto &o) { return apply(o); }, op));
		sent += ops.size();
		acked = Clock::now();
		return results;
	}

	std::vector<ipvs::Service> services() override
	{
		std::vector<ipvs::Service> all;
		for (const auto &e : held.entries)
			all.push_back(e.service);
		return all;
	}

	std::vector<ipvs::Dest> dests(const ipvs::ServiceKey &key) override
	{
		if (Entry *e = find(key))
			return e->dests;
		throw ipvs::KernelError(IPVS_CMD_GET_DEST, ESRCH);
	}

	Entry *find(const ipvs::ServiceKey &key)
	{
		auto it = std::find_if(held.entries.begin(), held.entries.end(),
				       [&](const Entry &e) { return e.service.key == key; });
		return it == held.entries.end() ? nullptr : &*it;
	}

	Table held;
	size_t reads = 0, sent = 0;
	int refuse = 0; // refuse the refuse-th operation from now (EPERM)
	Clock::time_point acked{};

private:
	static auto at(std::vector<ipvs::Dest> &ds, const net::Addr &addr, uint16_t port)
	{
		return std::find_if(ds.begin(), ds.end(), [&](const auto &d) { return d.addr == addr && d.port == port; });
	}

	int apply(const ipvs::op::NewService &o)
	{
		if (find(o.service.key))
			return EEXIST;
		held.entries.push_back({{o.service, {}}, std::nullopt});
		return 0;
	}
	int apply(const ipvs::op::SetService &o)
	{
		Entry *e = find(o.service.key);
		if (!e)
			return ESRCH;
		e->service = o.service;
		return 0;
	}
	int apply(const ipvs::op::DelService &o)
	{
		return std::erase_if(held.entries, [&](const Entry &e) { return e.service.key == o.service; }) ? 0 : ESRCH;
	}
	int apply(const ipvs::op::Flush &)
	{
		held.entries.clear();
		return 0;
	}
	int apply(const ipvs::op::NewDest &o)
	{
		Entry *e = find(o.service);
		if (!e)
			return ESRCH;
		if (at(e->dests, o.dest.addr, o.dest.port) != e->dests.end())
			return EEXIST;
		e->dests.push_back(o.dest);
		return 0;
	}
	int apply(const ipvs::op::SetDest &o)
	{
		Entry *e = find(o.service);
		if (!e)
			return ESRCH;
		auto d = at(e->dests, o.dest.addr, o.dest.port);
		if (d == e->dests.end())
			return ENOENT;
		*d = o.dest;
		return 0;
	}
	int apply(const ipvs::op::DelDest &o)
	{
		Entry *e = find(o.service);
		if (!e)
			return ESRCH;
		auto d = at(e->dests, o.addr, o.port);
		if (d == e->dests.end())
			return ENOENT;
		e->dests.erase(d);
		return 0;
	}
	// Not in these tests' configs: refused, so a plan that sends one fails.
	template <typename Other>
	int apply(const Other &)
	{
		return EOPNOTSUPP;
	}
};

std::string config(int weight, bool second = false, const char *more = "")
{
	std::string text = "virtual_server 10.0.100.1 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n";
	text += more;
	text += " real_server 10.0.2.2 80 {\n  weight " + std::to_string(weight) + "\n }\n";
	if (second)
		text += " real_server 10.0.2.3 80 {\n  weight 1\n }\n";
	return text + "}\n";
}

Table want(int weight, bool second = false, const char *more = "")
{
	return desired(lvstest::load(config(weight, second, more)), {});
}

// config(1) and a second virtual server: the second's entry alone.
Table second_service()
{
	std::string text = config(1) + "virtual_server 10.0.100.2 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
				       " real_server 10.0.2.9 80 {\n }\n}\n";
	return desired_for(lvstest::load(text), {1}, {}, {});
}

struct Lab {
	event::Loop loop;
	MemoryKernel kernel;
	std::vector<std::string> log;
	Director director{kernel, loop, [this](int, const std::string &text) { log.push_back(text); }};
};

} // namespace

TEST_CASE("a batch's result says when its last ACK arrived: start, reload and stop")
{
	Lab lab;
	Director::Result r = lab.director.reconcile(want(1));
	CHECK(r.ops == 2);
	CHECK(r.acked >= lab.kernel.acked);

	r = lab.director.reconcile(want(7));
	CHECK(r.ops == 1);
	CHECK(r.acked >= lab.kernel.acked);
	CHECK(r.acked <= Clock::now());

	r = lab.director.remove(true);
	CHECK(r.ops == 1);
	CHECK(r.acked >= lab.kernel.acked);
	CHECK(lab.kernel.sent == 4);
	CHECK(lab.kernel.held.entries.empty());
}

TEST_CASE("a batch with nothing to send is done when it was planned")
{
	Lab lab;
	lab.director.reconcile(want(1));
	Clock::time_point before = Clock::now();
	Director::Result r = lab.director.reconcile(want(1));
	CHECK(r.ops == 0);
	CHECK(r.acked >= before);
	CHECK(r.acked <= Clock::now());
}

TEST_CASE("a reload plans against the kernel: a table flushed or edited behind its back is repaired")
{
	Lab lab;
	lab.director.reconcile(want(1, true));
	REQUIRE(lab.kernel.held.entries.size() == 1);

	lab.kernel.held.entries.clear(); // ipvsadm -C
	Director::Result r = lab.director.reconcile(want(1, true));
	CHECK(r.ops == 3);
	CHECK(r.failed == 0);
	CHECK(lab.kernel.held.entries == lab.director.installed().entries);

	Entry &e = lab.kernel.held.entries[0];
	e.dests[0].weight = 9;          // ipvsadm -e
	e.dests.pop_back();             // ipvsadm -d
	e.service.sched_name = "rr";    // ipvsadm -E
	ipvs::Service other = e.service; // ipvsadm -A of a service nobody configured
	other.key.port = 81;
	lab.kernel.held.entries.push_back({{other, {}}, std::nullopt});
	r = lab.director.reconcile(want(1, true));
	CHECK(r.ops == 4);
	CHECK(r.failed == 0);
	CHECK(lab.kernel.held.entries == lab.director.installed().entries);
	CHECK(lab.kernel.reads == 3);
}

TEST_CASE("health re-plans go from what was installed; after a refusal the whole table is read again")
{
	Lab lab;
	lab.director.reconcile(want(1));
	size_t reads = lab.kernel.reads;

	Director::Result r = lab.director.apply_part(want(3));
	CHECK(r.ops == 1);
	CHECK(lab.kernel.reads == reads); // no dump for a health change
	CHECK(lab.director.trusted());

	lab.kernel.refuse = 1;
	r = lab.director.apply_part(want(4));
	CHECK(r.failed == 1);
	CHECK_FALSE(lab.director.trusted());
	CHECK(lab.log.back().find("SET_DEST") != std::string::npos);

	r = lab.director.reconcile(want(4));
	CHECK(r.ops == 1);
	CHECK(lab.director.trusted());
	CHECK(lab.kernel.held.entries[0].dests[0].weight == 4);
}

TEST_CASE("a draining real server stays drained across reloads that read it back at weight 0")
{
	Lab lab;
	const char *drain = " tcp_draining_timeout 30\n";
	lab.director.reconcile(want(1, true, drain));
	lab.kernel.held.entries[0].dests[1].active_conns = 1; // busy: cannot go yet

	Director::Result r = lab.director.reconcile(want(1, false, drain));
	CHECK(r.ops == 1); // SET_DEST weight 0
	CHECK(lab.director.draining() == 1);
	REQUIRE(lab.kernel.held.entries[0].dests.size() == 2);
	CHECK(lab.kernel.held.entries[0].dests[1].weight == 0);

	r = lab.director.reconcile(want(1, false, drain));
	CHECK(r.ops == 0);
	CHECK(lab.director.draining() == 1);

	r = lab.director.reconcile(want(1, true, drain)); // back in the config
	CHECK(r.ops == 1);
	CHECK(lab.director.draining() == 0);
	CHECK(lab.kernel.held.entries[0].dests[1].weight == 1);
}

TEST_CASE("one service added and removed over JSON-RPC: only its operations, nothing read, the rest kept")
{
	Lab lab;
	lab.director.reconcile(want(1));
	size_t reads = lab.kernel.reads;
	Director::Result r = lab.director.apply_part(second_service());
	CHECK(r.ops == 2); // NEW_SERVICE, NEW_DEST
	CHECK(lab.kernel.held.entries.size() == 2);
	CHECK(lab.director.installed().entries.size() == 2);

	ipvs::ServiceKey first = lab.kernel.held.entries[0].service.key;
	r = lab.director.apply_part({}, {first});
	CHECK(r.ops == 1); // DEL_SERVICE
	CHECK(r.error == 0);
	REQUIRE(lab.kernel.held.entries.size() == 1);
	CHECK(lab.kernel.held.entries == lab.director.installed().entries);
	CHECK(lab.kernel.reads == reads);

	lab.kernel.refuse = 1;
	r = lab.director.apply_part({}, {lab.kernel.held.entries[0].service.key});
	CHECK(r.failed == 1);
	CHECK(r.error == EPERM); // what the call's error names
}
