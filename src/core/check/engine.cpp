#include "core/check/engine.hpp"

#include "core/check/spec.hpp"

#include <algorithm>

namespace lvs::check {

namespace {

// A notify script that hangs must not keep one of the runner's bounded
// slots for ever (keepalived waits for them without limit).
constexpr auto kNotifyTimeout = std::chrono::seconds(60);

// The address (and VXLAN id) checker_merge checks once.
std::string merge_key(const config::RealServer &rs)
{
	const auto &a = rs.addr.addr.bytes;
	std::string key(reinterpret_cast<const char *>(a.data()), a.size());
	if (auto vni = config::peek(rs.rare).vni)
		key += "\n" + std::to_string(*vni);
	return key;
}

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
	// real server's address (and VXLAN id, as the guide does not merge
	// across those) with the settings of the first TCP_CHECK the config
	// gives that address: the guide checks each address once, whatever
	// the ports and timeouts of the other services say.
	std::unordered_map<std::string, Running> next;
	std::unordered_map<RsId, Target, table::RsIdHash> next_targets;
	std::unordered_map<std::string, std::string> merged_ids; // by address
	std::vector<std::pair<std::string, Check *>> fresh;
	for (const auto &vs : cfg.virtual_servers) {
		for (const auto &rs : vs.real_servers) {
			RsId key = table::rs_id(vs, rs);
			Target t;
			t.weight = rs.weight;
			const config::RealServerRare &rare = config::peek(rs.rare);
			if (rare.notify_up)
				t.up = {rare.notify_up->command, run_as(*rare.notify_up, cfg.global)};
			if (rare.notify_down)
				t.down = {rare.notify_down->command, run_as(*rare.notify_down, cfg.global)};
			std::unordered_map<std::string, int> seen;
			for (const auto &k : rs.checkers) {
				if (vs.checker_off || !runs(k.type))
					continue;
				Spec spec = make_spec(cfg, vs, rs, k);
				std::string fp = fingerprint(k, spec);
				std::string id;
				if (vs.checker_merge && k.type == config::CheckerType::tcp)
					id = merged_ids.try_emplace(merge_key(rs), "merged\n" + fp).first->second;
				else
					id = table::to_string(key) + "\n" + fp + "\n" + std::to_string(seen[fp]++);
				auto it = next.find(id);
				if (it == next.end()) {
					Running r;
					auto old = checks_.find(id);
					if (old != checks_.end()) {
						r.check = std::move(old->second.check);
					} else {
						r.check = std::make_unique<Check>(env_, std::move(spec));
						fresh.emplace_back(id, r.check.get());
					}
					it = next.emplace(id, std::move(r)).first;
				}
				if (std::find(t.checks.begin(), t.checks.end(), it->second.check.get()) != t.checks.end())
					continue; // a second TCP_CHECK of a merged address
				it->second.targets.push_back(key);
				t.checks.push_back(it->second.check.get());
			}
			t.health = judge(t);
			next_targets.emplace(std::move(key), std::move(t));
		}
	}
	// Checks not carried over stop here, with their attempts.
	checks_ = std::move(next);
	std::vector<std::pair<RsId, RsHealth>> moved;
	for (auto &[key, t] : next_targets) {
		auto old = targets_.find(key);
		if (old != targets_.end() && old->second.health != t.health) {
			moved.emplace_back(key, t.health);
			t.health = old->second.health; // report() moves it
		}
	}
	targets_ = std::move(next_targets);
	for (auto &[id, check] : fresh)
		check->start([this, id = id] { changed(id); });
	for (const auto &[key, h] : moved)
		report(key, targets_.at(key), h);
}

void Engine::changed(const std::string &id)
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
