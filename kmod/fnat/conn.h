/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: connections (conn.c). A connection is hashed once per
 * direction in the namespace's connection table: the "in" tuple is what
 * the client sends (caddr:cport -> vaddr:vport), the "out" tuple is what
 * the real server answers with (daddr:dport -> laddr:lport; for NAT the
 * local address is the client's). DR connections have no out tuple.
 *
 * A persistence template is a connection too, with only an in tuple (its
 * key, which in.c makes as stock IPVS does) and the real server picked
 * for it. The connections it sent there hold a reference on it (control),
 * so it lives on until the persistence timeout after the last of them
 * ended.
 */
#ifndef FNAT_CONN_H
#define FNAT_CONN_H

#include <linux/timer.h>
#include "fnat.h"

struct fnat_dest;
struct fnat_laddr;

struct fnat_conn_node {
	struct hlist_node node;
	u8 dir;				/* enum fnat_dir */
	bool hashed;
};

/* cp->flags */
#define FNAT_CONN_INACTIVE	0x1	/* counted in dest->inactconns */
#define FNAT_CONN_TEMPLATE	0x2	/* a persistence template */
#define FNAT_CONN_INVALID	0x4	/* a template no longer to be found */
#define FNAT_CONN_ASSURED	0x8	/* a template that saw an answer */

struct fnat_conn {
	struct fnat_conn_node tn[2];	/* indexed by enum fnat_dir */
	u16 af;
	u8 protocol;
	u8 fwd;				/* IP_VS_CONN_F_* forwarding method */
	__be16 cport;
	__be16 vport;
	__be16 lport;
	__be16 dport;
	union nf_inet_addr caddr;	/* client */
	union nf_inet_addr vaddr;	/* virtual service */
	union nf_inet_addr laddr;	/* local address (FNAT) or caddr */
	union nf_inet_addr daddr;	/* real server */
	refcount_t refcnt;		/* the table's, plus users in flight */
	spinlock_t lock;		/* state, flags, timeout */
	u16 state;			/* enum fnat_state */
	u16 flags;
	unsigned int timeout;		/* jiffies, for the current state */
	struct timer_list timer;
	struct fnat_net *fn;
	struct fnat_dest *dest;		/* holds a reference */
	struct fnat_laddr *local;	/* FNAT: owns lport on it */
	struct fnat_conn *control;	/* its template: holds a reference */
	struct rcu_head rcu;
};

int fnat_conn_cache_init(void);
void fnat_conn_cache_exit(void);
int fnat_conn_tab_init(struct fnat_net *fn, unsigned int bits);
void fnat_conn_tab_exit(struct fnat_net *fn);
struct fnat_conn *fnat_conn_lookup(struct fnat_net *fn,
				   const struct fnat_pkt *p, int *dir);
struct fnat_conn *fnat_conn_new(struct fnat_net *fn, struct fnat_dest *dest,
				u32 fwd, const struct fnat_pkt *p,
				struct fnat_laddr *local, __be16 lport,
				struct fnat_conn *ct);
struct fnat_conn *fnat_conn_lookup_template(struct fnat_net *fn,
					    const struct fnat_pkt *k);
void fnat_conn_invalidate(struct fnat_conn *ct);
struct fnat_conn *fnat_conn_new_template(struct fnat_net *fn,
					 struct fnat_dest *dest,
					 const struct fnat_pkt *k,
					 unsigned int timeout);
void fnat_conn_track(struct fnat_conn *cp, int dir, const struct fnat_pkt *p);
void fnat_conn_count(struct fnat_conn *cp, bool in, unsigned int len);
void fnat_conn_put(struct fnat_conn *cp);
void fnat_conn_unref(struct fnat_conn *cp);
void fnat_conn_expire_now(struct fnat_conn *cp);
void fnat_conn_expire_nodest(struct fnat_net *fn);
const char *fnat_conn_state_name(const struct fnat_conn *cp);
void fnat_conn_timeouts_init(struct fnat_net *fn);
void fnat_conn_get_timeouts(struct fnat_net *fn, u32 *tcp, u32 *tcp_fin,
			    u32 *udp);
int fnat_conn_set_timeouts(struct fnat_net *fn, u32 tcp, u32 tcp_fin, u32 udp);

static inline struct fnat_conn *fnat_node_conn(struct fnat_conn_node *n)
{
	return container_of(n - n->dir, struct fnat_conn, tn[0]);
}

#endif
