// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: ICMP errors about the packets of a connection, in either
 * direction. An error quotes the head of the packet that caused it; read
 * backwards, the quoted tuple is one of the connection's own:
 *
 * - an error from the client's side, sent to the virtual address, is about
 *   a reply: it quotes vaddr:vport -> caddr:cport, backwards the in tuple.
 *   It goes on to the real server quoting the reply as the real server
 *   sent it, daddr:dport -> laddr:lport (NAT: laddr is caddr), and for
 *   full NAT from the local address, as the server knows no client. DR's
 *   is forwarded unchanged: the real server holds the virtual address.
 * - an error from the real server's side is about a client packet: full
 *   NAT's come to the local address quoting laddr:lport -> daddr:dport,
 *   NAT's pass through on their way to the client quoting caddr:cport ->
 *   daddr:dport; backwards the out tuple. They go on to the client from
 *   the virtual address, quoting caddr:cport -> vaddr:vport.
 *
 * So fragmentation needed reaches the sender whose path is too narrow,
 * and a real server's port unreachable reaches the client's socket. The
 * types are those the stock ip_vs translates (destination unreachable,
 * source quench, time exceeded) and parameter problem, which it leaves
 * to the local stack. The quote keeps its length and layout, so the MTU
 * of fragmentation needed and the pointer of parameter problem still
 * hold; the quoted IP and TCP/UDP checksums follow the quoted addresses
 * and ports, and the ICMP checksum is computed anew. An error no
 * connection knows, or too short to tell, is left to the stack; one
 * with a bad checksum is dropped, as stock drops it. Errors do not keep
 * a connection alive, nor move its state.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>

#include "fnat.h"
#include "service.h"
#include "dest.h"
#include "conn.h"
#include "xmit.h"

/* An ICMP error about a TCP or UDP packet; offsets from the network
 * header.
 */
struct fnat_icmp {
	unsigned int qoff;	/* the quoted IP header */
	unsigned int l4off;	/* the quoted TCP/UDP header */
	unsigned int csum;	/* its checksum field; 0: not quoted */
	unsigned int end;	/* what the translation writes, up to here */
	struct fnat_pkt p;	/* the quoted tuple backwards */
};

static bool fnat_icmp_is_error(u8 type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_SOURCE_QUENCH ||
	       type == ICMP_TIME_EXCEEDED || type == ICMP_PARAMETERPROB;
}

/* Whether the packet is an ICMP error quoting the head of a TCP or UDP
 * packet (a first fragment at least: later ones have no ports).
 */
static bool fnat_icmp_parse(const struct sk_buff *skb, struct fnat_icmp *q)
{
	unsigned int base = skb_network_offset(skb);
	const struct iphdr *iph = ip_hdr(skb);
	const struct icmphdr *ic;
	const struct iphdr *cih;
	const __be16 *ports;
	struct icmphdr _ic;
	struct iphdr _cih;
	__be16 _ports[2];
	unsigned int csum_at;

	if (ip_is_fragment(iph))
		return false;
	ic = skb_header_pointer(skb, base + iph->ihl * 4, sizeof(_ic), &_ic);
	if (!ic || !fnat_icmp_is_error(ic->type))
		return false;
	q->qoff = iph->ihl * 4 + sizeof(_ic);
	cih = skb_header_pointer(skb, base + q->qoff, sizeof(_cih), &_cih);
	if (!cih || cih->version != 4 || cih->ihl < 5 ||
	    (cih->protocol != IPPROTO_TCP && cih->protocol != IPPROTO_UDP) ||
	    (cih->frag_off & htons(IP_OFFSET)))
		return false;
	q->l4off = q->qoff + cih->ihl * 4;
	ports = skb_header_pointer(skb, base + q->l4off, sizeof(_ports),
				   _ports);
	if (!ports)
		return false;
	/* The quoted checksum, if quoted: errors quote 8 bytes at least,
	 * which hold UDP's but not TCP's.
	 */
	csum_at = q->l4off + (cih->protocol == IPPROTO_TCP ?
			      offsetof(struct tcphdr, check) :
			      offsetof(struct udphdr, check));
	q->csum = csum_at + sizeof(__sum16) <= skb->len - base ? csum_at : 0;
	q->end = q->csum ? q->csum + sizeof(__sum16) :
			   q->l4off + sizeof(_ports);
	q->p = (struct fnat_pkt){
		.af = AF_INET,
		.protocol = cih->protocol,
		.saddr.ip = cih->daddr,
		.daddr.ip = cih->saddr,
		.sport = ports[1],
		.dport = ports[0],
	};
	return true;
}

static bool fnat_icmp_csum_ok(struct sk_buff *skb)
{
	unsigned int off = skb_network_offset(skb) + ip_hdrlen(skb);

	return skb_csum_unnecessary(skb) ||
	       !csum_fold(skb_checksum(skb, off, skb->len - off, 0));
}

/* Rewrites the error to come from saddr to daddr, quoting the packet of
 * tuple "to" (its addresses and ports, in the quoted packet's direction).
 */
