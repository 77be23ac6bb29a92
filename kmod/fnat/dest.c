// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: real servers (destinations) of a service. Creates, edits,
 * finds and frees them. A destination is on its service's RCU list while
 * configured; connections and the consh table hold references, so a
 * deleted destination lives on, unavailable, until the last of them goes.
 * New destinations go to the head of the list, as in stock IPVS, so round
 * robin visits them in the same order.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/slab.h>
#include <linux/rculist.h>
#include <net/route.h>

#include "dest.h"
#include "service.h"
#include "sched.h"
#include "conn.h"

/* Under RCU or fn->lock. */
struct fnat_dest *fnat_dest_find(struct fnat_service *svc, u16 af,
				 const union nf_inet_addr *addr, __be16 port)
{
	struct fnat_dest *dest;

	list_for_each_entry_rcu(dest, &svc->dests, n_list,
				lockdep_is_held(&svc->fn->lock)) {
		if (dest->af == af && dest->port == port &&
		    fnat_addr_equal(af, &dest->addr, addr))
			return dest;
	}
	return NULL;
}

bool fnat_dest_hold(struct fnat_dest *dest)
{
	return refcount_inc_not_zero(&dest->refcnt);
}

static void fnat_dest_free_rcu(struct rcu_head *head)
{
	struct fnat_dest *dest = container_of(head, struct fnat_dest, rcu);
	struct fnat_net *fn = dest->svc->fn;

	fnat_est_del(fn, &dest->stats);
	fnat_stats_free(&dest->stats);
	fnat_svc_put(dest->svc);
	kfree(dest);
	atomic_dec(&fn->objects);
}

void fnat_dest_put(struct fnat_dest *dest)
{
	if (refcount_dec_and_test(&dest->refcnt))
		call_rcu(&dest->rcu, fnat_dest_free_rcu);
}

/* The checks stock IPVS makes, with its error numbers. */
static int fnat_dest_check(struct fnat_service *svc,
			   const struct fnat_dest_conf *c)
{
	if (c->weight < 0)
		return -ERANGE;
	if (c->l_threshold > c->u_threshold)
		return -ERANGE;
	if (c->fwd == IP_VS_CONN_F_TUNNEL &&
	    c->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE && !c->tun_port)
		return -EINVAL;
	/* No encapsulation in this data path yet: a tunnel destination is
	 * refused ("Protocol not supported"), not accepted and its packets
	 * dropped.
	 */
	if (c->fwd == IP_VS_CONN_F_TUNNEL)
		return -EPROTONOSUPPORT;
	/* Mixed families only ever worked for tunnels, which come later. */
	if (c->af != svc->af)
		return -EINVAL;
	return 0;
}

static void fnat_dest_set(struct fnat_dest *dest, const struct fnat_dest_conf *c)
{
	/* A raised or no upper threshold lifts the overload, as in stock. */
	if (!c->u_threshold || c->u_threshold > dest->u_threshold)
		clear_bit(FNAT_DEST_OVERLOAD, &dest->flags);
	atomic_set(&dest->weight, c->weight);
	WRITE_ONCE(dest->fwd, c->fwd);
	dest->u_threshold = c->u_threshold;
	dest->l_threshold = c->l_threshold;
	dest->tun_type = c->tun_type;
	dest->tun_port = c->tun_port;
	dest->tun_flags = c->tun_flags;
}

int fnat_dest_add(struct fnat_service *svc, const struct fnat_dest_conf *c)
{
	struct fnat_dest *dest;
	int ret, atype;

	lockdep_assert_held(&svc->fn->lock);

	ret = fnat_dest_check(svc, c);
	if (ret)
		return ret;
	atype = inet_addr_type(svc->fn->net, c->addr.ip);
	if (atype != RTN_LOCAL && atype != RTN_UNICAST)
		return -EINVAL;
	if (fnat_dest_find(svc, c->af, &c->addr, c->port))
		return -EEXIST;

	dest = kzalloc(sizeof(*dest), GFP_KERNEL);
	if (!dest)
		return -ENOMEM;
	ret = fnat_stats_init(&dest->stats);
	if (ret) {
		kfree(dest);
		return ret;
	}
	refcount_set(&dest->refcnt, 1);
	refcount_inc(&svc->refcnt);
	dest->svc = svc;
	dest->af = c->af;
	dest->addr = c->addr;
	dest->port = c->port;
	fnat_dest_set(dest, c);
	set_bit(FNAT_DEST_AVAILABLE, &dest->flags);
	atomic_inc(&svc->fn->objects);
	fnat_est_add(svc->fn, &dest->stats);

	list_add_rcu(&dest->n_list, &svc->dests);
	svc->num_dests++;
	fnat_sched_update(svc);
	return 0;
}

int fnat_dest_edit(struct fnat_service *svc, const struct fnat_dest_conf *c)
{
	struct fnat_dest *dest;
	int ret;

	lockdep_assert_held(&svc->fn->lock);

	ret = fnat_dest_check(svc, c);
	if (ret)
		return ret;
	dest = fnat_dest_find(svc, c->af, &c->addr, c->port);
	if (!dest)
		return -ENOENT;
	fnat_dest_set(dest, c);
	fnat_sched_update(svc);
	return 0;
}

static void fnat_dest_unlink(struct fnat_service *svc, struct fnat_dest *dest)
{
	list_del_rcu(&dest->n_list);
	svc->num_dests--;
	clear_bit(FNAT_DEST_AVAILABLE, &dest->flags);
	if (READ_ONCE(svc->fn->expire_nodest_conn))
		fnat_conn_expire_nodest(svc->fn);
}

int fnat_dest_del(struct fnat_service *svc, const struct fnat_dest_conf *c)
{
	struct fnat_dest *dest;

	lockdep_assert_held(&svc->fn->lock);

	dest = fnat_dest_find(svc, c->af, &c->addr, c->port);
	if (!dest)
		return -ENOENT;
	fnat_dest_unlink(svc, dest);
	fnat_sched_update(svc);
	fnat_dest_put(dest);
	return 0;
}

void fnat_dest_del_all(struct fnat_service *svc)
{
	struct fnat_dest *dest, *tmp;

	lockdep_assert_held(&svc->fn->lock);

	list_for_each_entry_safe(dest, tmp, &svc->dests, n_list) {
		fnat_dest_unlink(svc, dest);
		fnat_dest_put(dest);
	}
	fnat_sched_update(svc);
}
