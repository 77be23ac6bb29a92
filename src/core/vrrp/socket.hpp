// The raw IP socket (protocol 112) one instance sends and receives its
// adverts on: bound to its interface, TTL / hop limit 255, joined to
// 224.0.0.18 or ff02::12 unless it talks to unicast peers, never looping
// its own multicast back. Received packets come with their envelope
// (source, destination, TTL) for packet.hpp's checks.
#pragma once

#include "core/net/addr.hpp"
#include "core/sys/fd.hpp"
#include "core/vrrp/packet.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lvs::vrrp {

net::Addr multicast_group(uint16_t af);

class Socket {
public:
	// src: the address we send from (primary IPv4 or the link-local IPv6).
	Socket(uint16_t af, const std::string &ifname, unsigned ifindex, const net::Addr &src, bool multicast);

	int fd() const { return fd_.get(); }
	// Throws lvs::Error naming the destination.
	void send(std::span<const uint8_t> msg, const net::Addr &dst);

	struct Packet {
		Envelope env;
		std::vector<uint8_t> msg; // the VRRP message
		bool malformed = false;   // IPv4: the IP header does not hold together
	};
	// One packet; nullopt when nothing is waiting.
	std::optional<Packet> receive();

private:
	uint16_t af_;
	unsigned ifindex_;
	net::Addr src_;
	sys::Fd fd_;
	std::vector<uint8_t> buf_;
};

} // namespace lvs::vrrp
