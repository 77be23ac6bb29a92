#include "core/lvs/director.hpp"

#include "core/ipvs/codec.hpp"
#include "core/lvs/hash.hpp"
#include "core/lvs/kernel.hpp"
#include "core/net/addr.hpp"

#include <syslog.h>

#include <cerrno>
#include <cstring>
#include <unordered_set>

namespace lvs::table {

namespace {

using event::Clock;

// Drained destinations are looked at this often: deleted once idle, or
// once their tcp_draining_timeout is up.
constexpr auto kDrainPoll = std::chrono::seconds(1);

double ms_since(Clock::time_point t0)
{
	return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// "NEW_DEST TCP 10.0.0.1:80 -> 10.0.1.1:80", for the log.
std::string describe(const ipvs::Op &op)
{
	std::string s = ipvs::cmd_name(ipvs::cmd_of(op));
	std::visit(
		[&](const auto &o) {
			if constexpr (requires { o.service.key; })
				s += " " + ipvs::to_string(o.service.key);
			else if constexpr (requires { *o.service; }) // ZERO: one service or all
				s += o.service ? " " + ipvs::to_string(*o.service) : "";
			else if constexpr (requires { o.service; })
				s += " " + ipvs::to_string(o.service);
			if constexpr (requires { o.dest; })
				s += " -> " + net::to_string(o.dest.addr, o.dest.port);
			if constexpr (requires { o.port; }) // DEL_DEST
				s += " -> " + net::to_string(o.addr, o.port);
			else if constexpr (requires { o.addr; })
				s += " laddr " + net::to_string(o.addr);
			if constexpr (requires { o.daemon; })
				s += " daemon " + o.daemon.mcast_ifn;
		},
		op);
	return s;
}

} // namespace

size_t Director::DrainKeyHash::operator()(const DrainKey &k) const
{
	return hash_mix(hash_addr(ServiceKeyHash{}(k.service), k.addr), k.port);
}

Director::Director(Kernel &kernel, event::Loop &loop, Log log)
	: kernel_(kernel), loop_(loop), log_(std::move(log))
{
}

Director::~Director()
{
	loop_.cancel(poll_);
}

Director::Result Director::reconcile(Table wanted)
{
	Result r;
	auto t0 = Clock::now();
	Table current = kernel_.read();
	r.read_ms = ms_since(t0);
	Plan plan = plan_and_send(current, wanted, r);
	trusted_ = r.failed == 0;
	track(wanted, plan, false);
	installed_ = table::installed(std::move(wanted), plan);
	index_installed();
	return r;
}

Plan Director::plan_and_send(const Table &current, const Table &wanted, Result &r)
{
	auto t0 = Clock::now();
	Plan plan = diff(current, wanted);
	r.plan_ms = ms_since(t0);
	send_timed(plan.ops, r);
	return plan;
}

void Director::send_timed(const std::vector<ipvs::Op> &ops, Result &r)
{
	auto t0 = Clock::now();
	r.ops = ops.size();
	r.failed = send(ops, &r.error);
	r.acked = Clock::now();
	r.apply_ms = std::chrono::duration<double, std::milli>(r.acked - t0).count();
}

Director::Result Director::apply_part(Table part, const std::vector<ipvs::ServiceKey> &gone)
{
	Table current;
	current.entries.reserve(part.entries.size() + gone.size());
	for (const auto &e : part.entries)
		if (auto it = where_.find(e.service.key); it != where_.end())
			current.entries.push_back(installed_.entries[it->second]);
	for (const auto &key : gone)
		if (auto it = where_.find(key); it != where_.end())
			current.entries.push_back(installed_.entries[it->second]);
	Result r;
	Plan plan = plan_and_send(current, part, r);
	trusted_ = trusted_ && r.failed == 0;
	track(part, plan, true, gone);
	for (const auto &key : gone)
		forget(key);
	for (auto &e : table::installed(std::move(part), plan).entries) {
		auto [it, fresh] = where_.try_emplace(e.service.key, installed_.entries.size());
		if (fresh)
			installed_.entries.push_back(std::move(e));
		else
			installed_.entries[it->second] = std::move(e);
	}
	return r;
}

void Director::forget(const ipvs::ServiceKey &key)
{
	auto it = where_.find(key);
	if (it == where_.end())
		return;
	size_t i = it->second, last = installed_.entries.size() - 1;
	where_.erase(it);
	if (i != last) {
		installed_.entries[i] = std::move(installed_.entries[last]);
		where_[installed_.entries[i].service.key] = i;
	}
	installed_.entries.pop_back();
}

void Director::index_installed()
{
	where_.clear();
	where_.reserve(installed_.entries.size());
	for (size_t i = 0; i < installed_.entries.size(); i++)
		where_.try_emplace(installed_.entries[i].service.key, i);
}

Director::Result Director::remove(bool flush)
{
	std::vector<ipvs::Op> ops;
	if (flush || only_ours()) {
		ops.push_back(ipvs::op::Flush{});
	} else {
		ops.reserve(installed_.entries.size());
		for (const auto &e : installed_.entries)
			ops.push_back(ipvs::op::DelService{e.service.key});
	}
	for (const auto &d : installed_.daemons)
		ops.push_back(ipvs::op::DelDaemon{d});
	Result r;
	send_timed(ops, r);
	installed_ = Table{};
	where_.clear();
	trusted_ = false;
	drains_.clear();
	loop_.cancel(poll_);
	poll_ = 0;
	return r;
}

// Whether every service in the kernel is one we installed: then one FLUSH
// removes exactly what we installed, where a DEL_SERVICE each takes
// seconds for 50,000 services.
bool Director::only_ours()
{
	std::unordered_set<ipvs::ServiceKey, ServiceKeyHash> ours;
	ours.reserve(installed_.entries.size());
	for (const auto &e : installed_.entries)
		ours.insert(e.service.key);
	for (const auto &s : kernel_.services())
		if (!ours.count(s.key))
			return false;
	return true;
}

size_t Director::send(const std::vector<ipvs::Op> &ops, int *first)
{
	if (ops.empty())
		return 0;
	std::vector<int> results = kernel_.execute(ops);
	size_t failed = 0;
	for (size_t i = 0; i < ops.size(); i++) {
		if (!results[i])
			continue;
		if (!failed++ && first)
			*first = results[i];
		log_(LOG_WARNING, "IPVS: " + describe(ops[i]) + ": " + std::strerror(results[i]));
	}
	return failed;
}

void Director::track(const Table &wanted, const Plan &plan, bool part, const std::vector<ipvs::ServiceKey> &gone)
{
	std::unordered_map<DrainKey, Clock::time_point, DrainKeyHash> next;
	if (part) {
		std::unordered_set<ipvs::ServiceKey, ServiceKeyHash> planned(gone.begin(), gone.end());
		for (const auto &e : wanted.entries)
			planned.insert(e.service.key);
		for (const auto &[key, deadline] : drains_)
			if (!planned.count(key.service))
				next.emplace(key, deadline);
	}
	for (const auto &d : plan.draining) {
		const ipvs::ServiceKey &svc = wanted.entries[d.entry].service.key;
		DrainKey key{svc, d.dest.addr, d.dest.port};
		auto old = drains_.find(key);
		Clock::time_point deadline = d.timeout ? loop_.now() + std::chrono::seconds(d.timeout)
						       : Clock::time_point::max();
		if (old != drains_.end()) {
			deadline = old->second;
		} else {
			log_(LOG_INFO, "draining real server " + net::to_string(key.addr, key.port) + " of " + ipvs::to_string(svc) +
					       (d.timeout ? " for up to " + std::to_string(d.timeout) + " s" : " until idle"));
		}
		next.emplace(key, deadline);
	}
	drains_ = std::move(next);
	if (!poll_)
		schedule_poll();
}

void Director::schedule_poll()
{
	if (drains_.empty())
		return;
	poll_ = loop_.after(kDrainPoll, [this] {
		poll_ = 0;
		poll_drains();
	});
}

// Deletes the drained destinations that are idle or out of time; forgets
// those that are gone from the kernel.
void Director::poll_drains()
{
	std::unordered_map<ipvs::ServiceKey, std::vector<DrainKey>, ServiceKeyHash> by_service;
	for (const auto &[key, deadline] : drains_)
		by_service[key.service].push_back(key);
	std::vector<ipvs::op::DelDest> dels;
	for (const auto &[svc, keys] : by_service) {
		std::vector<ipvs::Dest> dests;
		try {
			dests = kernel_.dests(svc);
		} catch (const ipvs::KernelError &e) {
			if (e.err() != ESRCH)
				throw;
		}
		for (const auto &key : keys) {
			const ipvs::Dest *d = nullptr;
			for (const auto &x : dests)
				if (x.addr == key.addr && x.port == key.port)
					d = &x;
			if (!d) {
				drains_.erase(key);
				continue;
			}
			bool idle = d->active_conns + d->inact_conns == 0;
			if (!idle && loop_.now() < drains_.at(key))
				continue;
			log_(LOG_INFO, "real server " + net::to_string(key.addr, key.port) + " of " + ipvs::to_string(svc) +
					       (idle ? " drained" : " still busy when its draining time ran out") +
					       ": deleted");
			dels.push_back({svc, key.addr, key.port});
		}
	}
	if (send({dels.begin(), dels.end()}))
		trusted_ = false;
	end_drains(dels);
	schedule_poll();
}

void Director::end_drains(const std::vector<ipvs::op::DelDest> &dels)
{
	for (const auto &o : dels) {
		drains_.erase(DrainKey{o.service, o.addr, o.port});
		auto it = where_.find(o.service);
		if (it == where_.end())
			continue;
		auto &ds = installed_.entries[it->second].dests;
		std::erase_if(ds, [&](const ipvs::Dest &d) { return d.addr == o.addr && d.port == o.port; });
	}
}

} // namespace lvs::table
