/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: the schedulers that pick a real server for a new connection:
 * rr, wrr, lc, wlc and "none" (sched.c); consh, sh, dh and lblc
 * (sched_hash.c).
 */
#ifndef FNAT_SCHED_H
#define FNAT_SCHED_H

#include "fnat.h"

struct fnat_dest;
struct fnat_service;
struct fnat_sched_state;

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

/* sched_hash.c */
extern const struct fnat_sched fnat_sched_consh, fnat_sched_sh,
	fnat_sched_dh, fnat_sched_lblc;
int fnat_sched_hash_init(void);

/* sched.c */
struct fnat_dest *fnat_sched_wlc(struct fnat_service *svc);
const struct fnat_sched *fnat_sched_find(const char *name);
int fnat_sched_attach(struct fnat_service *svc, const struct fnat_sched *ops);
void fnat_sched_detach(struct fnat_service *svc);
void fnat_sched_update(struct fnat_service *svc);
const char *fnat_sched_name(struct fnat_service *svc);
struct fnat_dest *fnat_sched_pick(struct fnat_service *svc,
				  const struct fnat_pkt *p);

#endif
