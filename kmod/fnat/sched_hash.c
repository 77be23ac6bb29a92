// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: the schedulers that map an address to a real server through
 * a table: consh (client address, Maglev), sh (source hashing), dh
 * (destination hashing) and lblc (locality-based least-connection).
 *
 * consh, sh and dh rebuild a table of slots over the destinations whenever
 * they change (under the control lock) and publish it with RCU; each slot
 * names a destination the table holds. sh and dh fill and hash it as stock
 * IPVS does, so a client or destination address lands on the same server
 * as on the stock ip_vs with the same servers added in the same order.
 * lblc remembers, per destination address, the server it last picked.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/hash.h>
#include <linux/rculist.h>

#include "sched.h"
#include "service.h"
#include "dest.h"
#include "../consh_table.h"

static unsigned int consh_table_size = CONSH_DEFAULT_SIZE;
module_param(consh_table_size, uint, 0444);
MODULE_PARM_DESC(consh_table_size,
		 "consh slots per service, a prime; the same on every node (default 16381)");

/* Seed of the consh client hash: the same as ip_vs_consh's, so a node on
 * the stock ip_vs and one on this module map a client alike.
 */
#define CONSH_CLIENT_SEED 0x9e3779b9u

/* sh and dh: 256 slots, as stock. */
#define FNAT_HASH_TAB_BITS	8
#define FNAT_HASH_TAB_SIZE	(1 << FNAT_HASH_TAB_BITS)

/* A table of slots over the destinations of a service. */
struct fnat_sched_tab {
	struct rcu_head rcu;
	u32 size;
	u32 ndests;
	struct fnat_dest **dests;	/* each holds a reference */
	u32 slots[];			/* indexes into dests */
};

static void fnat_sched_tab_free(struct fnat_sched_tab *t)
{
	u32 i;

	for (i = 0; i < t->ndests; i++)
		fnat_dest_put(t->dests[i]);
	kvfree(t->dests);
	kvfree(t);
}

static void fnat_sched_tab_free_rcu(struct rcu_head *head)
{
	fnat_sched_tab_free(container_of(head, struct fnat_sched_tab, rcu));
}

/* A table of size slots holding every destination, in list order. */
static struct fnat_sched_tab *fnat_sched_tab_new(struct fnat_service *svc,
						 u32 size)
{
	u32 max = svc->num_dests ?: 1;
	struct fnat_sched_tab *t;
	struct fnat_dest *dest;

	t = kvzalloc(struct_size(t, slots, size), GFP_KERNEL);
	if (!t)
		return NULL;
	t->dests = kvcalloc(max, sizeof(*t->dests), GFP_KERNEL);
	if (!t->dests) {
		kvfree(t);
		return NULL;
	}
	list_for_each_entry(dest, &svc->dests, n_list) {
		if (t->ndests == max)
			break;
		refcount_inc(&dest->refcnt);
		t->dests[t->ndests++] = dest;
	}
	t->size = size;
	return t;
}

static void fnat_sched_tab_publish(struct fnat_service *svc,
				   struct fnat_sched_state *st,
				   struct fnat_sched_tab *t)
{
	struct fnat_sched_tab *old;

	old = rcu_replace_pointer(st->table, t, lockdep_is_held(&svc->fn->lock));
	if (old)
		call_rcu(&old->rcu, fnat_sched_tab_free_rcu);
}

static void fnat_sched_tab_release(struct fnat_sched_state *st)
{
	struct fnat_sched_tab *t = rcu_dereference_protected(st->table, 1);

	if (t)
		fnat_sched_tab_free(t);
}

/* An address folded to 32 bits in host order, as stock's sh and dh do. */
static u32 fnat_addr_fold(u16 af, const union nf_inet_addr *addr)
{
	__be32 fold = addr->ip;

	if (af == AF_INET6)
		fold = addr->ip6[0] ^ addr->ip6[1] ^ addr->ip6[2] ^ addr->ip6[3];
	return ntohl(fold);
}

