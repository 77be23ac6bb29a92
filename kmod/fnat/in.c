// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: the netfilter hooks, and the client -> real server
 * direction.
 *
 * LOCAL_IN sees what is addressed to the load balancer: packets of clients
 * to a virtual address, and full-NAT replies to a local address. FORWARD
 * sees NAT replies on their way to the client. Either hook parses the
 * packet, looks its tuple up in the connection table, and hands a reply
 * to out.c; a client packet goes to its real server here, after a new
 * connection was scheduled for it if it opens one (on a persistent
 * service, to the server of the client's persistence template, which is
 * found or made here). ICMP errors, which either hook may see, go to
 * icmp.c.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/netfilter_ipv4.h>
#include <net/ip.h>
#include <net/icmp.h>

#include "fnat.h"
#include "service.h"
#include "dest.h"
#include "sched.h"
#include "conn.h"
#include "laddr.h"
#include "xmit.h"

/* The TCP or UDP packet at the network header; false for anything else,
 * which the hooks let pass. Fragments were reassembled by nf_defrag.
 */
static bool fnat_parse4(const struct sk_buff *skb, struct fnat_pkt *p)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int off;

	if (iph->protocol != IPPROTO_TCP && iph->protocol != IPPROTO_UDP)
		return false;
	if (ip_is_fragment(iph))
		return false;
	p->af = AF_INET;
	p->protocol = iph->protocol;
	p->l4off = iph->ihl * 4;
	p->saddr.ip = iph->saddr;
	p->daddr.ip = iph->daddr;
	p->tcp_flags = 0;
	off = skb_network_offset(skb) + p->l4off;
	if (p->protocol == IPPROTO_TCP) {
		struct tcphdr _th;
		const struct tcphdr *th;

		th = skb_header_pointer(skb, off, sizeof(_th), &_th);
		if (!th || th->doff < sizeof(_th) / 4)
			return false;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcp_flags = (th->fin ? FNAT_TCP_FIN : 0) |
			       (th->syn ? FNAT_TCP_SYN : 0) |
			       (th->rst ? FNAT_TCP_RST : 0) |
			       (th->ack ? FNAT_TCP_ACK : 0);
	} else {
		struct udphdr _uh;
		const struct udphdr *uh;

		uh = skb_header_pointer(skb, off, sizeof(_uh), &_uh);
		if (!uh)
			return false;
		p->sport = uh->source;
		p->dport = uh->dest;
	}
	return true;
}

/* A client packet of an existing connection, to its real server. */
static unsigned int fnat_in(struct fnat_conn *cp, struct sk_buff *skb,
			    const struct fnat_pkt *p)
{
	unsigned int verdict;

	fnat_conn_count(cp, true, skb->len);
	fnat_conn_track(cp, FNAT_DIR_IN, p);
	switch (cp->fwd) {
	case IP_VS_CONN_F_MASQ:
		verdict = fnat_xmit_nat(cp, skb, p);
		break;
	case IP_VS_CONN_F_FULLNAT:
		verdict = fnat_xmit_fnat(cp, skb, p);
		break;
	case IP_VS_CONN_F_DROUTE:
		verdict = fnat_xmit_dr(cp, skb, p);
		break;
	case IP_VS_CONN_F_LOCALNODE:
		verdict = NF_ACCEPT;
		break;
	default:			/* tunnels come later */
		verdict = NF_DROP;
		break;
	}
	fnat_conn_put(cp);
	return verdict;
}

/* Whether a packet may open a connection: TCP only with a bare SYN. */
static bool fnat_opens(const struct fnat_pkt *p)
{
	if (p->protocol != IPPROTO_TCP)
		return true;
	return (p->tcp_flags & (FNAT_TCP_SYN | FNAT_TCP_ACK | FNAT_TCP_RST)) ==
	       FNAT_TCP_SYN;
}

/* Whether a template may still send new connections to its server: not
 * once the server left the service, nor while it has weight 0 if
 * expire_quiescent_template says so.
 */
static bool fnat_template_valid(struct fnat_conn *ct)
{
	struct fnat_dest *dest = ct->dest;

	if (!test_bit(FNAT_DEST_AVAILABLE, &dest->flags))
		return false;
	return !READ_ONCE(ct->fn->expire_quiescent_template) ||
	       atomic_read(&dest->weight) > 0;
}

/*
 * The persistence template for packet p to service svc, with a reference:
 * the one in the table if still valid, else a new one to the server the
 * scheduler picks; NULL when there is none (or no memory). An invalid one
 * is marked so that it is found no more, and expires with its connections.
 * The key is stock IPVS's: <protocol, client & netmask, 0, vaddr, vport>
 * (port 0 for a port-0 service; <IPPROTO_IP, client & netmask, 0, fwmark,
 * 0> for a firewall-mark service).
 */
static struct fnat_conn *fnat_template(struct fnat_net *fn,
				       struct fnat_service *svc,
				       const struct fnat_pkt *p)
{
	struct fnat_pkt k = {
		.af = p->af,
		.protocol = p->protocol,
		.daddr = p->daddr,
	};
	unsigned int timeout;
	struct fnat_dest *dest;
	struct fnat_conn *ct;

	k.saddr.ip = p->saddr.ip & svc->netmask;
	if (svc->fwmark) {
		k.protocol = IPPROTO_IP;
		k.daddr.ip = htonl(svc->fwmark);
	} else if (p->dport == svc->port) {
		k.dport = p->dport;
	}
	ct = fnat_conn_lookup_template(fn, &k);
	if (ct) {
		if (fnat_template_valid(ct))
			return ct;
		fnat_conn_invalidate(ct);
		fnat_conn_unref(ct);	/* no new lease of life */
	}
	dest = fnat_sched_pick(svc, p);
	if (!dest || !fnat_dest_hold(dest))
		return NULL;
	timeout = max_t(u32, min_t(u32, svc->timeout, INT_MAX / HZ), 1) * HZ;
	ct = fnat_conn_new_template(fn, dest, &k, timeout);
	if (!ct)
		fnat_dest_put(dest);
	return ct;
}

