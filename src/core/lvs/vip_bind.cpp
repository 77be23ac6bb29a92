#include "core/lvs/vip_bind.hpp"

#include "core/lvs/desired.hpp"

#include <algorithm>

namespace lvs::table {

namespace {

bool any_live(const config::Config &cfg, size_t vs, const HealthView &health)
{
	for (size_t rs = 0; rs < cfg.virtual_servers[vs].real_servers.size(); ++rs)
		if (health_of(health, cfg, vs, rs).up)
			return true;
	return false;
}

} // namespace

std::vector<BoundVip> bound_vips(const config::Config &cfg, const HealthView &health)
{
	std::vector<BoundVip> out;
	for (size_t i = 0; i < cfg.virtual_servers.size(); ++i) {
		const config::VirtualServer &vs = cfg.virtual_servers[i];
		const std::string &dev = peek(vs.rare).vip_bind_dev;
		if (dev.empty() || vs.kind == config::VsKind::fwmark || !any_live(cfg, i, health))
			continue;
		for (const auto &key : service_keys(cfg, vs))
			if (!key.fwmark)
				out.push_back({dev, key.addr});
	}
	std::sort(out.begin(), out.end());
	out.erase(std::unique(out.begin(), out.end()), out.end());
	return out;
}

} // namespace lvs::table