static int fnat_icmp_mangle(struct sk_buff *skb, const struct fnat_icmp *q,
			    __be32 saddr, __be32 daddr,
			    const struct fnat_pkt *to)
{
	unsigned int base = skb_network_offset(skb);
	struct iphdr *iph, *cih;
	struct icmphdr *ic;
	__sum16 *check;
	__be16 *ports;

	if (skb_ensure_writable(skb, base + q->end))
		return -ENOMEM;
	iph = ip_hdr(skb);
	ic = (struct icmphdr *)((u8 *)iph + iph->ihl * 4);
	cih = (struct iphdr *)((u8 *)iph + q->qoff);
	ports = (__be16 *)((u8 *)iph + q->l4off);
	check = q->csum ? (__sum16 *)((u8 *)iph + q->csum) : NULL;

	/* UDP over IPv4 may go without a checksum. */
	if (check && (cih->protocol == IPPROTO_TCP || *check)) {
		csum_replace4(check, cih->saddr, to->saddr.ip);
		csum_replace4(check, cih->daddr, to->daddr.ip);
		csum_replace2(check, ports[0], to->sport);
		csum_replace2(check, ports[1], to->dport);
		if (cih->protocol == IPPROTO_UDP && !*check)
			*check = CSUM_MANGLED_0;
	}
	ports[0] = to->sport;
	ports[1] = to->dport;
	csum_replace4(&cih->check, cih->saddr, to->saddr.ip);
	csum_replace4(&cih->check, cih->daddr, to->daddr.ip);
	cih->saddr = to->saddr.ip;
	cih->daddr = to->daddr.ip;

	ic->checksum = 0;
	ic->checksum = csum_fold(skb_checksum(skb, base + iph->ihl * 4,
					      skb->len - base - iph->ihl * 4,
					      0));
	/* The checksum is in the packet: whoever receives it may check. */
	skb->ip_summed = CHECKSUM_NONE;

	csum_replace4(&iph->check, iph->saddr, saddr);
	csum_replace4(&iph->check, iph->daddr, daddr);
	iph->saddr = saddr;
	iph->daddr = daddr;
	return 0;
}

/* An error from the client's side, about a reply, to the real server. */
static unsigned int fnat_icmp_in(struct fnat_conn *cp, struct sk_buff *skb,
				 const struct fnat_icmp *q)
{
	const struct fnat_pkt icmp = { .protocol = IPPROTO_ICMP };
	const struct fnat_pkt to = {
		.saddr = cp->daddr, .sport = cp->dport,
		.daddr = cp->laddr, .dport = cp->lport,
	};
	/* NAT keeps the sender; full NAT's real server knows only us. */
	__be32 local = cp->fwd == IP_VS_CONN_F_FULLNAT ? cp->laddr.ip : 0;

	switch (cp->fwd) {
	case IP_VS_CONN_F_MASQ:
	case IP_VS_CONN_F_FULLNAT:
		if (fnat_icmp_mangle(skb, q, local ?: ip_hdr(skb)->saddr,
				     cp->daddr.ip, &to))
			return NF_DROP;
		return fnat_xmit_icmp(cp->fn->net, skb, local);
	case IP_VS_CONN_F_DROUTE:
		return fnat_xmit_dr(cp, skb, &icmp);
	case IP_VS_CONN_F_LOCALNODE:
		return NF_ACCEPT;
	default:
		return NF_DROP;
	}
}

/* An error from the real server's side, about a client packet, to the
 * client: forwarded (NAT) or sent from here (full NAT).
 */
static unsigned int fnat_icmp_out(struct fnat_conn *cp, struct sk_buff *skb,
				  const struct fnat_icmp *q, bool forwarded)
{
	const struct fnat_pkt to = {
		.saddr = cp->caddr, .sport = cp->cport,
		.daddr = cp->vaddr, .dport = cp->vport,
	};

	if (fnat_icmp_mangle(skb, q, cp->vaddr.ip, cp->caddr.ip, &to))
		return NF_DROP;
	if (forwarded)
		return NF_ACCEPT;
	return fnat_xmit_icmp(cp->fn->net, skb, cp->vaddr.ip);
}

unsigned int fnat_icmp(struct fnat_net *fn, struct sk_buff *skb,
		       bool forwarded)
{
	struct fnat_conn *cp;
	struct fnat_icmp q;
	unsigned int verdict;
	bool ours;
	int dir;

	if (!fnat_icmp_parse(skb, &q))
		return NF_ACCEPT;
	cp = fnat_conn_lookup(fn, &q.p, &dir);
	if (!cp)
		return NF_ACCEPT;
	/* Full NAT's and the client's errors are addressed to us, NAT's
	 * from the real server's side pass through.
	 */
	if (forwarded)
		ours = dir == FNAT_DIR_OUT && cp->fwd == IP_VS_CONN_F_MASQ;
	else
		ours = dir == FNAT_DIR_IN || cp->fwd == IP_VS_CONN_F_FULLNAT;
	if (!ours) {
		verdict = NF_ACCEPT;
	} else if (!fnat_icmp_csum_ok(skb)) {
		verdict = NF_DROP;
	} else {
		fnat_conn_count(cp, dir == FNAT_DIR_IN, skb->len);
		if (dir == FNAT_DIR_IN)
			verdict = fnat_icmp_in(cp, skb, &q);
		else
			verdict = fnat_icmp_out(cp, skb, &q, forwarded);
	}
	fnat_conn_unref(cp);
	return verdict;
}
