// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: the real server -> client direction. A reply matched a
 * connection's out tuple in one of the hooks (in.c): count it, move the
 * TCP state, and translate it back so the client sees the virtual
 * service answer. NAT replies are rewritten in place and forwarded on;
 * full-NAT replies arrive addressed to the local address and are sent
 * on to the client from here.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include "fnat.h"
#include "service.h"
#include "dest.h"
#include "conn.h"
#include "xmit.h"

unsigned int fnat_out(struct fnat_conn *cp, struct sk_buff *skb,
		      const struct fnat_pkt *p, bool forwarded)
{
	unsigned int verdict;

	fnat_conn_count(cp, false, skb->len);
	fnat_conn_track(cp, FNAT_DIR_OUT, p);
	if (cp->fwd == IP_VS_CONN_F_FULLNAT)
		verdict = fnat_reply_fnat(cp, skb, p, forwarded);
	else
		verdict = fnat_reply_nat(cp, skb, p);
	fnat_conn_put(cp);
	return verdict;
}
