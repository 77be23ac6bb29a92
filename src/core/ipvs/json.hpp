// How JSON names a virtual service, an address and an address family,
// the same in ipvsadm's --json and in keepalived's JSON-RPC results (which
// lvscli --json prints): see JSON OUTPUT in ipvsadm(8) and lvscli(8).
#pragma once

#include "core/ipvs/model.hpp"
#include "core/json.hpp"

namespace lvs::ipvs {

// Adds "family", "protocol" ("tcp", "udp", "sctp"; null for a fwmark
// service), "address" (null for a fwmark service), "port" and "fwmark"
// (0 unless a fwmark service) to object.
void add_service_key(OrderedJson &object, const ServiceKey &key);

// {"family", "address"}: how an address that is no service's key begins
// its object (a destination, a local address, a connection's end).
OrderedJson address_json(const net::Addr &addr);

} // namespace lvs::ipvs
