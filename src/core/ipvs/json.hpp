// How JSON names a virtual service and an address family, the same in
// ipvsadm's --json and in keepalived's JSON-RPC results (which lvscli
// --json prints): see JSON OUTPUT in ipvsadm(8) and lvscli(8).
#pragma once

#include "core/ipvs/model.hpp"
#include "core/json.hpp"

namespace lvs::ipvs {

// "inet" or "inet6", as ip(8) names them.
const char *family_name(uint16_t af);

// Adds "family", "protocol" ("tcp", "udp", "sctp"; null for a fwmark
// service), "address" (null for a fwmark service), "port" and "fwmark"
// (0 unless a fwmark service) to object.
void add_service_key(OrderedJson &object, const ServiceKey &key);

} // namespace lvs::ipvs
