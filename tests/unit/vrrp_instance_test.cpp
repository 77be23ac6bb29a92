// The VRRP state machine driven by hand: which actions each event asks for.
#include "core/vrrp/instance.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace lvs::vrrp;
using namespace std::chrono_literals;

namespace {

lvs::net::Addr v4(uint8_t last)
{
	return {AF_INET, {10, 0, 0, last}};
}

Instance make(uint8_t prio, uint8_t version = 2)
{
	Params p;
	p.name = "VI_1";
	p.version = version;
	p.priority = prio;
	p.primary = v4(2);
	return make_instance(p);
}

Advert advert(uint8_t prio, uint16_t interval_cs = 100)
{
	Advert a;
	a.priority = prio;
	a.interval_cs = interval_cs;
	return a;
}

bool has(const Actions &as, Act act)
{
	return std::ranges::any_of(as, [&](const Action &a) { return a.act == act; });
}

Duration armed(const Actions &as)
{
	for (const auto &a : as)
		if (a.act == Act::arm)
			return a.after;
	FAIL("no timer armed");
	return {};
}

} // namespace

TEST_CASE("master-down interval: 3 intervals plus the priority's skew")
{
	Instance v2 = make(100);
	CHECK(master_down(v2) == 3s + 1000000us * 156 / 256);
	Instance v3 = make(200, 3);
	v3.master_advert = 500ms;
	CHECK(master_down(v3) == 1500ms + 500000us * 56 / 256);
}

TEST_CASE("a backup waits master-down, then becomes master and adds its VIPs")
{
	Instance in = make(100);
	Actions a = start(in);
	CHECK(in.state == State::backup);
	CHECK(a.front() == Action{Act::enter, State::backup});
	CHECK(armed(a) == master_down(in));
	a = on_timer(in);
	CHECK(in.state == State::master);
	CHECK(has(a, Act::add_vips));
	CHECK(std::ranges::count(a, Action{Act::send, State::master, 100}) == 1);
	CHECK(armed(a) == 1s);
	// As master: the next timer only advertises.
	a = on_timer(in);
	CHECK(in.state == State::master);
	CHECK(a == Actions{{Act::send, State::master, 100}, {Act::arm, State::master, 0, 1s}});
}

TEST_CASE("the address owner starts as master; state MASTER only listens less")
{
	Instance owner = make(255);
	start(owner);
	CHECK(owner.state == State::master);
	Instance eager = make(100);
	eager.p.start_master = true;
	Actions a = start(eager);
	CHECK(eager.state == State::backup);
	CHECK(armed(a) == 1s);
}

TEST_CASE("preemption: a higher priority backup lets a lower master's adverts pass")
{
	Instance in = make(150);
	start(in);
	CHECK(on_advert(in, advert(100), v4(1)).empty()); // timer keeps running
	CHECK(has(on_advert(in, advert(200), v4(1)), Act::arm));
	CHECK(has(on_advert(in, advert(150), v4(1)), Act::arm));

	Instance no = make(150);
	no.p.preempt = false;
	start(no);
	CHECK(has(on_advert(no, advert(100), v4(1)), Act::arm)); // nopreempt: stay backup

	Instance delayed = make(150);
	delayed.p.preempt_delay = 5s;
	Actions a = start(delayed);
	CHECK(std::ranges::count(a, Action{Act::arm_preempt, State::init, 0, 5s}) == 1);
	CHECK(has(on_advert(delayed, advert(100), v4(1)), Act::arm));
	on_preempt_delay_end(delayed);
	CHECK(on_advert(delayed, advert(100), v4(1)).empty());
}

TEST_CASE("a master yields to a higher priority, and to a higher address on a tie")
{
	Instance in = make(100);
	start(in);
	on_timer(in);
	Actions a = on_advert(in, advert(90), v4(1));
	CHECK(in.state == State::master);
	CHECK(has(a, Act::send)); // answers at once
	on_advert(in, advert(100), v4(1)); // tie, lower address
	CHECK(in.state == State::master);
	a = on_advert(in, advert(100), v4(3)); // tie, higher address
	CHECK(in.state == State::backup);
	CHECK(has(a, Act::remove_vips));

	on_timer(in);
	on_advert(in, advert(101), v4(1));
	CHECK(in.state == State::backup);
}

TEST_CASE("lower_prio_no_advert (vrrp_strict): a master lets a lower priority advert pass unanswered")
{
	Instance in = make(100);
	in.p.lower_prio_no_advert = true;
	start(in);
	on_timer(in);
	CHECK(on_advert(in, advert(90), v4(1)).empty());
	CHECK(in.state == State::master);
	CHECK(has(on_advert(in, advert(110), v4(1)), Act::remove_vips));
}

TEST_CASE("priority 0: a backup takes over after the skew; stop resigns")
{
	Instance in = make(100);
	start(in);
	CHECK(armed(on_advert(in, advert(0), v4(1))) == 1000000us * 156 / 256);
	on_timer(in);
	Actions a = stop(in);
	CHECK(in.state == State::stop);
	CHECK(a.front() == Action{Act::send, State::master, 0});
	CHECK(has(a, Act::remove_vips));
	CHECK(on_timer(in).empty());
}

TEST_CASE("v3: a backup adopts the master's interval")
{
	Instance in = make(100, 3);
	start(in);
	Actions a = on_advert(in, advert(200, 50), v4(1));
	CHECK(in.master_advert == 500ms);
	CHECK(armed(a) == 1500ms + 500000us * 156 / 256);
}

TEST_CASE("tracking: weights move the effective priority, a zero weight faults")
{
	Instance in = make(100);
	start(in);
	on_timer(in);
	set_tracking(in, -60, false);
	CHECK(in.effective == 40);
	CHECK(on_timer(in).front() == Action{Act::send, State::master, 40});
	set_tracking(in, 500, false);
	CHECK(in.effective == 254);
	set_tracking(in, -500, false);
	CHECK(in.effective == 1);

	Actions a = set_tracking(in, 0, true);
	CHECK(in.state == State::fault);
	CHECK(has(a, Act::remove_vips));
	CHECK(has(a, Act::disarm));
	CHECK(on_advert(in, advert(50), v4(1)).empty());
	CHECK(follow(in, State::master).empty()); // our own fault wins
	a = set_tracking(in, 0, false);
	CHECK(in.state == State::backup);
	CHECK(armed(a) == master_down(in));

	Instance owner = make(255);
	set_tracking(owner, -50, false);
	CHECK(owner.effective == 255);
}

TEST_CASE("sync groups: members follow each other")
{
	Instance a = make(100), b = make(100);
	start(a);
	start(b);
	on_timer(a);
	CHECK(has(follow(b, State::master), Act::add_vips));
	CHECK(b.state == State::master);
	CHECK(follow(b, State::master).empty());
	CHECK(has(follow(b, State::fault), Act::remove_vips));
	CHECK(b.state == State::fault);
	follow(b, State::backup);
	CHECK(b.state == State::backup);
}
