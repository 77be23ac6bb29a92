// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: schedulers, which pick the real server of a new connection:
 * rr, wrr, lc, wlc, and "none" (never picks, as in stock IPVS) here; the
 * ones that map an address through a table in sched_hash.c.
 *
 * A service's scheduler state is one RCU-published object; changing the
 * scheduler publishes a new one and frees the old after a grace period.
 * update() runs under the control lock whenever the destinations change;
 * schedule() runs in the packet path under RCU. Only usable destinations
 * are picked: still in the service, of weight above zero, not overloaded.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rculist.h>

#include "sched.h"
#include "service.h"
#include "dest.h"

/* rr: the next usable destination after the last one picked. */
static struct fnat_dest *rr_schedule(struct fnat_service *svc,
				     struct fnat_sched_state *st,
				     const struct fnat_pkt *p)
{
	struct list_head *head = &svc->dests, *last;
	struct fnat_dest *dest;

	spin_lock_bh(&st->lock);
	last = st->cursor;
	dest = list_entry(last, struct fnat_dest, n_list);
	list_for_each_entry_continue_rcu(dest, head, n_list) {
		if (fnat_dest_usable(dest))
			goto found;
	}
	list_for_each_entry_rcu(dest, head, n_list) {
		if (fnat_dest_usable(dest))
			goto found;
		if (&dest->n_list == last)
			break;
	}
	spin_unlock_bh(&st->lock);
	return NULL;
found:
	st->cursor = &dest->n_list;
	spin_unlock_bh(&st->lock);
	return dest;
}

static int rr_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	spin_lock_bh(&st->lock);
	st->cursor = &svc->dests;
	spin_unlock_bh(&st->lock);
	return 0;
}

/* wrr, smooth: every pick adds each weight to its server's credit and
 * takes the total from the richest, which is picked. Weights 3:1 give
 * a a b a, never a burst longer than the ratio.
 */
static struct fnat_dest *wrr_schedule(struct fnat_service *svc,
				      struct fnat_sched_state *st,
				      const struct fnat_pkt *p)
{
	struct fnat_dest *dest, *best = NULL;
	s64 total = 0;

	spin_lock_bh(&st->lock);
	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		int w = atomic_read(&dest->weight);

		if (!fnat_dest_usable(dest))
			continue;
		dest->wrr_current += w;
		total += w;
		if (!best || dest->wrr_current > best->wrr_current)
			best = dest;
	}
	if (best)
		best->wrr_current -= total;
	spin_unlock_bh(&st->lock);
	return best;
}

static int wrr_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	struct fnat_dest *dest;

	spin_lock_bh(&st->lock);
	list_for_each_entry(dest, &svc->dests, n_list)
		dest->wrr_current = 0;
	spin_unlock_bh(&st->lock);
	return 0;
}

/* lc and wlc: active connections weigh 256 inactive ones, as in stock. */
static u64 fnat_dest_overhead(const struct fnat_dest *dest)
{
	return ((u64)atomic_read(&dest->activeconns) << 8) +
	       atomic_read(&dest->inactconns);
}

static struct fnat_dest *lc_schedule(struct fnat_service *svc,
				     struct fnat_sched_state *st,
				     const struct fnat_pkt *p)
{
	struct fnat_dest *dest, *least = NULL;
	u64 min = 0;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		u64 oh;

		if (!fnat_dest_usable(dest))
			continue;
		oh = fnat_dest_overhead(dest);
		if (!least || oh < min) {
			least = dest;
			min = oh;
		}
	}
	return least;
}

/* wlc, and lblc when it has to pick a new server. */
struct fnat_dest *fnat_sched_wlc(struct fnat_service *svc)
{
	struct fnat_dest *dest, *least = NULL;
	u64 loh = 0, lw = 1;

