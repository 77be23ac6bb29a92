// The IPVS generic-netlink client: one socket per process, the family
// resolved once. Requests that change the table can be sent in one go
// (execute of a vector); listing uses dumps.
#pragma once

#include "core/error.hpp"
#include "core/ipvs/model.hpp"
#include "core/ipvs/op.hpp"
#include "core/netlink/genl_socket.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lvs::ipvs {

// The kernel refused a request: errno as the kernel returned it (positive)
// and the IPVS_CMD_* that was refused, so callers can map both to their
// own messages (ipvsadm's are per command).
class KernelError : public Error {
public:
	KernelError(int cmd, int err);
	int cmd() const { return cmd_; }
	int err() const { return err_; }

private:
	int cmd_;
	int err_;
};

class Client {
public:
	// Opens the socket and resolves "IPVS". Throws lvs::Error (saying how
	// to load it) when the kernel has no IPVS.
	Client();

	Info info();
	Timeouts timeouts();
	std::vector<Daemon> daemons();

	// All services, with stats, in the kernel's order.
	std::vector<Service> services();
	// One service by key; nullopt when the kernel has none (ESRCH).
	std::optional<Service> service(const ServiceKey &key);
	// The destinations of one service, with stats, in the kernel's order.
	std::vector<Dest> dests(const ServiceKey &key);
	// The local addresses of one service (GET_LADDR), in the pool's order.
	// Our module answers none for a service it does not have; the stock
	// ip_vs refuses the command (KernelError, EOPNOTSUPP).
	std::vector<LocalAddr> laddrs(const ServiceKey &key);

	// Every service with its destinations and local addresses. On our
	// module one GET_TABLE dump, read again while the table changes under
	// it, so a service is never listed twice or missed; on the stock
	// ip_vs, which lacks the command, a dump per service (as 1.31), with
	// services the kernel's resumed dump repeats listed once and those
	// deleted before their destinations were read left out. The one
	// reader of the table: ipvsadm's listings and keepalived's reloads.
	std::vector<ServiceEntry> table();

	// Sends one request and waits for its ACK; throws KernelError.
	void execute(const Op &op);
	// Sends every request, then collects every ACK: one result per op,
	// 0 or the kernel's errno, in order. Never stops early: the kernel
	// has already acted on each request it received.
	std::vector<int> execute(const std::vector<Op> &ops);

	netlink::GenlSocket &socket() { return sock_; }

private:
	netlink::GenlSocket sock_;
};

} // namespace lvs::ipvs
