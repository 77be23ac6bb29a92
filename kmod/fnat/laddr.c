// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: local addresses (laddr) and their ports, for full NAT.
 *
 * One object per local address and namespace, shared by every pool that
 * names it, so two services never hand out the same address:port. It
 * stays on the namespace's list while any pool or connection holds it,
 * so re-adding an address still in use finds the same ports.
 *
 * Port allocation is a bounded scan: per address and protocol, a bitmap
 * of the 65536 ports and a cursor that moves past each port handed out,
 * so a freed port is reused only after the cursor went round (the real
 * server's TIME_WAIT has ended by then). Finding a free port is at most
 * two find_next_zero_bit() sweeps of the bitmap (1024 words); losing a
 * race for a bit costs one more sweep, at most FNAT_PORT_TRIES times.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/bitmap.h>
#include <linux/slab.h>
#include <net/route.h>

#include "laddr.h"
#include "service.h"

#define FNAT_PORT_TRIES		8

static int fnat_proto_idx(u8 protocol)
{
	return protocol == IPPROTO_UDP;
}

static void fnat_laddr_free_rcu(struct rcu_head *head)
{
	struct fnat_laddr *la = container_of(head, struct fnat_laddr, rcu);
	struct fnat_net *fn = la->fn;

	bitmap_free(la->ports[0]);
	bitmap_free(la->ports[1]);
	kfree(la);
	atomic_dec(&fn->objects);
}

static void fnat_laddr_put(struct fnat_laddr *la)
{
	struct fnat_net *fn = la->fn;
	bool last;

	spin_lock_bh(&fn->laddr_lock);
	last = refcount_dec_and_test(&la->refcnt);
	if (last)
		list_del(&la->list);
	spin_unlock_bh(&fn->laddr_lock);
	if (last)
		call_rcu(&la->rcu, fnat_laddr_free_rcu);
}

/* The namespace's object for an address, with a reference; made if new. */
static struct fnat_laddr *fnat_laddr_obtain(struct fnat_net *fn, u16 af,
					    const union nf_inet_addr *addr)
{
	struct fnat_laddr *la, *fresh;

	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return NULL;
	fresh->ports[0] = bitmap_zalloc(FNAT_LPORTS, GFP_KERNEL);
	fresh->ports[1] = bitmap_zalloc(FNAT_LPORTS, GFP_KERNEL);
	if (!fresh->ports[0] || !fresh->ports[1]) {
		bitmap_free(fresh->ports[0]);
		bitmap_free(fresh->ports[1]);
		kfree(fresh);
		return NULL;
	}
	refcount_set(&fresh->refcnt, 1);
	fresh->fn = fn;
	fresh->af = af;
	fresh->addr = *addr;
	atomic_set(&fresh->cursor[0], FNAT_LPORT_MIN);
	atomic_set(&fresh->cursor[1], FNAT_LPORT_MIN);

	spin_lock_bh(&fn->laddr_lock);
	list_for_each_entry(la, &fn->laddrs, list) {
		if (la->af == af && fnat_addr_equal(af, &la->addr, addr)) {
			refcount_inc(&la->refcnt);
			spin_unlock_bh(&fn->laddr_lock);
			bitmap_free(fresh->ports[0]);
			bitmap_free(fresh->ports[1]);
			kfree(fresh);
			return la;
		}
	}
	list_add(&fresh->list, &fn->laddrs);
	atomic_inc(&fn->objects);
	spin_unlock_bh(&fn->laddr_lock);
	return fresh;
}

static struct fnat_laddr_pool *fnat_pool(struct fnat_service *svc)
{
	return rcu_dereference_protected(svc->laddrs,
					 lockdep_is_held(&svc->fn->lock));
}

/* Publishes a pool of n addresses: those of old without skip, plus add. */
static int fnat_pool_replace(struct fnat_service *svc, struct fnat_laddr *skip,
			     struct fnat_laddr *add)
{
	struct fnat_laddr_pool *old = fnat_pool(svc), *new = NULL;
	unsigned int i, n = 0, cap = (old ? old->n : 0) + !!add;

	if (cap > !!skip) {
		new = kmalloc(struct_size(new, la, cap), GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		for (i = 0; old && i < old->n; i++)
			if (old->la[i] != skip)
				new->la[n++] = old->la[i];
		if (add)
			new->la[n++] = add;
		new->n = n;
	}
	rcu_assign_pointer(svc->laddrs, new);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static struct fnat_laddr *fnat_pool_find(struct fnat_service *svc, u16 af,
					 const union nf_inet_addr *addr)
{
	struct fnat_laddr_pool *pool = fnat_pool(svc);
	unsigned int i;

	for (i = 0; pool && i < pool->n; i++)
		if (pool->la[i]->af == af &&
		    fnat_addr_equal(af, &pool->la[i]->addr, addr))
			return pool->la[i];
	return NULL;
}

int fnat_laddr_add(struct fnat_service *svc, u16 af,
		   const union nf_inet_addr *addr)
{
	struct fnat_laddr *la;
	int atype, ret;

	lockdep_assert_held(&svc->fn->lock);

	if (af != svc->af)
		return -EINVAL;
	if (af != AF_INET)
		return -EAFNOSUPPORT;
	atype = inet_addr_type(svc->fn->net, addr->ip);
	if (atype != RTN_LOCAL && atype != RTN_UNICAST)
		return -EINVAL;
	if (fnat_pool_find(svc, af, addr))
		return -EEXIST;
	la = fnat_laddr_obtain(svc->fn, af, addr);
	if (!la)
		return -ENOMEM;
	ret = fnat_pool_replace(svc, NULL, la);
	if (ret) {
		fnat_laddr_put(la);
		return ret;
	}
	return 0;
}

int fnat_laddr_del(struct fnat_service *svc, u16 af,
		   const union nf_inet_addr *addr)
{
	struct fnat_laddr *la;
	int ret;

	lockdep_assert_held(&svc->fn->lock);

	la = fnat_pool_find(svc, af, addr);
	if (!la)
		return -ENOENT;
	ret = fnat_pool_replace(svc, la, NULL);
	if (ret)
		return ret;
	fnat_laddr_put(la);
	return 0;
}

void fnat_laddr_flush(struct fnat_service *svc)
{
	struct fnat_laddr_pool *pool;
	unsigned int i;

	lockdep_assert_held(&svc->fn->lock);

	pool = fnat_pool(svc);
	if (!pool)
		return;
	RCU_INIT_POINTER(svc->laddrs, NULL);
	for (i = 0; i < pool->n; i++)
		fnat_laddr_put(pool->la[i]);
	kfree_rcu(pool, rcu);
}

/* A free port of la, marked used; 0 when all are taken. */
static unsigned int fnat_port_alloc(struct fnat_laddr *la, int idx)
{
	unsigned long *map = la->ports[idx];
	unsigned int start, bit, tries;

	start = atomic_read(&la->cursor[idx]);
	for (tries = 0; tries < FNAT_PORT_TRIES; tries++) {
		if (start < FNAT_LPORT_MIN || start >= FNAT_LPORTS)
			start = FNAT_LPORT_MIN;
		bit = find_next_zero_bit(map, FNAT_LPORTS, start);
		if (bit >= FNAT_LPORTS) {
			bit = find_next_zero_bit(map, start, FNAT_LPORT_MIN);
			if (bit >= start)
				break;		/* all taken */
		}
		if (!test_and_set_bit(bit, map)) {
			atomic_set(&la->cursor[idx], bit + 1);
			return bit;
		}
		atomic64_inc(&la->conflicts);	/* another CPU took it */
		start = bit + 1;
	}
	atomic64_inc(&la->conflicts);
	return 0;
}

/*
 * A local address of the service's pool and a port on it for a new
 * connection, round robin over the pool; the address comes with a
 * reference. NULL when the pool is empty or every port is taken.
 * Under RCU.
 */
struct fnat_laddr *fnat_laddr_get(struct fnat_service *svc, u8 protocol,
				  __be16 *lport)
{
	struct fnat_laddr_pool *pool = rcu_dereference(svc->laddrs);
	int idx = fnat_proto_idx(protocol);
	unsigned int i, start, port;

	if (!pool)
		return NULL;
	start = atomic_inc_return(&svc->laddr_next);
	for (i = 0; i < pool->n; i++) {
		struct fnat_laddr *la = pool->la[(start + i) % pool->n];

		if (!refcount_inc_not_zero(&la->refcnt))
			continue;
		port = fnat_port_alloc(la, idx);
		if (port) {
			atomic_inc(&la->conns);
			*lport = htons(port);
			return la;
		}
		fnat_laddr_put(la);
	}
	return NULL;
}

void fnat_laddr_release(struct fnat_laddr *la, u8 protocol, __be16 lport)
{
	clear_bit(ntohs(lport), la->ports[fnat_proto_idx(protocol)]);
	atomic_dec(&la->conns);
	fnat_laddr_put(la);
}
