#include "core/vrrp/stats.hpp"

#include <fmt/format.h>

namespace lvs::vrrp {

std::string format_stats(const std::string &instance, const Stats &s)
{
	return fmt::format("VRRP Instance: {}\n"
			   "  Advertisements:\n"
			   "    Received: {}\n"
			   "    Sent: {}\n"
			   "  Became master: {}\n"
			   "  Released master: {}\n"
			   "  Packet Errors:\n"
			   "    Length: {}\n"
			   "    TTL: {}\n"
			   "    Invalid Type: {}\n"
			   "    Advertisement Interval: {}\n"
			   "    Address List: {}\n"
			   "  Authentication Errors:\n"
			   "    Invalid Type: {}\n"
			   "    Type Mismatch: {}\n"
			   "    Failure: {}\n"
			   "  Priority Zero:\n"
			   "    Received: {}\n"
			   "    Sent: {}\n",
			   instance, s.advert_rcvd, s.advert_sent, s.become_master, s.release_master,
			   s.dropped(Drop::truncated), s.dropped(Drop::ttl), s.dropped(Drop::type),
			   s.dropped(Drop::interval), s.dropped(Drop::addrs), s.dropped(Drop::auth_type),
			   s.dropped(Drop::auth), s.dropped(Drop::password), s.pri_zero_rcvd, s.pri_zero_sent);
}

} // namespace lvs::vrrp
