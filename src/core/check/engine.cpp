#include "core/check/engine.hpp"

#include "core/check/spec.hpp"
#include "core/lvs/hash.hpp"

#include <algorithm>
#include <climits>

namespace lvs::check {

namespace {

// A notify script that hangs must not keep one of the runner's bounded
// slots for ever (keepalived waits for them without limit).
constexpr auto kNotifyTimeout = std::chrono::seconds(60);

} // namespace

Engine::Engine(event::Loop &loop)
	: scripts_(loop), pinger_(loop), files_(loop),
	  env_{loop, scripts_, pinger_, tls_, regexes_, files_, on_log, on_detail}
{
}

std::optional<RsHealth> Engine::health(const RsId &key) const
{
	auto it = targets_.find(key);
	if (it == targets_.end())
		return std::nullopt;
	return it->second.health;
}

std::optional<RsHealth> Engine::health(const table::RsAt &at) const
{
	RsId key = table::rs_id(at.vs, at.rs);
	if (at.vs_index + 1 < first_.size()) {
		std::size_t i = first_[at.vs_index] + at.rs_index;
		if (i < first_[at.vs_index + 1] && *order_[i]->key == key)
			return order_[i]->health;
	}
	return health(key);
}

RsHealth Engine::judge(const Target &t)
{
	// keepalived's effective weight: each checker's share is what it
	// adds to the configured weight.
	RsHealth h{true, t.weight};
	std::int64_t weight = t.weight;
	for (const Check *c : t.checks) {
		h.up = h.up && c->up();
		if (c->weight())
			weight += std::int64_t(*c->weight()) - t.weight;
		weight += c->weight_add();
	}
	h.weight = std::uint32_t(std::clamp<std::int64_t>(weight, 0, INT32_MAX));
	return h;
}

void Engine::sync(const config::Config &cfg)
{
	tls_.configure(cfg.ssl);
	init_track_files(cfg, gen_ > 0, on_log);
	// The maps are updated in place: what this config has is marked with
	// a new generation and the rest dropped at the end, so a reload of
	// 100,000 real servers costs a lookup each, not a rebuilt map; and
	// where the config kept its order, not even that (place(), run()).
	gen_++;
	Pass pass;
	std::vector<Target *> last = std::move(order_);
	std::size_t next = 0;
	order_.clear();
	order_.reserve(last.size());
	first_.clear();
	first_.reserve(cfg.virtual_servers.size() + 1);
	merging_ = false;
	for (std::size_t vi = 0; vi < cfg.virtual_servers.size(); vi++) {
		first_.push_back(order_.size());
		take(cfg, vi, last, next, pass, order_);
	}
	first_.push_back(order_.size());
	// Checks not carried over stop here, with their attempts.
	std::erase_if(checks_, [this](const auto &c) { return c.second.gen != gen_; });
	std::erase_if(targets_, [this](const auto &t) { return t.second.gen != gen_; });
	finish(pass);
}

void Engine::edit(const config::Config &cfg, std::size_t vi, table::Edit e)
{
	// A merged check serves real servers of other virtual servers: only
	// the whole config says which.
	if (merging_ || (e != Edit::erase && cfg.virtual_servers[vi].checker_merge)) {
		sync(cfg);
		return;
	}
	gen_++;
	std::size_t begin = e == Edit::append ? order_.size() : first_[vi];
	std::size_t end = e == Edit::append ? order_.size() : first_[vi + 1];
	std::vector<Target *> last(order_.begin() + begin, order_.begin() + end);
	std::vector<Running *> old_runs;
	for (Target *t : last)
		old_runs.insert(old_runs.end(), t->runs.begin(), t->runs.end());
	Pass pass;
	std::vector<Target *> now;
	if (e != Edit::erase) {
		std::size_t next = 0;
		take(cfg, vi, last, next, pass, now);
	}
	order_.erase(order_.begin() + begin, order_.begin() + end);
	order_.insert(order_.begin() + begin, now.begin(), now.end());
	std::ptrdiff_t delta = std::ptrdiff_t(now.size()) - std::ptrdiff_t(end - begin);
	if (e == Edit::append) {
		first_.push_back(order_.size()); // the old end is where it starts
	} else {
		if (e == Edit::erase)
			first_.erase(first_.begin() + vi);
		for (std::size_t k = e == Edit::replace ? vi + 1 : vi; k < first_.size(); k++)
			first_[k] += delta;
	}
	// Those after it moved: their places and their virtual server's index.
	for (std::size_t k = vi; k + 1 < first_.size(); k++)
		for (std::size_t i = first_[k]; i < first_[k + 1]; i++) {
			order_[i]->pos = i;
			order_[i]->vs = k;
		}
	std::sort(old_runs.begin(), old_runs.end());
	old_runs.erase(std::unique(old_runs.begin(), old_runs.end()), old_runs.end());
	for (Running *r : old_runs)
		if (r->gen != gen_)
			checks_.erase(*r->id);
	for (Target *t : last)
		if (t->gen != gen_)
			targets_.erase(*t->key);
	finish(pass);
}

void Engine::take(const config::Config &cfg, std::size_t vi, const std::vector<Target *> &last, std::size_t &next,
		  Pass &pass, std::vector<Target *> &out)
{
	// A check's identity: its real server, its settings and which of the
	// real server's identical checkers it is. A merged check's is the
	// real server's address (merged_id()) with the settings of the first
	// TCP_CHECK the config gives that address: the guide checks each
	// address once, whatever the ports and timeouts of the other
	// services say.
	const config::VirtualServer &vs = cfg.virtual_servers[vi];
	merging_ = merging_ || (vs.checker_merge && !vs.checker_off);
	for (const auto &rs : vs.real_servers) {
		bool new_target = false;
		Target &t = place(table::rs_id(vs, rs), last, next, new_target);
		t.pos = out.size(); // an edit puts it in its place afterwards
		out.push_back(&t);
		t.gen = gen_;
		t.vs = vi;
		t.weight = rs.weight;
		const config::RealServerRare &rare = config::peek(rs.rare);
		t.up = rare.notify_up ? Notify{rare.notify_up->command, script::run_as(*rare.notify_up, cfg.global)}
				      : Notify{};
		t.down = rare.notify_down ? Notify{rare.notify_down->command, script::run_as(*rare.notify_down, cfg.global)}
					  : Notify{};
		std::vector<Running *> by_checker;
		t.checks.clear();
		std::unordered_map<std::string, int> seen;
		for (const auto &k : rs.checkers) {
			if (vs.checker_off || !runs(k.type))
				continue;
			Spec spec = make_spec(cfg, vs, rs, k);
			std::string fp = fingerprint(k, spec);
			CheckId id;
			if (vs.checker_merge && k.type == config::CheckerType::tcp) {
				id = pass.merged_ids.try_emplace(merged_id(rs, {}), merged_id(rs, std::move(fp))).first->second;
			} else {
				// Most real servers have one checker: no count to keep.
				std::uint32_t nth = rs.checkers.size() > 1 ? seen[fp]++ : 0;
				id = CheckId{*t.key, nth, std::move(fp)};
			}
			Running &r = run(std::move(id), t, by_checker.size(), spec, pass.started);
			by_checker.push_back(&r);
			if (r.gen != gen_) {
				r.gen = gen_;
				r.targets.clear();
			}
			if (std::find(t.checks.begin(), t.checks.end(), r.check.get()) != t.checks.end())
				continue; // a second TCP_CHECK of a merged address
			r.targets.push_back(&t);
			t.checks.push_back(r.check.get());
		}
		t.runs = std::move(by_checker);
		RsHealth h = judge(t);
		if (new_target)
			t.health = h;
		else if (h != t.health)
			pass.moved.emplace_back(&t, h);
	}
}

void Engine::finish(Pass &pass)
{
	for (Running *r : pass.started)
		r->check->start([this, r] { changed(*r); });
	for (const auto &[t, h] : pass.moved)
		report(*t, h);
}

Engine::Target &Engine::place(RsId key, const std::vector<Target *> &last, std::size_t &next, bool &fresh)
{
	if (next < last.size() && *last[next]->key == key)
		return *last[next++];
	auto [it, added] = targets_.try_emplace(std::move(key));
	Target &t = it->second;
	fresh = added;
	if (added)
		t.key = &it->first;
	else
		next = t.pos + 1; // the last config's order goes on from there
	return t;
}

Engine::Running &Engine::run(CheckId id, const Target &t, std::size_t nth, Spec &spec,
			     std::vector<Running *> &started)
{
	if (nth < t.runs.size() && *t.runs[nth]->id == id)
		return *t.runs[nth];
	auto [it, added] = checks_.try_emplace(std::move(id));
	Running &r = it->second;
	if (added) {
		r.id = &it->first;
		r.check = std::make_unique<Check>(env_, std::move(spec));
		started.push_back(&r);
	}
	return r;
}

// The address alone, and the VXLAN id (the guide does not merge across
// those).
Engine::CheckId Engine::merged_id(const config::RealServer &rs, std::string settings)
{
	RsId id;
	id.addr = rs.addr.addr;
	return {id, config::peek(rs.rare).vni.value_or(0), std::move(settings)};
}

std::size_t Engine::CheckIdHash::operator()(const CheckId &id) const
{
	return table::hash_mix(table::hash_mix(table::RsIdHash{}(id.rs), id.nth), std::hash<std::string>{}(id.settings));
}

void Engine::changed(const Running &r)
{
	for (Target *t : r.targets) {
		RsHealth h = judge(*t);
		if (h != t->health)
			report(*t, h);
	}
}

void Engine::report(Target &t, const RsHealth &h)
{
	bool flipped = h.up != t.health.up;
	t.health = h;
	const Notify &n = h.up ? t.up : t.down;
	if (flipped && !n.command.empty())
		scripts_.run(n.command, n.who, kNotifyTimeout, {});
	if (on_change)
		on_change(*t.key, t.vs, h);
}

} // namespace lvs::check
