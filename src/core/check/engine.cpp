#include "core/check/engine.hpp"

#include "core/check/spec.hpp"
#include "core/lvs/hash.hpp"

#include <algorithm>

namespace lvs::check {

namespace {

// A notify script that hangs must not keep one of the runner's bounded
// slots for ever (keepalived waits for them without limit).
constexpr auto kNotifyTimeout = std::chrono::seconds(60);

} // namespace

Engine::Engine(event::Loop &loop) : scripts_(loop), pinger_(loop), env_{loop, scripts_, pinger_, tls_}
{
}

std::optional<RsHealth> Engine::health(const RsId &key) const
{
	auto it = targets_.find(key);
	if (it == targets_.end())
		return std::nullopt;
	return it->second.health;
}

RsHealth Engine::judge(const Target &t)
{
	RsHealth h{true, t.weight};
	for (const Check *c : t.checks) {
		h.up = h.up && c->up();
		if (c->weight())
			h.weight = *c->weight();
	}
	return h;
}

void Engine::sync(const config::Config &cfg)
{
	tls_.configure(cfg.ssl);
	// A check's identity: its real server, its settings and which of the
	// real server's identical checkers it is. A merged check's is the
	// real server's address (merged_id()) with the settings of the first
	// TCP_CHECK the config gives that address: the guide checks each
	// address once, whatever the ports and timeouts of the other
	// services say.
	//
	// The maps are updated in place: what this config has is marked with
	// a new generation and the rest dropped at the end, so a reload of
	// 100,000 real servers costs a lookup each, not a rebuilt map.
	gen_++;
	std::unordered_map<CheckId, CheckId, CheckIdHash> merged_ids; // by merged_id() without settings
	std::vector<std::pair<CheckId, Check *>> fresh;
	std::vector<std::pair<RsId, RsHealth>> moved;
	for (const auto &vs : cfg.virtual_servers) {
		for (const auto &rs : vs.real_servers) {
			RsId key = table::rs_id(vs, rs);
			auto [target, new_target] = targets_.try_emplace(key);
			Target &t = target->second;
			t.gen = gen_;
			t.weight = rs.weight;
			const config::RealServerRare &rare = config::peek(rs.rare);
			t.up = rare.notify_up ? Notify{rare.notify_up->command, run_as(*rare.notify_up, cfg.global)}
					      : Notify{};
			t.down = rare.notify_down
					 ? Notify{rare.notify_down->command, run_as(*rare.notify_down, cfg.global)}
					 : Notify{};
			t.checks.clear();
			std::unordered_map<std::string, int> seen;
			for (const auto &k : rs.checkers) {
				if (vs.checker_off || !runs(k.type))
					continue;
				Spec spec = make_spec(cfg, vs, rs, k);
				std::string fp = fingerprint(k, spec);
				CheckId id;
				if (vs.checker_merge && k.type == config::CheckerType::tcp) {
					id = merged_ids.try_emplace(merged_id(rs, {}), merged_id(rs, std::move(fp)))
						     .first->second;
				} else {
					// Most real servers have one checker: no count to keep.
					std::uint32_t nth = rs.checkers.size() > 1 ? seen[fp]++ : 0;
					id = CheckId{key, nth, std::move(fp)};
				}
				auto [running, new_check] = checks_.try_emplace(id);
				Running &r = running->second;
				if (new_check) {
					r.check = std::make_unique<Check>(env_, std::move(spec));
					fresh.emplace_back(id, r.check.get());
				}
				if (r.gen != gen_) {
					r.gen = gen_;
					r.targets.clear();
				}
				if (std::find(t.checks.begin(), t.checks.end(), r.check.get()) != t.checks.end())
					continue; // a second TCP_CHECK of a merged address
				r.targets.push_back(key);
				t.checks.push_back(r.check.get());
			}
			RsHealth h = judge(t);
			if (new_target)
				t.health = h;
			else if (h != t.health)
				moved.emplace_back(std::move(key), h); // report() moves it
		}
	}
	// Checks not carried over stop here, with their attempts.
	std::erase_if(checks_, [this](const auto &c) { return c.second.gen != gen_; });
	std::erase_if(targets_, [this](const auto &t) { return t.second.gen != gen_; });
	for (auto &[id, check] : fresh)
		check->start([this, id = id] { changed(id); });
	for (const auto &[key, h] : moved)
		report(key, targets_.at(key), h);
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

void Engine::changed(const CheckId &id)
{
	auto it = checks_.find(id);
	if (it == checks_.end())
		return;
	for (const RsId &key : it->second.targets) {
		Target &t = targets_.at(key);
		RsHealth h = judge(t);
		if (h != t.health)
			report(key, t, h);
	}
}

void Engine::report(const RsId &key, Target &t, const RsHealth &h)
{
	bool flipped = h.up != t.health.up;
	t.health = h;
	const Notify &n = h.up ? t.up : t.down;
	if (flipped && !n.command.empty())
		scripts_.run(n.command, n.who, kNotifyTimeout, {});
	if (on_change)
		on_change(key, h);
}

} // namespace lvs::check