/* A packet to a virtual service that no connection knows. */
static unsigned int fnat_in_new(struct fnat_net *fn, struct sk_buff *skb,
				const struct fnat_pkt *p)
{
	struct fnat_laddr *local = NULL;
	struct fnat_dest *dest = NULL;
	struct fnat_conn *cp, *ct = NULL;
	struct fnat_service *svc;
	__be16 lport = 0;
	u32 fwd;

	svc = fnat_svc_lookup(fn, p, skb->mark);
	if (!svc)
		return NF_ACCEPT;
	if (!fnat_opens(p))
		return NF_ACCEPT;	/* the local stack answers with a RST */

	/* A persistent service sends a client to its template's server; as
	 * in stock, a port-0 service schedules only when persistent.
	 */
	if (svc->flags & IP_VS_SVC_F_PERSISTENT) {
		ct = fnat_template(fn, svc, p);
		if (ct)
			dest = ct->dest;
	} else if (svc->fwmark || p->dport == svc->port) {
		dest = fnat_sched_pick(svc, p);
	}
	if (!dest || !fnat_dest_hold(dest)) {
		if (ct)
			fnat_conn_put(ct);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0);
		return NF_DROP;
	}
	fwd = READ_ONCE(dest->fwd) & IP_VS_CONN_F_FWD_MASK;
	if (fwd == IP_VS_CONN_F_FULLNAT) {
		local = fnat_laddr_get(svc, p->protocol, &lport);
		if (!local) {
			net_warn_ratelimited("ip_vs_fnat: no local address and port free for %pI4:%u\n",
					     &svc->addr.ip, ntohs(svc->port));
			goto drop;
		}
	}
	cp = fnat_conn_new(fn, dest, fwd, p, local, lport, ct);
	if (!cp) {
		if (local)
			fnat_laddr_release(local, p->protocol, lport);
		goto drop;
	}
	return fnat_in(cp, skb, p);
drop:
	if (ct)
		fnat_conn_put(ct);
	fnat_dest_put(dest);
	return NF_DROP;
}

static unsigned int fnat_hook_local_in(void *priv, struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct fnat_net *fn = fnat_net(state->net);
	struct fnat_conn *cp;
	struct fnat_pkt p;
	int dir;

	if (skb->ipvs_property || skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	if (!READ_ONCE(fn->num_services) && !atomic_read(&fn->conns.count))
		return NF_ACCEPT;
	if (ip_hdr(skb)->protocol == IPPROTO_ICMP)
		return fnat_icmp(fn, skb, false);
	if (!fnat_parse4(skb, &p))
		return NF_ACCEPT;
	cp = fnat_conn_lookup(fn, &p, &dir);
	if (!cp)
		return fnat_in_new(fn, skb, &p);
	if (dir == FNAT_DIR_OUT)
		return fnat_out(cp, skb, &p, false);
	/* expire_nodest_conn: the connection's server was removed. */
	if (READ_ONCE(fn->expire_nodest_conn) &&
	    !test_bit(FNAT_DEST_AVAILABLE, &cp->dest->flags)) {
		fnat_conn_expire_now(cp);
		return NF_DROP;
	}
	return fnat_in(cp, skb, &p);
}

static unsigned int fnat_hook_forward(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct fnat_net *fn = fnat_net(state->net);
	struct fnat_conn *cp;
	struct fnat_pkt p;
	int dir;

	if (skb->ipvs_property || !atomic_read(&fn->conns.count))
		return NF_ACCEPT;
	if (ip_hdr(skb)->protocol == IPPROTO_ICMP)
		return fnat_icmp(fn, skb, true);
	if (!fnat_parse4(skb, &p))
		return NF_ACCEPT;
	cp = fnat_conn_lookup(fn, &p, &dir);
	if (!cp)
		return NF_ACCEPT;
	if (dir == FNAT_DIR_OUT)
		return fnat_out(cp, skb, &p, true);
	/* A client's packet passing through: not addressed to us. */
	fnat_conn_put(cp);
	return NF_ACCEPT;
}

/* After the filter table, as stock IPVS, so INPUT and FORWARD rules apply. */
static const struct nf_hook_ops fnat_hook_ops[] = {
	{
		.hook = fnat_hook_local_in,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_LOCAL_IN,
		.priority = NF_IP_PRI_NAT_SRC - 1,
	},
	{
		.hook = fnat_hook_forward,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_FORWARD,
		.priority = 100,
	},
};

int fnat_hooks_init(struct fnat_net *fn)
{
	return nf_register_net_hooks(fn->net, fnat_hook_ops,
				     ARRAY_SIZE(fnat_hook_ops));
}

void fnat_hooks_exit(struct fnat_net *fn)
{
	nf_unregister_net_hooks(fn->net, fnat_hook_ops,
				ARRAY_SIZE(fnat_hook_ops));
}
