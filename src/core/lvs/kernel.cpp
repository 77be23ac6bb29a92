#include "core/lvs/kernel.hpp"

namespace lvs::table {

Table IpvsKernel::read()
{
	Table t;
	t.timeouts = client_.timeouts();
	t.daemons = client_.daemons();
	auto services = client_.table();
	t.entries.reserve(services.size());
	for (auto &s : services)
		t.entries.push_back({std::move(s), std::nullopt});
	return t;
}

} // namespace lvs::table
