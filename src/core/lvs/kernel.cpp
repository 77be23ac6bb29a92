#include "core/lvs/kernel.hpp"

#include <cerrno>

namespace lvs::table {

Table read_table(ipvs::Client &client)
{
	Table t;
	t.timeouts = client.timeouts();
	t.daemons = client.daemons();
	bool pools = true; // the stock ip_vs has no GET_LADDR: asked once
	auto services = client.services();
	t.entries.reserve(services.size());
	for (auto &s : services) {
		Entry e;
		try {
			e.dests = client.dests(s.key);
		} catch (const ipvs::KernelError &err) {
			if (err.err() != ESRCH)
				throw;
			continue; // deleted since the list was taken
		}
		if (pools) {
			try {
				e.laddrs = client.laddrs(s.key);
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
