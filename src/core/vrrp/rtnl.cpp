#include "core/vrrp/rtnl.hpp"

#include "core/error.hpp"
#include "core/net/addr.hpp"
#include "core/netlink/nlmsg.hpp"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace lvs::vrrp {

namespace {

sys::Fd open_route(uint32_t groups)
{
	sys::Fd fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | (groups ? SOCK_NONBLOCK : 0), NETLINK_ROUTE));
	sockaddr_nl sa{};
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = groups;
	if (!fd || bind(fd.get(), reinterpret_cast<sockaddr *>(&sa), sizeof sa) < 0)
		throw Error(std::string("rtnetlink socket: ") + std::strerror(errno));
	return fd;
}

size_t len_of(const net::Addr &a)
{
	return a.af == AF_INET6 ? 16 : 4;
}

// Sends one request and reads until its ACK (or error); calls `reply` with
// any other message that answers it.
int transact(int fd, netlink::NlMsg &m, uint32_t seq, const std::function<void(const nlmsghdr *)> &reply = {})
{
	const nlmsghdr *h = m.done(seq);
	if (send(fd, h, h->nlmsg_len, 0) < 0)
		return errno;
	std::vector<uint8_t> buf(32768);
	for (;;) {
		ssize_t n = recv(fd, buf.data(), buf.size(), 0);
		if (n < 0)
			return errno;
		size_t left = static_cast<size_t>(n);
		for (auto *r = reinterpret_cast<nlmsghdr *>(buf.data()); NLMSG_OK(r, left); r = NLMSG_NEXT(r, left)) {
			if (r->nlmsg_seq != seq)
				continue;
			if (r->nlmsg_type == NLMSG_ERROR)
				return -reinterpret_cast<nlmsgerr *>(NLMSG_DATA(r))->error;
			if (reply)
				reply(r);
		}
	}
}

} // namespace

Rtnl::Rtnl() : fd_(open_route(0)) {}

void Rtnl::request(uint16_t type, uint16_t flags, const VipSpec &v)
{
	ifaddrmsg ifa{};
	ifa.ifa_family = static_cast<uint8_t>(v.addr.af);
	ifa.ifa_prefixlen = v.prefix;
	ifa.ifa_scope = v.scope;
	ifa.ifa_index = v.ifindex;
	// An IPv6 VIP must answer at once, not after duplicate detection.
	ifa.ifa_flags = v.addr.af == AF_INET6 ? IFA_F_NODAD : 0;
	netlink::NlMsg m(type, static_cast<uint16_t>(NLM_F_ACK | flags), &ifa, sizeof ifa);
	m.attr(IFA_LOCAL, v.addr.bytes.data(), len_of(v.addr));
	m.attr(IFA_ADDRESS, v.addr.bytes.data(), len_of(v.addr));
	if (v.broadcast)
		m.attr(IFA_BROADCAST, v.broadcast->bytes.data(), 4);
	if (!v.label.empty())
		m.attr(IFA_LABEL, v.label.c_str(), v.label.size() + 1);
	if (type == RTM_NEWADDR && v.addr.af == AF_INET6 && v.preferred_lft != kForever) {
		ifa_cacheinfo lifetimes{};
		lifetimes.ifa_prefered = v.preferred_lft;
		lifetimes.ifa_valid = kForever;
		m.attr(IFA_CACHEINFO, &lifetimes, sizeof lifetimes);
	}
	int err = transact(fd_.get(), m, ++seq_);
	bool done = err == 0 || (type == RTM_NEWADDR && err == EEXIST) ||
		    (type == RTM_DELADDR && (err == EADDRNOTAVAIL || err == ENOENT || err == ENODEV));
	if (!done)
		throw Error(std::string(type == RTM_NEWADDR ? "adding " : "removing ") + net::to_string(v.addr) + "/" +
			    std::to_string(v.prefix) + ": " + std::strerror(err));
}

void Rtnl::add(const VipSpec &v)
{
	request(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, v);
}

void Rtnl::remove(const VipSpec &v)
{
	request(RTM_DELADDR, 0, v);
}

bool Rtnl::link_up(unsigned ifindex)
{
	ifinfomsg ifi{};
	ifi.ifi_index = static_cast<int>(ifindex);
	netlink::NlMsg m(RTM_GETLINK, NLM_F_ACK, &ifi, sizeof ifi);
	bool up = false;
	int err = transact(fd_.get(), m, ++seq_, [&](const nlmsghdr *r) {
		if (r->nlmsg_type == RTM_NEWLINK) {
			auto *info = reinterpret_cast<const ifinfomsg *>(NLMSG_DATA(r));
			up = (info->ifi_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
		}
	});
	return err == 0 && up;
}

LinkWatch::LinkWatch() : fd_(open_route(RTMGRP_LINK)) {}

void LinkWatch::drain(const Changed &fn)
{
	std::vector<uint8_t> buf(32768);
	ssize_t n;
	while ((n = recv(fd_.get(), buf.data(), buf.size(), MSG_DONTWAIT)) > 0) {
		size_t left = static_cast<size_t>(n);
		for (auto *r = reinterpret_cast<nlmsghdr *>(buf.data()); NLMSG_OK(r, left); r = NLMSG_NEXT(r, left)) {
			if (r->nlmsg_type != RTM_NEWLINK && r->nlmsg_type != RTM_DELLINK)
				continue;
			auto *info = reinterpret_cast<const ifinfomsg *>(NLMSG_DATA(r));
			bool up = r->nlmsg_type == RTM_NEWLINK &&
				  (info->ifi_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
			fn(static_cast<unsigned>(info->ifi_index), up);
		}
	}
}

} // namespace lvs::vrrp
