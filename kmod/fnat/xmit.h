/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: transmitting a packet of a connection (xmit.c), one function
 * per forwarding method and direction. Each returns the netfilter verdict
 * for the packet; NF_STOLEN means it was sent.
 */
#ifndef FNAT_XMIT_H
#define FNAT_XMIT_H

#include <linux/skbuff.h>
#include "conn.h"

unsigned int fnat_xmit_nat(struct fnat_conn *cp, struct sk_buff *skb,
			   const struct fnat_pkt *p);
unsigned int fnat_xmit_fnat(struct fnat_conn *cp, struct sk_buff *skb,
			    const struct fnat_pkt *p);
unsigned int fnat_xmit_dr(struct fnat_conn *cp, struct sk_buff *skb,
			  const struct fnat_pkt *p);
unsigned int fnat_xmit_icmp(struct net *net, struct sk_buff *skb,
			    __be32 saddr);
unsigned int fnat_reply_nat(struct fnat_conn *cp, struct sk_buff *skb,
			    const struct fnat_pkt *p);
unsigned int fnat_reply_fnat(struct fnat_conn *cp, struct sk_buff *skb,
			     const struct fnat_pkt *p, bool forwarded);

/* out.c: the real server -> client direction */
unsigned int fnat_out(struct fnat_conn *cp, struct sk_buff *skb,
		      const struct fnat_pkt *p, bool forwarded);

#endif
