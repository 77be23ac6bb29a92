#include "core/netlink/nlmsg.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace lvs::netlink {

NlMsg::NlMsg(uint16_t type, uint16_t flags, const void *fixed, size_t len) : buf_(NLMSG_SPACE(len))
{
	auto *h = reinterpret_cast<nlmsghdr *>(buf_.data());
	h->nlmsg_type = type;
	h->nlmsg_flags = static_cast<uint16_t>(NLM_F_REQUEST | flags);
	if (len)
		std::memcpy(NLMSG_DATA(h), fixed, len);
}

void NlMsg::attr(uint16_t type, const void *data, size_t len)
{
	size_t at = buf_.size();
	buf_.resize(at + NLA_ALIGN(NLA_HDRLEN + len));
	auto *a = reinterpret_cast<nlattr *>(buf_.data() + at);
	a->nla_type = type;
	a->nla_len = static_cast<uint16_t>(NLA_HDRLEN + len);
	if (len) // a nest's header has no payload (and no pointer to one)
		std::memcpy(buf_.data() + at + NLA_HDRLEN, data, len);
}

void NlMsg::be32(uint16_t type, uint32_t value)
{
	value = htonl(value);
	attr(type, &value, sizeof value);
}

size_t NlMsg::nest(uint16_t type)
{
	size_t at = buf_.size();
	attr(static_cast<uint16_t>(type | NLA_F_NESTED), nullptr, 0);
	return at;
}

void NlMsg::end(size_t nested)
{
	reinterpret_cast<nlattr *>(buf_.data() + nested)->nla_len = static_cast<uint16_t>(buf_.size() - nested);
}

const nlmsghdr *NlMsg::done(uint32_t seq)
{
	auto *h = reinterpret_cast<nlmsghdr *>(buf_.data());
	h->nlmsg_len = static_cast<uint32_t>(buf_.size());
	h->nlmsg_seq = seq;
	return h;
}

} // namespace lvs::netlink
