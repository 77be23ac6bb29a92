#include "core/lvs/health.hpp"

#include "core/config/values.hpp"
#include "core/lvs/hash.hpp"

namespace lvs::table {

size_t VsIdHash::operator()(const VsId &id) const
{
	size_t h = hash_mix(static_cast<size_t>(id.kind), id.af);
	h = hash_mix(hash_mix(hash_mix(h, id.protocol), id.port), id.fwmark);
	h = hash_addr(h, id.addr);
	return id.group.empty() ? h : hash_mix(h, std::hash<std::string>{}(id.group));
}

size_t RsIdHash::operator()(const RsId &id) const
{
	return hash_mix(hash_addr(VsIdHash{}(id.vs), id.addr), id.port);
}

VsId vs_id(const config::VirtualServer &vs)
{
	VsId id;
	id.kind = vs.kind;
	switch (vs.kind) {
	case config::VsKind::address:
		id.af = vs.af;
		id.protocol = vs.protocol;
		id.addr = vs.addr.addr;
		id.port = vs.addr.port;
		break;
	case config::VsKind::fwmark:
		id.af = vs.af;
		id.fwmark = vs.fwmark;
		break;
	case config::VsKind::group:
		id.protocol = vs.protocol;
		id.group = vs.group;
		break;
	}
	return id;
}

RsId rs_id(const config::VirtualServer &vs, const config::RealServer &rs)
{
	return {vs_id(vs), rs.addr.addr, rs.addr.port};
}

std::string to_string(const RsId &id)
{
	std::string vs;
	switch (id.vs.kind) {
	case config::VsKind::group:
		vs = "[" + id.vs.group + "]";
		break;
	case config::VsKind::fwmark:
		vs = "FWM " + std::to_string(id.vs.fwmark);
		break;
	case config::VsKind::address:
		vs = config::trio({id.vs.addr, id.vs.port}, id.vs.protocol);
		break;
	}
	return vs + " / " + config::trio({id.addr, id.port}, id.vs.protocol);
}

RsHealth initial_health(const config::VirtualServer &vs, const config::RealServer &rs)
{
	bool down = false;
	if (!vs.checker_off)
		for (const auto &k : rs.checkers)
			down |= k.alpha == config::Inherit::yes;
	return {!down, rs.weight};
}

RsHealth health_of(const HealthView &health, const config::Config &cfg, size_t vs, size_t rs)
{
	const config::VirtualServer &v = cfg.virtual_servers[vs];
	const config::RealServer &r = v.real_servers[rs];
	std::optional<RsHealth> known = health ? health(RsAt{v, r, vs, rs}) : std::nullopt;
	return known ? *known : initial_health(v, r);
}

} // namespace lvs::table
