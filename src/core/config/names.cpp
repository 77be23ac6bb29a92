#include "core/config/names.hpp"

#include "core/config/values.hpp"

namespace lvs::config {

std::string virtual_server_name(const VirtualServer &vs)
{
	if (vs.kind == VsKind::group)
		return "[" + vs.group + "]:0";
	if (vs.kind == VsKind::fwmark)
		return "FWM " + std::to_string(vs.fwmark);
	return trio(vs.addr, vs.protocol);
}

bool fnat(Forward f)
{
	return f == Forward::fnat || f == Forward::fnat_in_vxlan;
}

} // namespace lvs::config
