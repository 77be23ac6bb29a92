// The kernel as the Director sees it: its whole IPVS table read back as a
// Table (for diff()), the operations that change it, and the two lists
// that drains and stop consult. IpvsKernel is the real one: it reads with
// Client::table(), the reader ipvsadm uses too; a benchmark plans reloads
// against one that only counts, the unit tests against one in memory.
#pragma once

#include "core/ipvs/client.hpp"
#include "core/lvs/desired.hpp"

#include <vector>

namespace lvs::table {

class Kernel {
public:
	virtual ~Kernel() = default;
	// Every service with its destinations and, where the kernel has
	// local-address pools (our full-NAT module), its local addresses.
	virtual Table read() = 0;
	// Sends `ops` in order; an errno per op, 0 where it was done.
	virtual std::vector<int> execute(const std::vector<ipvs::Op> &ops) = 0;
	virtual std::vector<ipvs::Service> services() = 0;
	// Throws ipvs::KernelError (ESRCH) for a service the kernel lacks.
	virtual std::vector<ipvs::Dest> dests(const ipvs::ServiceKey &key) = 0;
};

class IpvsKernel final : public Kernel {
public:
	explicit IpvsKernel(ipvs::Client &client) : client_(client) {}
	Table read() override;
	std::vector<int> execute(const std::vector<ipvs::Op> &ops) override { return client_.execute(ops); }
	std::vector<ipvs::Service> services() override { return client_.services(); }
	std::vector<ipvs::Dest> dests(const ipvs::ServiceKey &key) override { return client_.dests(key); }

private:
	ipvs::Client &client_;
};

} // namespace lvs::table
