// vip_bind_dev on the host: puts the addresses bound_vips() wants on their
// devices (a /32 or /128, over the rtnetlink VRRP uses) and takes off the
// ones no longer wanted; at stop, every one it put on (R-KA-STOP).
#pragma once

#include "core/lvs/vip_bind.hpp"
#include "core/vrrp/rtnl.hpp"

#include <functional>
#include <string>
#include <vector>

namespace lvs::keepalived {

class VipBinder {
public:
	using Log = std::function<void(int priority, const std::string &text)>;
	explicit VipBinder(Log log) : log_(std::move(log)) {}

	void apply(const std::vector<table::BoundVip> &wanted);
	void remove_all() { apply({}); }

private:
	// False (and logged) if the device or the kernel refused.
	bool change(const table::BoundVip &v, bool add);

	vrrp::Rtnl rtnl_;
	Log log_;
	std::vector<table::BoundVip> bound_; // sorted, as bound_vips() gives them
};

} // namespace lvs::keepalived