/* dh's and lblc's hash of a destination address, as stock's. */
static u32 fnat_dh_hash(u16 af, const union nf_inet_addr *addr,
			unsigned int bits)
{
	return hash_32(fnat_addr_fold(af, addr), bits);
}

/* consh: a Maglev table (../consh_table.c) built from the destinations. */
static void fnat_consh_key(struct consh_backend *b, const struct fnat_dest *dest)
{
	memset(b->key, 0, sizeof(b->key));
	memcpy(b->key, &dest->addr, sizeof(dest->addr));
	memcpy(b->key + 16, &dest->port, sizeof(dest->port));
	b->key[18] = dest->af;
}

static int consh_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	u32 i, size = consh_table_size, max = svc->num_dests ?: 1;
	struct consh_backend *backends;
	struct consh_scratch *scratch;
	struct fnat_sched_tab *t;
	int ret = -ENOMEM;

	t = fnat_sched_tab_new(svc, size);
	backends = kvcalloc(max, sizeof(*backends), GFP_KERNEL);
	scratch = kvcalloc(max, sizeof(*scratch), GFP_KERNEL);
	if (!t || !backends || !scratch) {
		if (t)
			fnat_sched_tab_free(t);
		pr_err("consh: no memory for a table of %u slots\n", size);
		goto out;
	}
	for (i = 0; i < t->ndests; i++) {
		fnat_consh_key(&backends[i], t->dests[i]);
		backends[i].weight = max(atomic_read(&t->dests[i]->weight), 0);
	}
	consh_build(t->slots, size, backends, t->ndests, scratch);
	fnat_sched_tab_publish(svc, st, t);
	ret = 0;
out:
	kvfree(scratch);
	kvfree(backends);
	return ret;
}

static struct fnat_dest *consh_schedule(struct fnat_service *svc,
					struct fnat_sched_state *st,
					const struct fnat_pkt *p)
{
	struct fnat_sched_tab *t = rcu_dereference(st->table);
	u32 len = p->af == AF_INET6 ? 16 : 4;
	u32 h, i;

	if (!t || !t->ndests)
		return NULL;
	h = consh_hash((const u8 *)&p->saddr, len, CONSH_CLIENT_SEED) % t->size;
	/* A slot whose server is unusable falls to the next slot's server. */
	for (i = 0; i < t->size; i++) {
		u32 idx = t->slots[(h + i) % t->size];

		if (idx == CONSH_EMPTY)
			break;
		if (fnat_dest_usable(t->dests[idx]))
			return t->dests[idx];
	}
	return NULL;
}

/* sh: each server takes as many consecutive slots as its weight (one at
 * weight 0), round the list until the table is full; dh: one slot each.
 */
static int fnat_hash_tab_update(struct fnat_service *svc,
				struct fnat_sched_state *st, bool weighted)
{
	struct fnat_sched_tab *t = fnat_sched_tab_new(svc, FNAT_HASH_TAB_SIZE);
	u32 i, d = 0;
	int n = 0;

	if (!t)
		return -ENOMEM;
	for (i = 0; t->ndests && i < t->size; i++) {
		t->slots[i] = d;
		if (++n >= (weighted ? atomic_read(&t->dests[d]->weight) : 1)) {
			d = (d + 1) % t->ndests;
			n = 0;
		}
	}
	fnat_sched_tab_publish(svc, st, t);
	return 0;
}

static int sh_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	return fnat_hash_tab_update(svc, st, true);
}

static int dh_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	return fnat_hash_tab_update(svc, st, false);
}

/* sh: the slot of the client address (plus its port with sh-port); an
 * unusable server there means no server, or with sh-fallback the next
 * usable one round the table.
 */
