// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: sending the packets of a connection, per forwarding method:
 * NAT (masquerading), full NAT and DR towards the real server, and the
 * NAT and full-NAT translations of its replies.
 *
 * A packet leaves through a fresh route: the checks that answer the
 * sender with ICMP (TTL, DF over the path MTU) come before any byte
 * changes; then addresses and ports are rewritten with the kernel's
 * incremental checksum helpers, which also keep CHECKSUM_PARTIAL packets
 * (offloaded checksums, GSO) right; then the packet goes out through
 * LOCAL_OUT, marked so that our hooks leave it alone.
 *
 * No TCP MSS is adjusted: full NAT rewrites addresses and ports, never a
 * packet's length, so the MSS either end advertises holds on the other
 * side of the load balancer too, and narrower paths are found by path MTU
 * discovery, whose errors icmp.c translates. (TOA will grow the first
 * client segments by its 8 bytes: the MSS of the real server's SYN-ACK
 * must then shrink by as much.)
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/icmp.h>
#include <net/route.h>
#include <net/checksum.h>
#include <net/netfilter/nf_conntrack.h>

#include "xmit.h"

static struct rtable *fnat_route4(struct net *net, __be32 daddr, __be32 saddr,
				  const struct sk_buff *skb, u8 protocol,
				  bool known_nh)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_mark = skb->mark,
		.flowi4_proto = protocol,
		.flowi4_flags = known_nh ? FLOWI_FLAG_KNOWN_NH : 0,
	};
	struct rtable *rt;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return NULL;
	/* Real servers and clients are elsewhere; local delivery is not ours. */
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		return NULL;
	}
	return rt;
}

/* TTL and path MTU, checked on the packet as received. */
static bool fnat_xmit_ok(struct sk_buff *skb, struct rtable *rt, bool forwarded)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int mtu = dst_mtu(&rt->dst);

	if (!forwarded && iph->ttl <= 1) {
		icmp_send(skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0);
		return false;
	}
	if ((iph->frag_off & htons(IP_DF)) && skb->len > mtu &&
	    !(skb_is_gso(skb) && skb_gso_validate_network_len(skb, mtu))) {
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
		return false;
	}
	return true;
}

