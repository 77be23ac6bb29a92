// 1.31's text formats for the table: -L in all its flavours (--stats,
// --rate, --thresholds, --persistent-conn, --tun-info), -S, --timeout and
// --daemon, byte for byte (padding, trailing spaces, number scaling, cuts);
// and Alibaba LVS's -G, the local addresses of full-NAT services.
#pragma once

#include "core/ipvs/model.hpp"
#include "ipvsadm/parse.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lvs::ipvsadm {

// A service as listed; -S saves its local addresses as -P lines.
using ServiceEntry = ipvs::ServiceEntry;

// A service's pool of local addresses, as -G lists it.
struct LaddrEntry {
	ipvs::ServiceKey key;
	std::vector<ipvs::LocalAddr> laddrs;
};

// How hosts and ports are named without -n (the resolver, in the tool;
// fixed tables in tests).
struct Names {
	std::function<std::string(const net::Addr &)> host;
	std::function<std::optional<std::string>(uint16_t port, uint16_t protocol)> service;
};
// Names from the resolver and the services database, each looked up once.
Names system_names();

// 1.31's addrport_to_anyname: "10.0.0.1:80", "[2001:db8::1]:http", at
// most 59 characters.
std::string addr_port(const net::Addr &addr, uint16_t port, uint16_t protocol, bool numeric,
		      const Names &names);

// A counter in 9 columns, scaled to K, M, G or T past 8 digits; --exact
// prints it whole (at least 9 wide, one space before it).
std::string largenum(uint64_t value, bool exact);

std::string header(const ipvs::Info &info); // "IP Virtual Server version 1.2.1 (size=4096)"
std::string title(const Format &format);     // the column heads, by list flavour
// The column heads and every service with its destinations, in the
// format's flavour and in the order given.
std::string table_text(const std::vector<ServiceEntry> &entries, const Format &format,
		       const Names &names);
std::string timeouts_text(const ipvs::Timeouts &t);
// -G as Alibaba LVS's ipvsadm prints it: a title, then per service its
// "VIP:VPORT" (always numeric; "FWM:N" for a firewall mark, where
// Alibaba's shows 0.0.0.0:0) and the pool's size, and one row per
// address with its port conflicts and connections. No title without a
// service.
std::string laddrs_text(const std::vector<LaddrEntry> &entries);
std::string daemons_text(const std::vector<ipvs::Daemon> &daemons);

// Sorts services and destinations as 1.31 does unless --nosort.
void sort_entries(std::vector<ServiceEntry> &entries, const Format &format);

} // namespace lvs::ipvsadm
