/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: virtual services (service.c), their real servers (dest.c)
 * and the schedulers that pick a real server for a new connection
 * (sched.c, sched_hash.c).
 */
#ifndef FNAT_SERVICE_H
#define FNAT_SERVICE_H

#include "fnat.h"

struct fnat_laddr_pool;
struct fnat_sched_state;

/* What IPVS_CMD_NEW_SERVICE / SET_SERVICE carry. */
struct fnat_svc_conf {
	u16 af;
	u16 protocol;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwmark;
	const char *sched_name;
	const char *pe_name;
	u32 flags;
	u32 timeout;		/* seconds */
	__be32 netmask;
};

/* What IPVS_CMD_NEW_DEST / SET_DEST carry. */
struct fnat_dest_conf {
	u16 af;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwd;		/* IP_VS_CONN_F_MASQ ... IP_VS_CONN_F_FULLNAT */
	int weight;
	u32 u_threshold;
	u32 l_threshold;
	u8 tun_type;
	__be16 tun_port;
	u16 tun_flags;
};

struct fnat_service {
	struct hlist_node s_node;	/* in svc_tab or fwm_tab */
	struct list_head dests;		/* RCU list of fnat_dest */
	unsigned int num_dests;
	struct fnat_net *fn;
	refcount_t refcnt;		/* the table's, and one per dest */
	u16 af;
	u16 protocol;
	union nf_inet_addr addr;
	__be16 port;
	u32 fwmark;
	u32 flags;			/* IP_VS_SVC_F_* */
	u32 timeout;			/* persistence, seconds */
	__be32 netmask;
	struct fnat_sched_state __rcu *sched;
	struct fnat_laddr_pool __rcu *laddrs;
	atomic_t laddr_next;		/* round robin over the pool */
	struct fnat_stats stats;
	/* Reserved for flow control (later issue): per-service concurrent
	 * connection count, and the connections of the current CPS window.
	 */
	atomic_t conns_now;
	struct rcu_head rcu;
};

/* dest->flags, bit numbers */
#define FNAT_DEST_AVAILABLE	0	/* still in its service */
#define FNAT_DEST_OVERLOAD	1	/* at its upper connection threshold */

struct fnat_dest {
	struct list_head n_list;	/* in svc->dests */
	struct fnat_service *svc;	/* holds a reference */
	refcount_t refcnt;		/* the service's, each conn's, consh's */
	u16 af;
	union nf_inet_addr addr;
	__be16 port;
	atomic_t weight;
	u32 fwd;			/* read with READ_ONCE in the data path */
	u32 u_threshold;
	u32 l_threshold;
	u8 tun_type;
	__be16 tun_port;
	u16 tun_flags;
	unsigned long flags;		/* atomic bit operations */
	atomic_t activeconns;
	atomic_t inactconns;
	atomic_t persistconns;
	s64 wrr_current;		/* smooth wrr, under the scheduler lock */
	struct fnat_stats stats;
	struct rcu_head rcu;
};

/* service.c */
struct fnat_service *fnat_svc_find(struct fnat_net *fn, u16 af, u16 protocol,
				   const union nf_inet_addr *addr, __be16 port);
struct fnat_service *fnat_svc_find_fwm(struct fnat_net *fn, u16 af, u32 mark);
struct fnat_service *fnat_svc_lookup(struct fnat_net *fn,
				     const struct fnat_pkt *p, u32 mark);
int fnat_svc_add(struct fnat_net *fn, const struct fnat_svc_conf *c);
int fnat_svc_edit(struct fnat_service *svc, const struct fnat_svc_conf *c);
void fnat_svc_del(struct fnat_service *svc);
void fnat_svc_flush(struct fnat_net *fn);
void fnat_svc_zero(struct fnat_service *svc);
void fnat_svc_zero_all(struct fnat_net *fn);
void fnat_svc_put(struct fnat_service *svc);

/* dest.c */
struct fnat_dest *fnat_dest_find(struct fnat_service *svc, u16 af,
				 const union nf_inet_addr *addr, __be16 port);
int fnat_dest_add(struct fnat_service *svc, const struct fnat_dest_conf *c);
int fnat_dest_edit(struct fnat_service *svc, const struct fnat_dest_conf *c);
int fnat_dest_del(struct fnat_service *svc, const struct fnat_dest_conf *c);
void fnat_dest_del_all(struct fnat_service *svc);
bool fnat_dest_hold(struct fnat_dest *dest);
void fnat_dest_put(struct fnat_dest *dest);

/* Whether a scheduler may pick it: in its service, of weight above zero
 * and not overloaded (as every stock scheduler checks).
 */
static inline bool fnat_dest_usable(const struct fnat_dest *dest)
{
	return test_bit(FNAT_DEST_AVAILABLE, &dest->flags) &&
	       !test_bit(FNAT_DEST_OVERLOAD, &dest->flags) &&
	       atomic_read(&dest->weight) > 0;
}

/* sched.c: rr, wrr, lc, wlc and "none"; sched_hash.c: consh, sh, dh, lblc. */
struct fnat_sched {
	const char *name;
	/* Called under the control lock whenever the destinations change. */
	int (*update)(struct fnat_service *svc, struct fnat_sched_state *st);
	/* Frees what update() built, after a grace period. */
	void (*release)(struct fnat_sched_state *st);
	/* The packet path, under RCU. */
	struct fnat_dest *(*schedule)(struct fnat_service *svc,
				      struct fnat_sched_state *st,
				      const struct fnat_pkt *p);
};

struct fnat_sched_state {
	const struct fnat_sched *ops;
	spinlock_t lock;		/* rr cursor, wrr weights, lblc entries */
	struct list_head *cursor;	/* rr: the last destination picked */
	void __rcu *table;		/* consh, sh, dh, lblc: the lookup table */
	struct rcu_head rcu;
};

extern const struct fnat_sched fnat_sched_consh, fnat_sched_sh,
	fnat_sched_dh, fnat_sched_lblc;
int fnat_sched_hash_init(void);
struct fnat_dest *fnat_sched_wlc(struct fnat_service *svc);

const struct fnat_sched *fnat_sched_find(const char *name);
int fnat_sched_attach(struct fnat_service *svc, const struct fnat_sched *ops);
void fnat_sched_detach(struct fnat_service *svc);
void fnat_sched_update(struct fnat_service *svc);
const char *fnat_sched_name(struct fnat_service *svc);
struct fnat_dest *fnat_sched_pick(struct fnat_service *svc,
				  const struct fnat_pkt *p);

#endif