static struct fnat_dest *sh_schedule(struct fnat_service *svc,
				     struct fnat_sched_state *st,
				     const struct fnat_pkt *p)
{
	struct fnat_sched_tab *t = rcu_dereference(st->table);
	u32 flags = READ_ONCE(svc->flags), h, i;
	struct fnat_dest *dest;
	u32 key;

	if (!t || !t->ndests)
		return NULL;
	key = fnat_addr_fold(p->af, &p->saddr);
	if (flags & IP_VS_SVC_F_SCHED_SH_PORT)
		key += ntohs(p->sport);
	h = hash_32(key, FNAT_HASH_TAB_BITS);
	dest = t->dests[t->slots[h]];
	if (fnat_dest_usable(dest))
		return dest;
	if (!(flags & IP_VS_SVC_F_SCHED_SH_FALLBACK))
		return NULL;
	/* Stock probes from twice the hash on. */
	for (i = 0; i < t->size; i++) {
		dest = t->dests[t->slots[(2 * h + i) % t->size]];
		if (fnat_dest_usable(dest))
			return dest;
	}
	return NULL;
}

static struct fnat_dest *dh_schedule(struct fnat_service *svc,
				     struct fnat_sched_state *st,
				     const struct fnat_pkt *p)
{
	struct fnat_sched_tab *t = rcu_dereference(st->table);
	struct fnat_dest *dest;

	if (!t || !t->ndests)
		return NULL;
	dest = t->dests[t->slots[fnat_dh_hash(p->af, &p->daddr,
					       FNAT_HASH_TAB_BITS)]];
	return fnat_dest_usable(dest) ? dest : NULL;
}

/*
 * lblc: a destination address goes to the server it went to last, unless
 * that server left, has weight 0, or is overloaded in lblc's sense (more
 * active connections than its weight while another server has less than
 * half its weight); then wlc picks one, and it is remembered. As stock,
 * an entry is forgotten after a day unused, or after six minutes unused
 * once the table holds more than 16 entries per bucket; here entries are
 * swept from a bucket when a new one goes in, not by a timer.
 */
#define FNAT_LBLC_TAB_BITS	10
#define FNAT_LBLC_TAB_SIZE	(1 << FNAT_LBLC_TAB_BITS)
#define FNAT_LBLC_MAX		(FNAT_LBLC_TAB_SIZE * 16)
#define FNAT_LBLC_EXPIRE	(24 * 60 * 60 * HZ)
#define FNAT_LBLC_EXPIRE_FULL	(6 * 60 * HZ)

struct fnat_lblc_entry {
	struct hlist_node node;
	u16 af;
	union nf_inet_addr addr;
	unsigned long lastuse;
	struct fnat_dest *dest;		/* holds a reference */
	struct rcu_head rcu;
};

struct fnat_lblc {
	unsigned int count;		/* under the state's lock */
	struct hlist_head buckets[FNAT_LBLC_TAB_SIZE];
};

static void fnat_lblc_entry_free_rcu(struct rcu_head *head)
{
	struct fnat_lblc_entry *en =
		container_of(head, struct fnat_lblc_entry, rcu);

	fnat_dest_put(en->dest);
	kfree(en);
}

static int lblc_update(struct fnat_service *svc, struct fnat_sched_state *st)
{
	struct fnat_lblc *tab;
	int i;

	if (rcu_access_pointer(st->table))
		return 0;		/* entries outlive server changes */
	tab = kvzalloc(sizeof(*tab), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < FNAT_LBLC_TAB_SIZE; i++)
		INIT_HLIST_HEAD(&tab->buckets[i]);
	rcu_assign_pointer(st->table, tab);
	return 0;
}

static void lblc_release(struct fnat_sched_state *st)
{
	struct fnat_lblc *tab = rcu_dereference_protected(st->table, 1);
	struct fnat_lblc_entry *en;
	struct hlist_node *tmp;
	int i;

	if (!tab)
		return;
	for (i = 0; i < FNAT_LBLC_TAB_SIZE; i++) {
		hlist_for_each_entry_safe(en, tmp, &tab->buckets[i], node) {
			fnat_dest_put(en->dest);
			kfree(en);
		}
	}
	kvfree(tab);
}

static bool fnat_lblc_stale(const struct fnat_lblc *tab,
			    const struct fnat_lblc_entry *en)
{
	unsigned long age = READ_ONCE(tab->count) > FNAT_LBLC_MAX ?
			    FNAT_LBLC_EXPIRE_FULL : FNAT_LBLC_EXPIRE;

	return time_after(jiffies, READ_ONCE(en->lastuse) + age);
}

