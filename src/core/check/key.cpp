#include "core/check/key.hpp"

#include "core/config/validate.hpp"
#include "core/config/values.hpp"

#include <functional>

namespace lvs::check {

namespace {

std::size_t mix(std::size_t h, std::size_t v)
{
	return h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

std::size_t hash_addr(std::size_t h, const ipvs::Addr &a)
{
	for (std::uint8_t b : a.bytes)
		h = h * 131 + b;
	return mix(h, a.af);
}

} // namespace

std::size_t TargetKeyHash::operator()(const TargetKey &k) const
{
	std::size_t h = hash_addr(0, k.rs_addr);
	h = mix(h, k.rs_port);
	h = hash_addr(h, k.vs_addr);
	h = mix(h, (std::size_t(k.vs_port) << 32) | (std::size_t(k.protocol) << 16) | k.af);
	h = mix(h, k.fwmark);
	if (!k.group.empty())
		h = mix(h, std::hash<std::string>{}(k.group));
	return h;
}

TargetKey target_key(const config::VirtualServer &vs, const config::RealServer &rs)
{
	TargetKey k;
	k.kind = vs.kind;
	k.rs_addr = rs.addr.addr;
	k.rs_port = rs.addr.port;
	switch (vs.kind) {
	case config::VsKind::group:
		k.group = vs.group;
		k.vs_port = vs.addr.port;
		break;
	case config::VsKind::fwmark:
		k.af = vs.af;
		k.fwmark = vs.fwmark;
		break;
	case config::VsKind::address:
		k.af = vs.af;
		k.protocol = vs.protocol;
		k.vs_addr = vs.addr.addr;
		k.vs_port = vs.addr.port;
		break;
	}
	return k;
}

std::string to_string(const TargetKey &k)
{
	std::string vs;
	switch (k.kind) {
	case config::VsKind::group:
		vs = "[" + k.group + "]:" + std::to_string(k.vs_port);
		break;
	case config::VsKind::fwmark:
		vs = "FWM " + std::to_string(k.fwmark);
		break;
	case config::VsKind::address:
		vs = config::trio({k.vs_addr, k.vs_port}, k.protocol);
		break;
	}
	return vs + " / " + config::trio({k.rs_addr, k.rs_port}, k.protocol);
}

} // namespace lvs::check