	list_for_each_entry_rcu(dest, &svc->dests, n_list) {
		u64 oh, w;

		if (!fnat_dest_usable(dest))
			continue;
		oh = fnat_dest_overhead(dest);
		w = atomic_read(&dest->weight);
		/* oh / w < loh / lw, without dividing */
		if (!least || oh * lw < loh * w) {
			least = dest;
			loh = oh;
			lw = w;
		}
	}
	return least;
}

static struct fnat_dest *wlc_schedule(struct fnat_service *svc,
				      struct fnat_sched_state *st,
				      const struct fnat_pkt *p)
{
	return fnat_sched_wlc(svc);
}

static struct fnat_dest *none_schedule(struct fnat_service *svc,
				       struct fnat_sched_state *st,
				       const struct fnat_pkt *p)
{
	return NULL;
}

static const struct fnat_sched fnat_sched_rr = {
	.name = "rr", .update = rr_update, .schedule = rr_schedule,
};
static const struct fnat_sched fnat_sched_wrr = {
	.name = "wrr", .update = wrr_update, .schedule = wrr_schedule,
};
static const struct fnat_sched fnat_sched_lc = {
	.name = "lc", .schedule = lc_schedule,
};
static const struct fnat_sched fnat_sched_wlc_ops = {
	.name = "wlc", .schedule = wlc_schedule,
};
static const struct fnat_sched fnat_sched_none = {
	.name = "none", .schedule = none_schedule,
};

static const struct fnat_sched *const fnat_scheds[] = {
	&fnat_sched_rr, &fnat_sched_wrr, &fnat_sched_lc, &fnat_sched_wlc_ops,
	&fnat_sched_consh, &fnat_sched_sh, &fnat_sched_dh, &fnat_sched_lblc,
	&fnat_sched_none,
};

const struct fnat_sched *fnat_sched_find(const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(fnat_scheds); i++)
		if (!strcmp(fnat_scheds[i]->name, name))
			return fnat_scheds[i];
	return NULL;
}

static void fnat_sched_free_rcu(struct rcu_head *head)
{
	struct fnat_sched_state *st =
		container_of(head, struct fnat_sched_state, rcu);

	if (st->ops->release)
		st->ops->release(st);
	kfree(st);
}

static void fnat_sched_retire(struct fnat_sched_state *st)
{
	if (st)
		call_rcu(&st->rcu, fnat_sched_free_rcu);
}

/* Gives the service a fresh state of scheduler ops (under fn->lock). */
int fnat_sched_attach(struct fnat_service *svc, const struct fnat_sched *ops)
{
	struct fnat_sched_state *st, *old;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->ops = ops;
	spin_lock_init(&st->lock);
	st->cursor = &svc->dests;
	if (ops->update) {
		ret = ops->update(svc, st);
		if (ret) {
			kfree(st);
			return ret;
		}
	}
	old = rcu_replace_pointer(svc->sched, st, lockdep_is_held(&svc->fn->lock));
	fnat_sched_retire(old);
	return 0;
}

void fnat_sched_detach(struct fnat_service *svc)
{
	fnat_sched_retire(rcu_replace_pointer(svc->sched, NULL,
					      lockdep_is_held(&svc->fn->lock)));
}

void fnat_sched_update(struct fnat_service *svc)
{
	struct fnat_sched_state *st;

	st = rcu_dereference_protected(svc->sched, lockdep_is_held(&svc->fn->lock));
	if (st && st->ops->update)
		st->ops->update(svc, st);
}

/* Under RCU or fn->lock. */
const char *fnat_sched_name(struct fnat_service *svc)
{
	struct fnat_sched_state *st;

	st = rcu_dereference_check(svc->sched, lockdep_is_held(&svc->fn->lock));
	return st ? st->ops->name : "none";
}

struct fnat_dest *fnat_sched_pick(struct fnat_service *svc,
				  const struct fnat_pkt *p)
{
	struct fnat_sched_state *st = rcu_dereference(svc->sched);

	return st ? st->ops->schedule(svc, st, p) : NULL;
}
