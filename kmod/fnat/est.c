// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: the rate estimator behind ipvsadm --rate, kept as the stock
 * ip_vs of 6.1 keeps it (ip_vs_est.c), so that the same traffic shows the
 * same rates. Every 2 seconds, per namespace, the counters of each service,
 * destination and the totals are summed over the CPUs and each rate moves
 * a quarter of the way towards the last interval's: a moving average that
 * forgets with a time constant of 8 seconds. Rates are kept scaled (packets
 * and connections by 2^10 per second, bytes by 2^5), in the stock units.
 *
 * The packet path only counts, per CPU (fnat.h); all the work is here, off
 * it, in a timer under est_lock.
 */
#include <linux/jiffies.h>
#include <linux/timer.h>

#include "fnat.h"

#define FNAT_EST_INTERVAL	(2 * HZ)

/* One rate: the last interval's change, scaled, averaged in by 1/4. */
static void fnat_est_move(u64 *rate, u64 *last, u64 now, unsigned int shift)
{
	s64 r = (s64)((now - *last) << shift);

	*last = now;
	*rate += (r - (s64)*rate) >> 2;
}

static void fnat_est_update(struct fnat_stats *s)
{
	struct fnat_est *e = &s->est;
	struct fnat_kstats k;

	fnat_stats_read(s, &k);
	fnat_est_move(&e->cps, &e->last.conns, k.conns, 9);
	fnat_est_move(&e->inpps, &e->last.inpkts, k.inpkts, 9);
	fnat_est_move(&e->outpps, &e->last.outpkts, k.outpkts, 9);
	fnat_est_move(&e->inbps, &e->last.inbytes, k.inbytes, 4);
	fnat_est_move(&e->outbps, &e->last.outbytes, k.outbytes, 4);
}

static void fnat_est_timer(struct timer_list *t)
{
	struct fnat_net *fn = from_timer(fn, t, est_timer);
	struct fnat_stats *s;

	spin_lock(&fn->est_lock);
	list_for_each_entry(s, &fn->est_list, est.list)
		fnat_est_update(s);
	spin_unlock(&fn->est_lock);
	mod_timer(&fn->est_timer, jiffies + FNAT_EST_INTERVAL);
}

/* Starts estimating s, from its counters as they are now. */
void fnat_est_add(struct fnat_net *fn, struct fnat_stats *s)
{
	spin_lock_bh(&fn->est_lock);
	fnat_stats_read(s, &s->est.last);
	list_add(&s->est.list, &fn->est_list);
	spin_unlock_bh(&fn->est_lock);
}

void fnat_est_del(struct fnat_net *fn, struct fnat_stats *s)
{
	spin_lock_bh(&fn->est_lock);
	list_del(&s->est.list);
	spin_unlock_bh(&fn->est_lock);
}

/* Zeroes the counters of s and its rates, which restart from new traffic;
 * both at once, so that the timer never sees one zeroed and not the other.
 */
void fnat_est_zero(struct fnat_net *fn, struct fnat_stats *s)
{
	struct fnat_est *e = &s->est;

	spin_lock_bh(&fn->est_lock);
	fnat_stats_zero(s);
	memset(&e->last, 0, sizeof(e->last));
	e->cps = 0;
	e->inpps = 0;
	e->outpps = 0;
	e->inbps = 0;
	e->outbps = 0;
	spin_unlock_bh(&fn->est_lock);
}

/* The rates per second, rounded as the stock module rounds them. */
void fnat_est_read(struct fnat_net *fn, const struct fnat_stats *s,
		   struct fnat_rates *r)
{
	const struct fnat_est *e = &s->est;

	spin_lock_bh(&fn->est_lock);
	r->cps = (e->cps + 0x1FF) >> 10;
	r->inpps = (e->inpps + 0x1FF) >> 10;
	r->outpps = (e->outpps + 0x1FF) >> 10;
	r->inbps = (e->inbps + 0xF) >> 5;
	r->outbps = (e->outbps + 0xF) >> 5;
	spin_unlock_bh(&fn->est_lock);
}

void fnat_est_init(struct fnat_net *fn)
{
	spin_lock_init(&fn->est_lock);
	INIT_LIST_HEAD(&fn->est_list);
	timer_setup(&fn->est_timer, fnat_est_timer, 0);
	mod_timer(&fn->est_timer, jiffies + FNAT_EST_INTERVAL);
}

/* After every estimated object is gone. */
void fnat_est_exit(struct fnat_net *fn)
{
	del_timer_sync(&fn->est_timer);
	WARN_ON(!list_empty(&fn->est_list));
}
