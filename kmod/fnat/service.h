/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: virtual services (service.c). Their real servers are in
 * dest.h, their schedulers in sched.h.
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
	struct rcu_head rcu;
};

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

#endif
