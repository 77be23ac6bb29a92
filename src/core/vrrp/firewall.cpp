#include "core/vrrp/firewall.hpp"

#include "core/error.hpp"
#include "core/net/addr.hpp"
#include "core/netlink/nlmsg.hpp"

// glibc's in.h before the kernel's, which would define the same again
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

namespace lvs::vrrp {

namespace {

const std::string kTable = "keepalived";
constexpr int32_t kPriority = -1; // keepalived's nftables_priority default: before filter

// keepalived's tables: "ip keepalived" and "ip6 keepalived", each with
// its set "vips".
struct Family {
	uint8_t nfproto;
	uint32_t key_type; // nft's datatype ids, so `nft list` prints addresses
	uint32_t len;
	uint32_t daddr, saddr; // offsets in the IP header
};
constexpr Family kIpv4{NFPROTO_IPV4, 7, 4, 16, 12};
constexpr Family kIpv6{NFPROTO_IPV6, 8, 16, 24, 8};
constexpr const char *kSet = "vips";

const Family &family_of(const net::Addr &a)
{
	return a.af == AF_INET6 ? kIpv6 : kIpv4;
}

uint16_t nft(uint16_t msg)
{
	return static_cast<uint16_t>(NFNL_SUBSYS_NFTABLES << 8 | msg);
}

nfgenmsg gen(uint8_t family, uint16_t res_id = 0)
{
	nfgenmsg g{};
	g.nfgen_family = family;
	g.version = NFNETLINK_V0;
	g.res_id = htons(res_id);
	return g;
}

// One expression of a rule.
class Expr {
public:
	Expr(netlink::NlMsg &m, const char *name) : m_(m), elem_(m.nest(NFTA_LIST_ELEM))
	{
		m_.str(NFTA_EXPR_NAME, name);
		data_ = m_.nest(NFTA_EXPR_DATA);
	}
	~Expr()
	{
		m_.end(data_);
		m_.end(elem_);
	}
	netlink::NlMsg &operator*() { return m_; }

private:
	netlink::NlMsg &m_;
	size_t elem_, data_ = 0;
};

void meta(netlink::NlMsg &m, uint32_t key)
{
	Expr e(m, "meta");
	(*e).be32(NFTA_META_DREG, NFT_REG_1);
	(*e).be32(NFTA_META_KEY, key);
}

void cmp(netlink::NlMsg &m, uint32_t op, uint8_t value)
{
	Expr e(m, "cmp");
	(*e).be32(NFTA_CMP_SREG, NFT_REG_1);
	(*e).be32(NFTA_CMP_OP, op);
	size_t d = (*e).nest(NFTA_CMP_DATA);
	(*e).attr(NFTA_DATA_VALUE, &value, 1);
	(*e).end(d);
}

void payload(netlink::NlMsg &m, uint32_t base, uint32_t offset, uint32_t len)
{
	Expr e(m, "payload");
	(*e).be32(NFTA_PAYLOAD_DREG, NFT_REG_1);
	(*e).be32(NFTA_PAYLOAD_BASE, base);
	(*e).be32(NFTA_PAYLOAD_OFFSET, offset);
	(*e).be32(NFTA_PAYLOAD_LEN, len);
}

void lookup(netlink::NlMsg &m, const char *set)
{
	Expr e(m, "lookup");
	(*e).str(NFTA_LOOKUP_SET, set);
	(*e).be32(NFTA_LOOKUP_SREG, NFT_REG_1);
}

void verdict(netlink::NlMsg &m, uint32_t code)
{
	Expr e(m, "immediate");
	(*e).be32(NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	size_t d = (*e).nest(NFTA_IMMEDIATE_DATA);
	size_t v = (*e).nest(NFTA_DATA_VERDICT);
	(*e).be32(NFTA_VERDICT_CODE, code);
	(*e).end(v);
	(*e).end(d);
}

} // namespace

// The messages of one nf_tables transaction, between BATCH_BEGIN and
// BATCH_END: the kernel applies all or none.
class Firewall::Batch {
public:
	netlink::NlMsg &add(const Family &f, uint16_t msg, uint16_t flags = NLM_F_CREATE)
	{
		nfgenmsg g = gen(f.nfproto);
		msgs_.emplace_back(nft(msg), static_cast<uint16_t>(NLM_F_ACK | flags), &g, sizeof g);
		return msgs_.back();
	}
	// The whole batch as one datagram; the messages' sequence numbers
	// start after `seq`.
	std::vector<uint8_t> bytes(uint32_t &seq)
	{
		std::vector<uint8_t> out;
		auto put = [&](netlink::NlMsg &m) {
			const nlmsghdr *h = m.done(++seq);
			const auto *p = reinterpret_cast<const uint8_t *>(h);
			out.insert(out.end(), p, p + h->nlmsg_len);
		};
		nfgenmsg g = gen(AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
		netlink::NlMsg begin(NFNL_MSG_BATCH_BEGIN, 0, &g, sizeof g), end(NFNL_MSG_BATCH_END, 0, &g, sizeof g);
		put(begin);
		for (auto &m : msgs_)
			put(m);
		put(end);
		return out;
	}
	size_t size() const { return msgs_.size(); }

private:
	std::deque<netlink::NlMsg> msgs_; // add() hands out references
};

namespace {

void table(netlink::NlMsg &m)
{
	m.str(NFTA_TABLE_NAME, kTable);
}

void chain(netlink::NlMsg &m, const char *name, uint32_t hook)
{
	m.str(NFTA_CHAIN_TABLE, kTable);
	m.str(NFTA_CHAIN_NAME, name);
	size_t h = m.nest(NFTA_CHAIN_HOOK);
	m.be32(NFTA_HOOK_HOOKNUM, hook);
	m.be32(NFTA_HOOK_PRIORITY, static_cast<uint32_t>(kPriority));
	m.end(h);
	m.str(NFTA_CHAIN_TYPE, "filter");
	m.be32(NFTA_CHAIN_POLICY, NF_ACCEPT);
}

void set(netlink::NlMsg &m, const Family &f)
{
	m.str(NFTA_SET_TABLE, kTable);
	m.str(NFTA_SET_NAME, kSet);
	m.be32(NFTA_SET_KEY_TYPE, f.key_type);
	m.be32(NFTA_SET_KEY_LEN, f.len);
	m.be32(NFTA_SET_ID, f.nfproto); // one per set of the transaction
}

// A rule appended to `chain`; returns the nest its expressions go in.
size_t rule(netlink::NlMsg &m, const char *chain)
{
	m.str(NFTA_RULE_TABLE, kTable);
	m.str(NFTA_RULE_CHAIN, chain);
	return m.nest(NFTA_RULE_EXPRESSIONS);
}

// Neighbour discovery (ICMPv6 133-137) passes: the rest of the link must
// still resolve the addresses to the master.
void accept_nd(netlink::NlMsg &m, const char *chain)
{
	size_t x = rule(m, chain);
	meta(m, NFT_META_L4PROTO);
	cmp(m, NFT_CMP_EQ, IPPROTO_ICMPV6);
	payload(m, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
	cmp(m, NFT_CMP_GTE, 133);
	cmp(m, NFT_CMP_LTE, 137);
	verdict(m, NF_ACCEPT);
	m.end(x);
}

// "ip daddr @vips drop" and the like: the address at `offset` of the IP
// header in the set.
void drop_listed(netlink::NlMsg &m, const char *chain, const Family &f, uint32_t offset)
{
	size_t x = rule(m, chain);
	payload(m, NFT_PAYLOAD_NETWORK_HEADER, offset, f.len);
	lookup(m, kSet);
	verdict(m, NF_DROP);
	m.end(x);
}

} // namespace

Firewall::Firewall()
	: fd_(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER))
{
	if (!fd_)
		throw Error(std::string("nf_tables socket: ") + std::strerror(errno));
	timeval tv{1, 0};
	setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	remove_tables(); // a previous run's
	Batch b;
	constexpr uint16_t kAppend = NLM_F_CREATE | NLM_F_APPEND;
	for (const Family *f : {&kIpv4, &kIpv6}) {
		table(b.add(*f, NFT_MSG_NEWTABLE));
		chain(b.add(*f, NFT_MSG_NEWCHAIN), "in", NF_INET_LOCAL_IN);
		chain(b.add(*f, NFT_MSG_NEWCHAIN), "out", NF_INET_LOCAL_OUT);
		set(b.add(*f, NFT_MSG_NEWSET), *f);
		for (const char *name : {"in", "out"}) {
			if (f == &kIpv6)
				accept_nd(b.add(*f, NFT_MSG_NEWRULE, kAppend), name);
			drop_listed(b.add(*f, NFT_MSG_NEWRULE, kAppend), name, *f, name[0] == 'i' ? f->daddr : f->saddr);
		}
	}
	send(b);
}

Firewall::~Firewall()
{
	remove_tables();
}

void Firewall::remove_tables()
{
	for (const Family *f : {&kIpv4, &kIpv6}) {
		try {
			Batch b;
			table(b.add(*f, NFT_MSG_DELTABLE, 0));
			send(b);
		} catch (const Error &) {
			// not there: nothing to remove
		}
	}
}

namespace {

void element(netlink::NlMsg &m, const net::Addr &a)
{
	const Family &f = family_of(a);
	m.str(NFTA_SET_ELEM_LIST_TABLE, kTable);
	m.str(NFTA_SET_ELEM_LIST_SET, kSet);
	size_t list = m.nest(NFTA_SET_ELEM_LIST_ELEMENTS);
	size_t elem = m.nest(NFTA_LIST_ELEM);
	size_t key = m.nest(NFTA_SET_ELEM_KEY);
	m.attr(NFTA_DATA_VALUE, a.bytes.data(), f.len);
	m.end(key);
	m.end(elem);
	m.end(list);
}

} // namespace

void Firewall::block(const net::Addr &a)
{
	Batch b;
	element(b.add(family_of(a), NFT_MSG_NEWSETELEM), a);
	send(b);
}

void Firewall::unblock(const net::Addr &a)
{
	Batch b;
	element(b.add(family_of(a), NFT_MSG_DELSETELEM, 0), a);
	send(b);
}

// Sends the batch and reads one ACK per message; the first error throws.
void Firewall::send(Batch &b)
{
	uint32_t first = seq_ + 2; // after BATCH_BEGIN
	std::vector<uint8_t> out = b.bytes(seq_);
	if (::send(fd_.get(), out.data(), out.size(), 0) < 0)
		throw Error(std::string("nf_tables: ") + std::strerror(errno));
	std::vector<uint8_t> buf(8192);
	for (size_t acked = 0; acked < b.size();) {
		ssize_t n = recv(fd_.get(), buf.data(), buf.size(), 0);
		if (n < 0)
			throw Error(std::string("nf_tables: no answer: ") + std::strerror(errno));
		size_t left = static_cast<size_t>(n);
		for (auto *r = reinterpret_cast<nlmsghdr *>(buf.data()); NLMSG_OK(r, left); r = NLMSG_NEXT(r, left)) {
			if (r->nlmsg_type != NLMSG_ERROR || r->nlmsg_seq < first || r->nlmsg_seq > seq_)
				continue;
			int err = -reinterpret_cast<nlmsgerr *>(NLMSG_DATA(r))->error;
			if (err)
				throw Error("nf_tables table " + kTable + ": " + std::strerror(err));
			acked++;
		}
	}
}

} // namespace lvs::vrrp
