#include "keepalived/vip_binder.hpp"

#include "core/error.hpp"
#include "core/net/addr.hpp"

#include <net/if.h>
#include <syslog.h>

#include <algorithm>
#include <iterator>

namespace lvs::keepalived {

void VipBinder::apply(const std::vector<table::BoundVip> &wanted)
{
	std::vector<table::BoundVip> gone, added, kept;
	std::set_difference(bound_.begin(), bound_.end(), wanted.begin(), wanted.end(), std::back_inserter(gone));
	std::set_difference(wanted.begin(), wanted.end(), bound_.begin(), bound_.end(), std::back_inserter(added));
	std::set_intersection(bound_.begin(), bound_.end(), wanted.begin(), wanted.end(), std::back_inserter(kept));
	for (const auto &v : gone)
		if (!change(v, false))
			kept.push_back(v); // still there: tried again next time
	for (const auto &v : added)
		if (change(v, true))
			kept.push_back(v);
	std::sort(kept.begin(), kept.end());
	bound_ = std::move(kept);
}

bool VipBinder::change(const table::BoundVip &v, bool add)
{
	std::string what = net::to_string(v.addr) + " on " + v.dev + " (vip_bind_dev)";
	vrrp::VipSpec spec;
	spec.addr = v.addr;
	spec.prefix = v.addr.af == AF_INET6 ? 128 : 32;
	spec.ifindex = if_nametoindex(v.dev.c_str());
	if (!spec.ifindex) {
		// A device that went took its addresses with it.
		if (add)
			log_(LOG_WARNING, "Cannot add " + what + ": no such device");
		return !add;
	}
	try {
		if (add)
			rtnl_.add(spec);
		else
			rtnl_.remove(spec);
	} catch (const Error &e) {
		log_(LOG_WARNING, "Cannot " + std::string(add ? "add " : "remove ") + what + ": " + e.what());
		return false;
	}
	log_(LOG_INFO, std::string(add ? "Added " : "Removed ") + what);
	return true;
}

} // namespace lvs::keepalived
