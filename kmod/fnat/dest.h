/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: the real servers (destinations) of a service (dest.c).
 */
#ifndef FNAT_DEST_H
#define FNAT_DEST_H

#include "fnat.h"

struct fnat_service;

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

#endif
