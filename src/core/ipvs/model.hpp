// The kernel's virtual-server table as plain data: what the IPVS generic
// netlink family carries, in host byte order. Every personality reads and
// writes the kernel through these types (see client.hpp).
#pragma once

#include "core/net/addr.hpp"

#include <cstdint>
#include <string>
#include <vector>
#include <sys/socket.h>

namespace lvs::ipvs {

// The model's addresses are the ones every part shares.
using net::Addr;

// Counters; from the STATS64 nest when the kernel sends one, else STATS.
struct Stats {
	uint64_t conns = 0, inpkts = 0, outpkts = 0, inbytes = 0, outbytes = 0;
	uint64_t cps = 0, inpps = 0, outpps = 0, inbps = 0, outbps = 0;

	friend bool operator==(const Stats &, const Stats &) = default;
};

// How the kernel names a service: fwmark != 0, or protocol + addr + port.
struct ServiceKey {
	uint16_t af = AF_INET;
	uint16_t protocol = 0; // IPPROTO_TCP/UDP/SCTP; 0 for a fwmark service
	Addr addr;
	uint16_t port = 0;
	uint32_t fwmark = 0;

	friend bool operator==(const ServiceKey &, const ServiceKey &) = default;
	friend auto operator<=>(const ServiceKey &, const ServiceKey &) = default;
};

// "TCP 10.0.0.1:80", "FWM 7": a service as log lines name it.
std::string to_string(const ServiceKey &key);

struct Service {
	ServiceKey key;
	std::string sched_name;
	std::string pe_name;
	uint32_t flags = 0;   // IP_VS_SVC_F_*
	uint32_t timeout = 0; // persistence, seconds
	uint32_t netmask = 0; // IPv4: mask in network order as the kernel keeps it; IPv6: prefix length
	Stats stats;

	friend bool operator==(const Service &, const Service &) = default;
};

// Our module's forwarding method beyond the stock ones (IP_VS_CONN_F_*),
// the value FULLNAT kernels (Alibaba LVS, EulerOS) use.
inline constexpr uint32_t kFwdFullNat = 0x0005;

struct Dest {
	Addr addr; // addr.af is the destination's family (IPVS_DEST_ATTR_ADDR_FAMILY)
	uint16_t port = 0;
	uint32_t conn_flags = 0; // forwarding method, IP_VS_CONN_F_FWD_MASK bits
	int32_t weight = 0;
	uint32_t u_threshold = 0, l_threshold = 0;
	uint32_t active_conns = 0, inact_conns = 0, persist_conns = 0;
	uint8_t tun_type = 0;  // IP_VS_CONN_F_TUNNEL_TYPE_*
	uint16_t tun_port = 0; // host order
	uint16_t tun_flags = 0;
	Stats stats;

	friend bool operator==(const Dest &, const Dest &) = default;
};

// A local address of a service's pool (full NAT, our module's
// IPVS_CMD_*_LADDR): full-NAT connections leave for the real servers from
// one of these, on a port of its own.
struct LocalAddr {
	Addr addr;                  // addr.af is the address's family
	uint64_t port_conflict = 0; // ports found taken while allocating one
	uint32_t conn_counts = 0;   // connections using the address

	friend bool operator==(const LocalAddr &, const LocalAddr &) = default;
};

// A service with its destinations and local addresses (none from the
// stock ip_vs): the unit of a listing and of a saved table.
struct ServiceEntry {
	Service service;
	std::vector<Dest> dests;
	std::vector<LocalAddr> laddrs{};

	friend bool operator==(const ServiceEntry &, const ServiceEntry &) = default;
};

struct Timeouts {
	uint32_t tcp = 0, tcp_fin = 0, udp = 0; // seconds; 0 in a request keeps the value

	friend bool operator==(const Timeouts &, const Timeouts &) = default;
};

struct Daemon {
	uint32_t state = 0; // IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP
	std::string mcast_ifn;
	uint32_t syncid = 0;
	uint16_t sync_maxlen = 0;
	Addr mcast_group; // af 0 bytes all zero: not set
	uint16_t mcast_port = 0;
	uint8_t mcast_ttl = 0;

	friend bool operator==(const Daemon &, const Daemon &) = default;
};

struct Info {
	uint32_t version = 0; // e.g. 0x010201 for 1.2.1
	uint32_t conn_tab_size = 0;
};

} // namespace lvs::ipvs