static bool fnat_lblc_overloaded(struct fnat_service *svc,
				 const struct fnat_dest *dest)
{
	const struct fnat_dest *d;

	if (atomic_read(&dest->activeconns) <= atomic_read(&dest->weight))
		return false;
	list_for_each_entry_rcu(d, &svc->dests, n_list)
		if (atomic_read(&d->activeconns) * 2 < atomic_read(&d->weight))
			return true;
	return false;
}

/* Remembers dest for the address (under st->lock), sweeping the bucket. */
static void fnat_lblc_set(struct fnat_lblc *tab, struct hlist_head *b,
			  const struct fnat_pkt *p, struct fnat_dest *dest)
{
	struct fnat_lblc_entry *en;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(en, tmp, b, node) {
		bool mine = en->af == p->af &&
			    fnat_addr_equal(p->af, &en->addr, &p->daddr);

		if (mine && en->dest == dest) {
			WRITE_ONCE(en->lastuse, jiffies);
			return;
		}
		if (mine || fnat_lblc_stale(tab, en)) {
			hlist_del_rcu(&en->node);
			tab->count--;
			call_rcu(&en->rcu, fnat_lblc_entry_free_rcu);
		}
	}
	en = kmalloc(sizeof(*en), GFP_ATOMIC);
	if (!en || !fnat_dest_hold(dest)) {
		kfree(en);
		return;			/* not remembered: no harm */
	}
	en->af = p->af;
	en->addr = p->daddr;
	en->lastuse = jiffies;
	en->dest = dest;
	hlist_add_head_rcu(&en->node, b);
	tab->count++;
}

static struct fnat_dest *lblc_schedule(struct fnat_service *svc,
				       struct fnat_sched_state *st,
				       const struct fnat_pkt *p)
{
	struct fnat_lblc *tab = rcu_dereference(st->table);
	struct fnat_lblc_entry *en;
	struct fnat_dest *dest;
	struct hlist_head *b;

	if (!tab)
		return NULL;
	b = &tab->buckets[fnat_dh_hash(p->af, &p->daddr, FNAT_LBLC_TAB_BITS)];
	hlist_for_each_entry_rcu(en, b, node) {
		if (en->af != p->af ||
		    !fnat_addr_equal(p->af, &en->addr, &p->daddr))
			continue;
		dest = en->dest;
		if (fnat_lblc_stale(tab, en))
			break;
		WRITE_ONCE(en->lastuse, jiffies);
		if (test_bit(FNAT_DEST_AVAILABLE, &dest->flags) &&
		    atomic_read(&dest->weight) > 0 &&
		    !fnat_lblc_overloaded(svc, dest))
			return dest;
		break;
	}
	dest = fnat_sched_wlc(svc);
	if (dest) {
		spin_lock_bh(&st->lock);
		fnat_lblc_set(tab, b, p, dest);
		spin_unlock_bh(&st->lock);
	}
	return dest;
}

const struct fnat_sched fnat_sched_consh = {
	.name = "consh", .update = consh_update,
	.release = fnat_sched_tab_release, .schedule = consh_schedule,
};
const struct fnat_sched fnat_sched_sh = {
	.name = "sh", .update = sh_update,
	.release = fnat_sched_tab_release, .schedule = sh_schedule,
};
const struct fnat_sched fnat_sched_dh = {
	.name = "dh", .update = dh_update,
	.release = fnat_sched_tab_release, .schedule = dh_schedule,
};
const struct fnat_sched fnat_sched_lblc = {
	.name = "lblc", .update = lblc_update,
	.release = lblc_release, .schedule = lblc_schedule,
};

int fnat_sched_hash_init(void)
{
	if (!consh_size_valid(consh_table_size)) {
		pr_err("consh_table_size %u is not a prime from 3 to %u\n",
		       consh_table_size, CONSH_MAX_SIZE);
		return -EINVAL;
	}
	return 0;
}
