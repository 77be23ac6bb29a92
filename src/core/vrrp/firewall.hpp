// What keepalived 2.2.7 does for a master that is not the address owner
// and has no accept mode (vrrp_strict's default, or no_accept): RFC 5798
// 6.4.3 says it must not accept packets addressed to the virtual
// addresses. The nf_tables tables "ip keepalived" and "ip6 keepalived"
// drop traffic to (chain "in", input) and from (chain "out", output) the
// addresses in their set "vips", neighbour discovery excepted; an address
// is in the set while its instance is master.
#pragma once

#include "core/net/addr.hpp"
#include "core/sys/fd.hpp"

#include <cstdint>

namespace lvs::vrrp {

class Firewall {
public:
	// Replaces a previous run's tables with empty ones. Throws
	// lvs::Error (no nf_tables in the kernel...).
	Firewall();
	Firewall(const Firewall &) = delete;
	Firewall &operator=(const Firewall &) = delete;
	// The tables go with the daemon.
	~Firewall();

	// Throw lvs::Error naming the address.
	void block(const net::Addr &a);
	void unblock(const net::Addr &a);

private:
	class Batch;
	void send(Batch &b);
	void remove_tables();

	sys::Fd fd_;
	uint32_t seq_ = 0;
};

} // namespace lvs::vrrp
