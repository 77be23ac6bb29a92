// SPDX-License-Identifier: GPL-2.0
/*
 * IPVS "consh" scheduler: consistent hashing on the client address.
 *
 * Every change to a service's destinations builds a new lookup table from
 * scratch (consh_table.c) and publishes it with RCU; the packet path only
 * reads the current table. A table holds a reference on each destination it
 * names, dropped after a grace period when the table is replaced.
 */
#define KMSG_COMPONENT "IPVS"
#define pr_fmt(fmt) KMSG_COMPONENT ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <net/ip_vs.h>

#include "consh_table.h"

/* Seed of the client-address hash, fixed so that every node agrees. */
#define CONSH_CLIENT_SEED 0x9e3779b9u

static unsigned int table_size = CONSH_DEFAULT_SIZE;
module_param(table_size, uint, 0444);
MODULE_PARM_DESC(table_size,
		 "slots per service table, a prime; the same on every node (default 16381)");

struct consh_lookup {
	struct rcu_head rcu;
	u32 size;
	u32 ndests;
	struct ip_vs_dest **dests;
	u32 slots[];
};

struct consh_state {
	struct rcu_head rcu;
	struct consh_lookup __rcu *lookup;
};

static void consh_lookup_free(struct consh_lookup *l)
{
	u32 i;

	for (i = 0; i < l->ndests; i++)
		ip_vs_dest_put(l->dests[i]);
	kvfree(l->dests);
	kvfree(l);
}

static void consh_lookup_free_rcu(struct rcu_head *head)
{
	consh_lookup_free(container_of(head, struct consh_lookup, rcu));
}

static void consh_key(struct consh_backend *b, const struct ip_vs_dest *dest)
{
	memset(b->key, 0, sizeof(b->key));
	memcpy(b->key, &dest->addr, sizeof(dest->addr));
	memcpy(b->key + 16, &dest->port, sizeof(dest->port));
	b->key[18] = dest->af;
}

/* Builds the table for the service's current destinations (under the ctl mutex). */
static struct consh_lookup *consh_lookup_build(struct ip_vs_service *svc)
{
	struct consh_backend *backends = NULL;
	struct consh_scratch *scratch = NULL;
	struct consh_lookup *l = NULL;
	struct ip_vs_dest *dest;
	u32 n = 0, size;

	size = table_size;
	l = kvzalloc(struct_size(l, slots, size), GFP_KERNEL);
	backends = kvcalloc(svc->num_dests ?: 1, sizeof(*backends), GFP_KERNEL);
	scratch = kvcalloc(svc->num_dests ?: 1, sizeof(*scratch), GFP_KERNEL);
	if (l)
		l->dests = kvcalloc(svc->num_dests ?: 1, sizeof(*l->dests), GFP_KERNEL);
	if (!l || !l->dests || !backends || !scratch) {
		if (l)
			kvfree(l->dests);
		kvfree(l);
		l = NULL;
		goto out;
	}

	list_for_each_entry(dest, &svc->destinations, n_list) {
		if (n == svc->num_dests)
			break;
		consh_key(&backends[n], dest);
		backends[n].weight = max(atomic_read(&dest->weight), 0);
		ip_vs_dest_hold(dest);
		l->dests[n++] = dest;
	}
	l->ndests = n;
	l->size = size;
	consh_build(l->slots, size, backends, n, scratch);
out:
	kvfree(scratch);
	kvfree(backends);
	return l;
}

static int consh_rebuild(struct ip_vs_service *svc)
{
	struct consh_state *st = svc->sched_data;
	struct consh_lookup *new, *old;

	new = consh_lookup_build(svc);
	if (!new)
		return -ENOMEM;
	old = rcu_replace_pointer(st->lookup, new, true);
	if (old)
		call_rcu(&old->rcu, consh_lookup_free_rcu);
	return 0;
}

static int consh_init_svc(struct ip_vs_service *svc)
{
	struct consh_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	svc->sched_data = st;
	if (consh_rebuild(svc)) {
		svc->sched_data = NULL;
		kfree(st);
		return -ENOMEM;
	}
	return 0;
}

static void consh_done_svc(struct ip_vs_service *svc)
{
	struct consh_state *st = svc->sched_data;
	struct consh_lookup *old = rcu_replace_pointer(st->lookup, NULL, true);

	if (old)
		call_rcu(&old->rcu, consh_lookup_free_rcu);
	kfree_rcu(st, rcu);
}

static int consh_dest_changed(struct ip_vs_service *svc, struct ip_vs_dest *dest)
{
	return consh_rebuild(svc);
}

static bool consh_usable(const struct ip_vs_dest *dest)
{
	return (READ_ONCE(dest->cflags) & IP_VS_DEST_CF_AVAILABLE) &&
	       !(dest->flags & IP_VS_DEST_F_OVERLOAD) &&
	       atomic_read(&dest->weight) > 0;
}

static struct ip_vs_dest *consh_schedule(struct ip_vs_service *svc,
					 const struct sk_buff *skb,
					 struct ip_vs_iphdr *iph)
{
	struct consh_state *st = svc->sched_data;
	struct consh_lookup *l = rcu_dereference(st->lookup);
	u32 len = svc->af == AF_INET6 ? 16 : 4;
	u32 h, i;

	if (!l || !l->ndests)
		goto none;
	h = consh_hash((const u8 *)&iph->saddr, len, CONSH_CLIENT_SEED) % l->size;
	/* A slot whose server is unusable falls to the next slot's server. */
	for (i = 0; i < l->size; i++) {
		u32 idx = l->slots[(h + i) % l->size];
		struct ip_vs_dest *dest;

		if (idx == CONSH_EMPTY)
			break;
		dest = l->dests[idx];
		if (consh_usable(dest))
			return dest;
	}
none:
	ip_vs_scheduler_err(svc, "no destination available");
	return NULL;
}

static struct ip_vs_scheduler consh_scheduler = {
	.name = "consh",
	.refcnt = ATOMIC_INIT(0),
	.module = THIS_MODULE,
	.n_list = LIST_HEAD_INIT(consh_scheduler.n_list),
	.init_service = consh_init_svc,
	.done_service = consh_done_svc,
	.add_dest = consh_dest_changed,
	.del_dest = consh_dest_changed,
	.upd_dest = consh_dest_changed,
	.schedule = consh_schedule,
};

static int __init consh_init(void)
{
	if (!consh_size_valid(table_size)) {
		pr_err("consh: table_size %u is not a prime from 3 to %u\n",
		       table_size, CONSH_MAX_SIZE);
		return -EINVAL;
	}
	return register_ip_vs_scheduler(&consh_scheduler);
}

static void __exit consh_exit(void)
{
	unregister_ip_vs_scheduler(&consh_scheduler);
	rcu_barrier();
}

module_init(consh_init);
module_exit(consh_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IPVS consistent-hash (consh) scheduler");
