// The Director's account of what it did: a reload's end for the kernel is
// the moment the last ACK of its batch arrived, which the checker logs
// and the lab's reload benchmark sets against its kill -HUP.
#include "core/event/loop.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/director.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

using namespace lvs;
using namespace lvs::table;
using event::Clock;

namespace {

// Takes every operation; notes when it handed back the last answer, as
// the netlink client returns once the last ACK is in.
class AckingKernel final : public Kernel {
public:
	Table read() override { return {}; }
	std::vector<int> execute(const std::vector<ipvs::Op> &ops) override
	{
		sent += ops.size();
		acked = Clock::now();
		return std::vector<int>(ops.size(), 0);
	}
	std::vector<ipvs::Service> services() override { return {}; }
	std::vector<ipvs::Dest> dests(const ipvs::ServiceKey &) override { return {}; }
	size_t sent = 0;
	Clock::time_point acked{};
};

Table want(int weight)
{
	return desired(lvstest::load("virtual_server 10.0.100.1 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n"
				     " real_server 10.0.2.2 80 {\n  weight " +
				     std::to_string(weight) + "\n }\n}\n"),
		       {});
}

} // namespace

TEST_CASE("a batch's result says when its last ACK arrived: start, reload and stop")
{
	event::Loop loop;
	AckingKernel kernel;
	Director director(kernel, loop, [](int, const std::string &) {});

	Director::Result r = director.reconcile(want(1));
	CHECK(r.ops == 2);
	CHECK(r.acked >= kernel.acked);

	r = director.apply(want(7));
	CHECK(r.ops == 1);
	CHECK(r.acked >= kernel.acked);
	CHECK(r.acked <= Clock::now());

	r = director.remove(true);
	CHECK(r.ops == 1);
	CHECK(r.acked >= kernel.acked);
	CHECK(kernel.sent == 4);
}

TEST_CASE("a batch with nothing to send is done when it was planned")
{
	event::Loop loop;
	AckingKernel kernel;
	Director director(kernel, loop, [](int, const std::string &) {});
	director.reconcile(want(1));
	Clock::time_point before = Clock::now();
	Director::Result r = director.apply(want(1));
	CHECK(r.ops == 0);
	CHECK(r.acked >= before);
	CHECK(r.acked <= Clock::now());
}
