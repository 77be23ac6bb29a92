#include "core/lvs/kernel.hpp"

#include <cerrno>

namespace lvs::table {

Table IpvsKernel::read()
{
	Table t;
	t.timeouts = client_.timeouts();
	t.daemons = client_.daemons();
	bool pools = true; // the stock ip_vs has no GET_LADDR: asked once
	auto services = client_.services();
	t.entries.reserve(services.size());
	for (auto &s : services) {
		Entry e;
		try {
			e.dests = client_.dests(s.key);
		} catch (const ipvs::KernelError &err) {
			if (err.err() != ESRCH)
				throw;
			continue; // deleted since the list was taken
		}
		if (pools) {
			try {
				e.laddrs = client_.laddrs(s.key);
			} catch (const ipvs::KernelError &err) {
				if (err.err() != EOPNOTSUPP)
					throw;
				pools = false;
			}
		}
		e.service = std::move(s);
		t.entries.push_back(std::move(e));
	}
	return t;
}

} // namespace lvs::table
