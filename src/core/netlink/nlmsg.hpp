// A netlink request under construction: header, fixed part, attributes
// (nested ones too). For rtnetlink (vrrp/rtnl.cpp) and nf_tables
// (vrrp/firewall.cpp): a handful of attributes each do not need libnl.
#pragma once

#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lvs::netlink {

class NlMsg {
public:
	// flags: besides NLM_F_REQUEST.
	NlMsg(uint16_t type, uint16_t flags, const void *fixed, size_t len);

	void attr(uint16_t type, const void *data, size_t len);
	void str(uint16_t type, const std::string &s) { attr(type, s.c_str(), s.size() + 1); }
	void be32(uint16_t type, uint32_t value); // in network order, as nf_tables takes numbers
	// A nested attribute: its attributes follow until end(nest()).
	size_t nest(uint16_t type);
	void end(size_t nested);

	// The finished message, with its length and sequence number.
	const nlmsghdr *done(uint32_t seq);

private:
	std::vector<uint8_t> buf_;
};

} // namespace lvs::netlink
