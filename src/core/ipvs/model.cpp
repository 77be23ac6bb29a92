#include "core/ipvs/model.hpp"

#include <netinet/in.h>

namespace lvs::ipvs {

std::string to_string(const ServiceKey &key)
{
	if (key.fwmark)
		return "FWM " + std::to_string(key.fwmark);
	std::string name = key.protocol == IPPROTO_TCP	  ? "TCP"
			   : key.protocol == IPPROTO_UDP  ? "UDP"
			   : key.protocol == IPPROTO_SCTP ? "SCTP"
							  : "protocol " + std::to_string(key.protocol);
	return name + " " + net::to_string(key.addr, key.port);
}

} // namespace lvs::ipvs
