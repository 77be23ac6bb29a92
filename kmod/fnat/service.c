// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: virtual services. Owns a namespace's two service tables (by
 * protocol/address/port and by firewall mark): creates, edits, finds,
 * zeroes, deletes and frees services. Also the per-CPU statistics counters
 * that services and destinations carry.
 *
 * Changes run under fn->lock; the packet path finds services with RCU. A
 * service is freed one grace period after its last reference goes: the
 * table's, and one held by each of its destinations (which connections
 * may keep alive after the service was deleted).
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/rculist.h>

#include "service.h"
#include "dest.h"
#include "sched.h"
#include "laddr.h"

int fnat_stats_init(struct fnat_stats *s)
{
	int cpu;

	memset(&s->base, 0, sizeof(s->base));
	s->cpu = alloc_percpu(struct fnat_cpu_stats);
	if (!s->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(s->cpu, cpu)->syncp);
	return 0;
}

void fnat_stats_free(struct fnat_stats *s)
{
	free_percpu(s->cpu);
	s->cpu = NULL;
}

static void fnat_stats_sum(const struct fnat_stats *s, struct fnat_kstats *k)
{
	int cpu;

	memset(k, 0, sizeof(*k));
	for_each_possible_cpu(cpu) {
		const struct fnat_cpu_stats *c = per_cpu_ptr(s->cpu, cpu);
		struct fnat_kstats v;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			v = c->k;
		} while (u64_stats_fetch_retry(&c->syncp, start));
		k->conns += v.conns;
		k->inpkts += v.inpkts;
		k->outpkts += v.outpkts;
		k->inbytes += v.inbytes;
		k->outbytes += v.outbytes;
	}
}

/* The counters since the last zeroing (callers hold fn->lock or est_lock:
 * zeroing holds both).
 */
void fnat_stats_read(const struct fnat_stats *s, struct fnat_kstats *k)
{
	fnat_stats_sum(s, k);
	k->conns -= s->base.conns;
	k->inpkts -= s->base.inpkts;
	k->outpkts -= s->base.outpkts;
	k->inbytes -= s->base.inbytes;
	k->outbytes -= s->base.outbytes;
}

void fnat_stats_zero(struct fnat_stats *s)
{
	fnat_stats_sum(s, &s->base);
}

static unsigned int fnat_svc_hash(u16 af, u16 protocol,
				  const union nf_inet_addr *addr, __be16 port)
{
	u32 a = af == AF_INET6 ? jhash(addr, sizeof(addr->in6), 0) :
				 (__force u32)addr->ip;

	return jhash_3words(a, (__force u32)port, protocol, 0) &
	       (FNAT_SVC_TAB_SIZE - 1);
}

static unsigned int fnat_fwm_hash(u32 mark)
{
	return mark & (FNAT_SVC_TAB_SIZE - 1);
}

/* Under RCU or fn->lock. */
struct fnat_service *fnat_svc_find(struct fnat_net *fn, u16 af, u16 protocol,
				   const union nf_inet_addr *addr, __be16 port)
{
	unsigned int h = fnat_svc_hash(af, protocol, addr, port);
	struct fnat_service *svc;

	hlist_for_each_entry_rcu(svc, &fn->svc_tab[h], s_node,
				 lockdep_is_held(&fn->lock)) {
		if (svc->af == af && svc->protocol == protocol &&
		    svc->port == port && fnat_addr_equal(af, &svc->addr, addr))
			return svc;
	}
	return NULL;
}

struct fnat_service *fnat_svc_find_fwm(struct fnat_net *fn, u16 af, u32 mark)
{
	struct fnat_service *svc;

	hlist_for_each_entry_rcu(svc, &fn->fwm_tab[fnat_fwm_hash(mark)], s_node,
				 lockdep_is_held(&fn->lock)) {
		if (svc->fwmark == mark && svc->af == af)
			return svc;
	}
	return NULL;
}

/* The service a new connection belongs to, as stock IPVS looks it up:
 * firewall mark first, then the exact address and port, then port 0.
 */
struct fnat_service *fnat_svc_lookup(struct fnat_net *fn,
				     const struct fnat_pkt *p, u32 mark)
{
	struct fnat_service *svc = NULL;

	if (mark)
		svc = fnat_svc_find_fwm(fn, p->af, mark);
	if (!svc)
		svc = fnat_svc_find(fn, p->af, p->protocol, &p->daddr, p->dport);
	if (!svc && p->dport)
		svc = fnat_svc_find(fn, p->af, p->protocol, &p->daddr, 0);
	return svc;
}

static void fnat_svc_free_rcu(struct rcu_head *head)
{
	struct fnat_service *svc = container_of(head, struct fnat_service, rcu);
	struct fnat_net *fn = svc->fn;

	fnat_est_del(fn, &svc->stats);
	fnat_stats_free(&svc->stats);
	kfree(svc);
	atomic_dec(&fn->objects);
}

void fnat_svc_put(struct fnat_service *svc)
{
	if (refcount_dec_and_test(&svc->refcnt))
		call_rcu(&svc->rcu, fnat_svc_free_rcu);
}

