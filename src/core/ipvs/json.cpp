#include "core/ipvs/json.hpp"

namespace lvs::ipvs {

const char *family_name(uint16_t af)
{
	return af == AF_INET6 ? "inet6" : "inet";
}

void add_service_key(OrderedJson &object, const ServiceKey &key)
{
	object["family"] = family_name(key.af);
	const char *protocol = key.fwmark ? nullptr : net::service_protocol(key.protocol);
	object["protocol"] = protocol ? OrderedJson(protocol) : OrderedJson();
	object["address"] = key.fwmark ? OrderedJson() : OrderedJson(net::to_string(key.addr));
	object["port"] = key.port;
	object["fwmark"] = key.fwmark;
}

} // namespace lvs::ipvs
