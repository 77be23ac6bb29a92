#include "core/vrrp/instance.hpp"

#include <algorithm>

namespace lvs::vrrp {

namespace {

// RFC 5798 6.1: Skew_Time = ((256 - Priority) × Master_Adver_Interval) / 256;
// RFC 3768 6.1 is the same with a one-second interval.
Duration skew(const Instance &in)
{
	Duration unit = in.p.version == 3 ? in.master_advert : Duration(std::chrono::seconds(1));
	return unit * (256 - in.effective) / 256;
}

void become_master(Instance &in, Actions &out)
{
	in.state = State::master;
	out.push_back({Act::enter, State::master});
	out.push_back({Act::add_vips});
	out.push_back({Act::send, State::master, in.effective});
	out.push_back({Act::arm, State::master, 0, in.p.advert});
}

void become_backup(Instance &in, Actions &out)
{
	if (in.state == State::master)
		out.push_back({Act::remove_vips});
	in.state = State::backup;
	out.push_back({Act::enter, State::backup});
	out.push_back({Act::arm, State::backup, 0, master_down(in)});
}

void become_fault(Instance &in, Actions &out)
{
	if (in.state == State::master)
		out.push_back({Act::remove_vips});
	in.state = State::fault;
	out.push_back({Act::enter, State::fault});
	out.push_back({Act::disarm});
}

bool wins_tie(const Instance &in, const net::Addr &src)
{
	return in.p.primary.bytes > src.bytes;
}

Actions on_advert_backup(Instance &in, const Advert &a)
{
	Actions out;
	if (a.priority == 0) {
		// RFC 5798 6.4.2: the master resigned; take over after the skew only.
		out.push_back({Act::arm, State::backup, 0, skew(in)});
		return out;
	}
	bool hold = !in.p.preempt || in.preempt_held;
	if (hold || a.priority >= in.effective) {
		if (in.p.version == 3)
			in.master_advert = Duration(a.interval_cs * 10000);
		out.push_back({Act::arm, State::backup, 0, master_down(in)});
	}
	// A lower priority with preemption on: let the master-down timer run out.
	return out;
}

Actions on_advert_master(Instance &in, const Advert &a, const net::Addr &src)
{
	Actions out;
	if (a.priority == 0) {
		out.push_back({Act::send, State::master, in.effective});
		out.push_back({Act::arm, State::master, 0, in.p.advert});
		return out;
	}
	if (a.priority > in.effective || (a.priority == in.effective && !wins_tie(in, src))) {
		if (in.p.version == 3)
			in.master_advert = Duration(a.interval_cs * 10000);
		become_backup(in, out);
		return out;
	}
	// A lower priority (or a lost tie) that thinks it is master: answer
	// now rather than at the next interval, as keepalived does, so the
	// other side steps down at once; the RFC only discards the advert.
	if (in.p.lower_prio_no_advert)
		return out;
	out.push_back({Act::send, State::master, in.effective});
	out.push_back({Act::arm, State::master, 0, in.p.advert});
	return out;
}

} // namespace

std::string_view state_name(State s)
{
	static constexpr std::string_view names[] = {"INIT", "BACKUP", "MASTER", "FAULT", "STOP"};
	return names[static_cast<size_t>(s)];
}

Instance make_instance(Params p)
{
	Instance in;
	in.effective = p.priority;
	in.master_advert = p.advert;
	in.p = std::move(p);
	return in;
}

Duration master_down(const Instance &in)
{
	Duration interval = in.p.version == 3 ? in.master_advert : in.p.advert;
	return interval * in.p.down_adverts + skew(in);
}

Actions start(Instance &in)
{
	Actions out;
	if (in.p.preempt_delay.count() > 0) {
		in.preempt_held = true;
		out.push_back({Act::arm_preempt, State::init, 0, in.p.preempt_delay});
	}
	if (in.faulty) {
		become_fault(in, out);
		return out;
	}
	if (in.p.priority == kOwnerPriority) {
		become_master(in, out);
		return out;
	}
	// state MASTER only shortens the first wait to one interval: never
	// master without having listened, so a restart cannot split the brain.
	become_backup(in, out);
	if (in.p.start_master)
		out.back().after = in.p.advert;
	return out;
}

Actions on_advert(Instance &in, const Advert &a, const net::Addr &src)
{
	if (in.state == State::backup)
		return on_advert_backup(in, a);
	if (in.state == State::master)
		return on_advert_master(in, a, src);
	return {};
}

Actions on_timer(Instance &in)
{
	Actions out;
	if (in.state == State::master) {
		out.push_back({Act::send, State::master, in.effective});
		out.push_back({Act::arm, State::master, 0, in.p.advert});
	} else if (in.state == State::backup) {
		become_master(in, out);
	}
	return out;
}

Actions on_preempt_delay_end(Instance &in)
{
	in.preempt_held = false;
	return {};
}

Actions set_tracking(Instance &in, int weight, bool faulty)
{
	Actions out;
	if (in.p.priority != kOwnerPriority)
		in.effective = static_cast<uint8_t>(std::clamp(in.p.priority + weight, 1, 254));
	bool was = in.faulty;
	in.faulty = faulty;
	if (in.state == State::stop || in.state == State::init)
		return out;
	if (faulty && !was)
		become_fault(in, out);
	else if (!faulty && was && in.state == State::fault)
		become_backup(in, out);
	return out;
}

Actions follow(Instance &in, State to)
{
	Actions out;
	if (in.state == to || in.state == State::stop || in.state == State::init)
		return out;
	if (to == State::fault)
		become_fault(in, out);
	else if (in.faulty)
		return out; // our own tracking keeps us out until it recovers
	else if (to == State::master)
		become_master(in, out);
	else if (to == State::backup)
		become_backup(in, out);
	return out;
}

Actions stop(Instance &in)
{
	Actions out;
	if (in.state == State::master) {
		// RFC 5798 6.4.3: priority 0 tells the backups to take over now.
		out.push_back({Act::send, State::master, 0});
		out.push_back({Act::remove_vips});
	}
	in.state = State::stop;
	out.push_back({Act::disarm});
	out.push_back({Act::enter, State::stop});
	return out;
}

} // namespace lvs::vrrp