static int fnat_svc_check(const struct fnat_svc_conf *c,
			  const struct fnat_sched **ops)
{
	*ops = fnat_sched_find(c->sched_name);
	if (!*ops)
		return -ENOENT;
	/* No persistence engine (sip) here. */
	if (c->pe_name && *c->pe_name)
		return -ENOENT;
	/* Every connection here lives past its first packet: one-packet
	 * scheduling (-o) is refused ("Protocol not supported") rather than
	 * accepted and not done.
	 */
	if (c->flags & IP_VS_SVC_F_ONEPACKET)
		return -EPROTONOSUPPORT;
	return 0;
}

int fnat_svc_add(struct fnat_net *fn, const struct fnat_svc_conf *c)
{
	const struct fnat_sched *ops;
	struct fnat_service *svc;
	int ret;

	lockdep_assert_held(&fn->lock);

	ret = fnat_svc_check(c, &ops);
	if (ret)
		return ret;
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc)
		return -ENOMEM;
	ret = fnat_stats_init(&svc->stats);
	if (ret) {
		kfree(svc);
		return ret;
	}
	INIT_LIST_HEAD(&svc->dests);
	refcount_set(&svc->refcnt, 1);
	svc->fn = fn;
	svc->af = c->af;
	svc->protocol = c->protocol;
	svc->addr = c->addr;
	svc->port = c->port;
	svc->fwmark = c->fwmark;
	svc->timeout = c->timeout;
	svc->netmask = c->netmask;
	ret = fnat_sched_attach(svc, ops);
	if (ret) {
		fnat_stats_free(&svc->stats);
		kfree(svc);
		return ret;
	}
	atomic_inc(&fn->objects);
	fnat_est_add(fn, &svc->stats);

	svc->flags = c->flags | IP_VS_SVC_F_HASHED;
	if (svc->fwmark)
		hlist_add_head_rcu(&svc->s_node,
				   &fn->fwm_tab[fnat_fwm_hash(svc->fwmark)]);
	else
		hlist_add_head_rcu(&svc->s_node,
				   &fn->svc_tab[fnat_svc_hash(svc->af, svc->protocol,
							      &svc->addr, svc->port)]);
	WRITE_ONCE(fn->num_services, fn->num_services + 1);
	return 0;
}

int fnat_svc_edit(struct fnat_service *svc, const struct fnat_svc_conf *c)
{
	const struct fnat_sched *ops;
	struct fnat_sched_state *st;
	int ret;

	lockdep_assert_held(&svc->fn->lock);

	ret = fnat_svc_check(c, &ops);
	if (ret)
		return ret;
	st = rcu_dereference_protected(svc->sched, lockdep_is_held(&svc->fn->lock));
	if (st->ops != ops) {
		ret = fnat_sched_attach(svc, ops);
		if (ret)
			return ret;
	}
	svc->flags = c->flags | IP_VS_SVC_F_HASHED;
	svc->timeout = c->timeout;
	svc->netmask = c->netmask;
	return 0;
}

/* Unhashes the service and drops its destinations and local addresses;
 * connections keep what they use until they expire.
 */
void fnat_svc_del(struct fnat_service *svc)
{
	struct fnat_net *fn = svc->fn;

	lockdep_assert_held(&fn->lock);

	hlist_del_rcu(&svc->s_node);
	WRITE_ONCE(fn->num_services, fn->num_services - 1);
	fnat_dest_del_all(svc);
	fnat_laddr_flush(svc);
	fnat_sched_detach(svc);
	fnat_svc_put(svc);
}

void fnat_svc_flush(struct fnat_net *fn)
{
	struct fnat_service *svc;
	struct hlist_node *tmp;
	int i;

	lockdep_assert_held(&fn->lock);

	for (i = 0; i < FNAT_SVC_TAB_SIZE; i++) {
		hlist_for_each_entry_safe(svc, tmp, &fn->svc_tab[i], s_node)
			fnat_svc_del(svc);
		hlist_for_each_entry_safe(svc, tmp, &fn->fwm_tab[i], s_node)
			fnat_svc_del(svc);
	}
}

void fnat_svc_zero(struct fnat_service *svc)
{
	struct fnat_dest *dest;

	lockdep_assert_held(&svc->fn->lock);

	list_for_each_entry(dest, &svc->dests, n_list)
		fnat_est_zero(svc->fn, &dest->stats);
	fnat_est_zero(svc->fn, &svc->stats);
}

void fnat_svc_zero_all(struct fnat_net *fn)
{
	struct fnat_service *svc;
	int i;

	lockdep_assert_held(&fn->lock);

	for (i = 0; i < FNAT_SVC_TAB_SIZE; i++) {
		hlist_for_each_entry(svc, &fn->svc_tab[i], s_node)
			fnat_svc_zero(svc);
		hlist_for_each_entry(svc, &fn->fwm_tab[i], s_node)
			fnat_svc_zero(svc);
	}
	fnat_est_zero(fn, &fn->tot_stats);
}
