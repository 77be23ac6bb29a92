#include "core/lvs/vip_bind.hpp"

#include "core/lvs/desired.hpp"

#include <algorithm>

namespace lvs::table {

namespace {

bool any_live(const config::VirtualServer &vs, const HealthView &health)
{
	return std::any_of(vs.real_servers.begin(), vs.real_servers.end(),
			   [&](const config::RealServer &rs) { return health_of(health, vs, rs).up; });
}

} // namespace

std::vector<BoundVip> bound_vips(const config::Config &cfg, const HealthView &health)
{
	std::vector<BoundVip> out;
	for (const auto &vs : cfg.virtual_servers) {
		const std::string &dev = peek(vs.rare).vip_bind_dev;
		if (dev.empty() || vs.kind == config::VsKind::fwmark || !any_live(vs, health))
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
