/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: local addresses for full NAT (laddr.c). Each namespace keeps
 * one object per local address, shared by every service whose pool names
 * it, with a bitmap of the ports in use per protocol; a service's pool is
 * an RCU-published array of references to them.
 */
#ifndef FNAT_LADDR_H
#define FNAT_LADDR_H

#include "fnat.h"

struct fnat_service;

#define FNAT_LPORTS		65536

struct fnat_laddr {
	struct list_head list;		/* fn->laddrs, under fn->lock */
	refcount_t refcnt;		/* one per pool, one per connection */
	struct fnat_net *fn;
	u16 af;
	union nf_inet_addr addr;
	atomic_t conns;
	atomic64_t conflicts;
	atomic_t cursor[2];		/* next port to try: TCP, UDP */
	unsigned long *ports[2];	/* bit set: port in use */
	struct rcu_head rcu;
};

struct fnat_laddr_pool {
	struct rcu_head rcu;
	unsigned int n;
	struct fnat_laddr *la[];
};

int fnat_laddr_add(struct fnat_service *svc, u16 af,
		   const union nf_inet_addr *addr);
int fnat_laddr_del(struct fnat_service *svc, u16 af,
		   const union nf_inet_addr *addr);
void fnat_laddr_flush(struct fnat_service *svc);
struct fnat_laddr *fnat_laddr_get(struct fnat_service *svc, u8 protocol,
				  __be16 *lport);
void fnat_laddr_release(struct fnat_laddr *la, u8 protocol, __be16 lport);

#endif