/* Rewrites the addresses and ports of a TCP or UDP packet. */
static int fnat_mangle4(struct sk_buff *skb, const struct fnat_pkt *p,
			__be32 saddr, __be16 sport, __be32 daddr, __be16 dport)
{
	unsigned int hlen = p->protocol == IPPROTO_TCP ? sizeof(struct tcphdr) :
							 sizeof(struct udphdr);
	__be16 *ports;
	__sum16 *check;
	struct iphdr *iph;
	bool csum = true;

	if (skb_ensure_writable(skb, skb_network_offset(skb) + p->l4off + hlen))
		return -ENOMEM;
	iph = ip_hdr(skb);
	ports = (__be16 *)(skb_network_header(skb) + p->l4off);
	if (p->protocol == IPPROTO_TCP) {
		check = &((struct tcphdr *)ports)->check;
	} else {
		check = &((struct udphdr *)ports)->check;
		csum = *check != 0;	/* UDP over IPv4 may go without */
	}
	if (csum) {
		inet_proto_csum_replace4(check, skb, iph->saddr, saddr, true);
		inet_proto_csum_replace4(check, skb, iph->daddr, daddr, true);
		inet_proto_csum_replace2(check, skb, ports[0], sport, false);
		inet_proto_csum_replace2(check, skb, ports[1], dport, false);
		if (p->protocol == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
	ports[0] = sport;
	ports[1] = dport;
	csum_replace4(&iph->check, iph->saddr, saddr);
	csum_replace4(&iph->check, iph->daddr, daddr);
	iph->saddr = saddr;
	iph->daddr = daddr;
	return 0;
}

/* Sends the packet along rt, which it takes over. */
static unsigned int fnat_send(struct sk_buff *skb, struct rtable *rt)
{
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	skb->ipvs_property = 1;
	/* Translated packets are not the flow conntrack saw, if it looked. */
	nf_reset_ct(skb);
	nf_ct_set(skb, NULL, IP_CT_UNTRACKED);
	skb_forward_csum(skb);
	skb_clear_tstamp(skb);
	ip_local_out(dev_net(rt->dst.dev), NULL, skb);
	return NF_STOLEN;
}

/* NAT: to the real server, the client's address kept. */
unsigned int fnat_xmit_nat(struct fnat_conn *cp, struct sk_buff *skb,
			   const struct fnat_pkt *p)
{
	struct net *net = cp->fn->net;
	struct rtable *rt;

	rt = fnat_route4(net, cp->daddr.ip, 0, skb, p->protocol, false);
	if (!rt)
		return NF_DROP;
	if (!fnat_xmit_ok(skb, rt, false) ||
	    fnat_mangle4(skb, p, p->saddr.ip, p->sport, cp->daddr.ip, cp->dport)) {
		ip_rt_put(rt);
		return NF_DROP;
	}
	ip_decrease_ttl(ip_hdr(skb));
	return fnat_send(skb, rt);
}

/* Full NAT: to the real server, from the connection's local address. */
unsigned int fnat_xmit_fnat(struct fnat_conn *cp, struct sk_buff *skb,
			    const struct fnat_pkt *p)
{
	struct net *net = cp->fn->net;
	struct rtable *rt;

	rt = fnat_route4(net, cp->daddr.ip, cp->laddr.ip, skb, p->protocol,
			 false);
	if (!rt)
		return NF_DROP;
	if (!fnat_xmit_ok(skb, rt, false) ||
	    fnat_mangle4(skb, p, cp->laddr.ip, cp->lport, cp->daddr.ip,
			 cp->dport)) {
		ip_rt_put(rt);
		return NF_DROP;
	}
	ip_decrease_ttl(ip_hdr(skb));
	return fnat_send(skb, rt);
}

/* DR: unchanged, to the real server's link-layer address. */
unsigned int fnat_xmit_dr(struct fnat_conn *cp, struct sk_buff *skb,
			  const struct fnat_pkt *p)
{
	struct net *net = cp->fn->net;
	struct rtable *rt;

	/* KNOWN_NH: the next hop is the real server, not iph->daddr. */
	rt = fnat_route4(net, cp->daddr.ip, 0, skb, p->protocol, true);
	if (!rt)
		return NF_DROP;
	if (!fnat_xmit_ok(skb, rt, false) ||
	    skb_ensure_writable(skb, skb_network_offset(skb) +
				sizeof(struct iphdr))) {
		ip_rt_put(rt);
		return NF_DROP;
	}
	ip_decrease_ttl(ip_hdr(skb));
	return fnat_send(skb, rt);
}

/* A translated ICMP error, to the destination in its header, from saddr
 * (a local address; 0 keeps the foreign source NAT keeps). No error
 * answers an error, so one that cannot go is only dropped.
 */
unsigned int fnat_xmit_icmp(struct net *net, struct sk_buff *skb,
			    __be32 saddr)
{
	struct iphdr *iph = ip_hdr(skb);
	struct rtable *rt;

	if (iph->ttl <= 1)
		return NF_DROP;
	rt = fnat_route4(net, iph->daddr, saddr, skb, IPPROTO_ICMP, false);
	if (!rt)
		return NF_DROP;
	ip_decrease_ttl(iph);
	return fnat_send(skb, rt);
}

/* A NAT reply being forwarded to the client: from the virtual service. */
unsigned int fnat_reply_nat(struct fnat_conn *cp, struct sk_buff *skb,
			    const struct fnat_pkt *p)
{
	if (fnat_mangle4(skb, p, cp->vaddr.ip, cp->vport, p->daddr.ip, p->dport))
		return NF_DROP;
	return NF_ACCEPT;
}

/* A full-NAT reply, addressed to the local address: to the client, from
 * the virtual service.
 */
unsigned int fnat_reply_fnat(struct fnat_conn *cp, struct sk_buff *skb,
			     const struct fnat_pkt *p, bool forwarded)
{
	struct net *net = cp->fn->net;
	struct rtable *rt;

	rt = fnat_route4(net, cp->caddr.ip, cp->vaddr.ip, skb, p->protocol,
			 false);
	if (!rt)
		return NF_DROP;
	if (!fnat_xmit_ok(skb, rt, forwarded) ||
	    fnat_mangle4(skb, p, cp->vaddr.ip, cp->vport, cp->caddr.ip,
			 cp->cport)) {
		ip_rt_put(rt);
		return NF_DROP;
	}
	if (!forwarded)
		ip_decrease_ttl(ip_hdr(skb));
	return fnat_send(skb, rt);
}
