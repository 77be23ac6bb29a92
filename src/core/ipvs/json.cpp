#include "core/ipvs/json.hpp"

namespace lvs::ipvs {

namespace {

// "inet" or "inet6", as ip(8) names them.
const char *family_name(uint16_t af)
{
	return af == AF_INET6 ? "inet6" : "inet";
}

} // namespace

void add_service_key(OrderedJson &object, const ServiceKey &key)
{
	object["family"] = family_name(key.af);
	const char *protocol = key.fwmark ? nullptr : net::service_protocol(key.protocol);
	object["protocol"] = protocol ? OrderedJson(protocol) : OrderedJson();
	object["address"] = key.fwmark ? OrderedJson() : OrderedJson(net::to_string(key.addr));
	object["port"] = key.port;
	object["fwmark"] = key.fwmark;
}

OrderedJson address_json(const net::Addr &addr)
{
	return {{"family", family_name(addr.af)}, {"address", net::to_string(addr)}};
}

} // namespace lvs::ipvs
