// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: connections. Owns a namespace's connection table: creates
 * connections and hashes both of their tuples, finds them for the packet
 * path (RCU, no lock), tracks TCP state with the stock IPVS timeouts, and
 * expires and frees them from their timers, or all at once when the
 * namespace goes. Persistence templates are connections too: they are
 * hashed, found and expired here, while the packet path (in.c) decides
 * when to use one and when to schedule a new one. The overload flag of
 * destinations follows the connections bound to them.
 *
 * Lifetime: the table holds one reference and every packet in flight one
 * more. The timer expires a connection only when the table's is the last
 * reference; otherwise it looks again a second later (each packet re-arms
 * it on its way out anyway). Memory is freed a grace period after unlink.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/rculist.h>

#include "conn.h"
#include "service.h"
#include "dest.h"
#include "laddr.h"

static struct kmem_cache *fnat_conn_cache __read_mostly;

/* Bucket locks: a power of two no larger than the table. */
#define FNAT_CONN_LOCKS		1024

int fnat_conn_cache_init(void)
{
	fnat_conn_cache = KMEM_CACHE(fnat_conn, SLAB_HWCACHE_ALIGN);
	return fnat_conn_cache ? 0 : -ENOMEM;
}

void fnat_conn_cache_exit(void)
{
	kmem_cache_destroy(fnat_conn_cache);
}

static const char *const fnat_state_names[FNAT_S_MAX] = {
	[FNAT_S_NONE] = "NONE",
	[FNAT_S_ESTABLISHED] = "ESTABLISHED",
	[FNAT_S_SYN_SENT] = "SYN_SENT",
	[FNAT_S_SYN_RECV] = "SYN_RECV",
	[FNAT_S_FIN_WAIT] = "FIN_WAIT",
	[FNAT_S_TIME_WAIT] = "TIME_WAIT",
	[FNAT_S_CLOSE] = "CLOSE",
	[FNAT_S_CLOSE_WAIT] = "CLOSE_WAIT",
	[FNAT_S_LAST_ACK] = "LAST_ACK",
	[FNAT_S_LISTEN] = "LISTEN",
	[FNAT_S_SYNACK] = "SYNACK",
	[FNAT_S_UDP] = "UDP",
};

const char *fnat_conn_state_name(const struct fnat_conn *cp)
{
	u16 flags = READ_ONCE(cp->flags);

	if (flags & FNAT_CONN_TEMPLATE)
		return flags & FNAT_CONN_ASSURED ? "ASSURED" : "NONE";
	return fnat_state_names[READ_ONCE(cp->state)];
}

/* A template is assured, as in stock, once a TCP connection it sent was
 * established or a UDP one was answered.
 */
static void fnat_conn_assure(struct fnat_conn *ct)
{
	if (READ_ONCE(ct->flags) & FNAT_CONN_ASSURED)
		return;
	spin_lock_bh(&ct->lock);
	WRITE_ONCE(ct->flags, ct->flags | FNAT_CONN_ASSURED);
	spin_unlock_bh(&ct->lock);
}

/* The stock defaults, in seconds. */
static const unsigned int fnat_default_timeouts[FNAT_S_MAX] = {
	[FNAT_S_NONE] = 2,
	[FNAT_S_ESTABLISHED] = 15 * 60,
	[FNAT_S_SYN_SENT] = 2 * 60,
	[FNAT_S_SYN_RECV] = 60,
	[FNAT_S_FIN_WAIT] = 2 * 60,
	[FNAT_S_TIME_WAIT] = 2 * 60,
	[FNAT_S_CLOSE] = 10,
	[FNAT_S_CLOSE_WAIT] = 60,
	[FNAT_S_LAST_ACK] = 30,
	[FNAT_S_LISTEN] = 2 * 60,
	[FNAT_S_SYNACK] = 2 * 60,
	[FNAT_S_UDP] = 5 * 60,
};

void fnat_conn_timeouts_init(struct fnat_net *fn)
{
	int i;

	for (i = 0; i < FNAT_S_MAX; i++)
		fn->timeouts[i] = fnat_default_timeouts[i] * HZ;
}

/* IPVS_CMD_GET_CONFIG: established, FIN_WAIT and UDP, in seconds. */
void fnat_conn_get_timeouts(struct fnat_net *fn, u32 *tcp, u32 *tcp_fin,
			    u32 *udp)
{
	*tcp = READ_ONCE(fn->timeouts[FNAT_S_ESTABLISHED]) / HZ;
	*tcp_fin = READ_ONCE(fn->timeouts[FNAT_S_FIN_WAIT]) / HZ;
	*udp = READ_ONCE(fn->timeouts[FNAT_S_UDP]) / HZ;
}

/* IPVS_CMD_SET_CONFIG: 0 keeps a value, as ipvsadm --set documents. */
int fnat_conn_set_timeouts(struct fnat_net *fn, u32 tcp, u32 tcp_fin, u32 udp)
{
	lockdep_assert_held(&fn->lock);

	if (tcp > INT_MAX / HZ || tcp_fin > INT_MAX / HZ || udp > INT_MAX / HZ)
		return -EINVAL;
	if (tcp)
		WRITE_ONCE(fn->timeouts[FNAT_S_ESTABLISHED], tcp * HZ);
	if (tcp_fin)
		WRITE_ONCE(fn->timeouts[FNAT_S_FIN_WAIT], tcp_fin * HZ);
	if (udp)
		WRITE_ONCE(fn->timeouts[FNAT_S_UDP], udp * HZ);
	return 0;
}

/*
 * TCP state transitions, as stock IPVS makes them: per direction, per
 * event (the first of RST, SYN, FIN, ACK the segment carries), the state
 * after the current one. Columns follow enum fnat_state up to SYNACK.
 */
enum { FNAT_EV_SYN, FNAT_EV_FIN, FNAT_EV_ACK, FNAT_EV_RST, FNAT_EV_MAX };

#define NO FNAT_S_NONE
#define ES FNAT_S_ESTABLISHED
#define SS FNAT_S_SYN_SENT
#define SR FNAT_S_SYN_RECV
#define FW FNAT_S_FIN_WAIT
#define TW FNAT_S_TIME_WAIT
#define CL FNAT_S_CLOSE
#define CW FNAT_S_CLOSE_WAIT
#define LA FNAT_S_LAST_ACK
#define LI FNAT_S_LISTEN
#define SA FNAT_S_SYNACK

static const u8 fnat_tcp_next[2][FNAT_EV_MAX][FNAT_S_UDP] = {
	[FNAT_DIR_IN] = {
		/*               NO  ES  SS  SR  FW  TW  CL  CW  LA  LI  SA */
		[FNAT_EV_SYN] = { SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR },
		[FNAT_EV_FIN] = { CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW },
		[FNAT_EV_ACK] = { ES, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES },
		[FNAT_EV_RST] = { CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR },
	},
	[FNAT_DIR_OUT] = {
		[FNAT_EV_SYN] = { SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR },
		[FNAT_EV_FIN] = { TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW },
		[FNAT_EV_ACK] = { ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES },
		[FNAT_EV_RST] = { CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL },
	},
};

#undef NO
#undef ES
#undef SS
#undef SR
#undef FW
#undef TW
#undef CL
#undef CW
#undef LA
#undef LI
#undef SA

static int fnat_tcp_event(u8 flags)
{
	if (flags & FNAT_TCP_RST)
		return FNAT_EV_RST;
	if (flags & FNAT_TCP_SYN)
		return FNAT_EV_SYN;
	if (flags & FNAT_TCP_FIN)
		return FNAT_EV_FIN;
	if (flags & FNAT_TCP_ACK)
		return FNAT_EV_ACK;
	return -1;
}

/* A packet of cp, counted for its destination, its service and the totals. */
void fnat_conn_count(struct fnat_conn *cp, bool in, unsigned int len)
{
	fnat_stats_packet(&cp->dest->stats, in, len);
	fnat_stats_packet(&cp->dest->svc->stats, in, len);
	fnat_stats_packet(&cp->fn->tot_stats, in, len);
}

/* Moves the connection to its next state and picks that state's timeout;
 * the active/inactive counts of the destination follow ESTABLISHED.
 */
void fnat_conn_track(struct fnat_conn *cp, int dir, const struct fnat_pkt *p)
{
	struct fnat_dest *dest = cp->dest;
	int ev;

	spin_lock_bh(&cp->lock);
	if (cp->protocol == IPPROTO_TCP) {
		ev = fnat_tcp_event(p->tcp_flags);
		if (ev >= 0)
			WRITE_ONCE(cp->state, fnat_tcp_next[dir][ev][cp->state]);
		if (cp->state == FNAT_S_ESTABLISHED &&
		    (cp->flags & FNAT_CONN_INACTIVE)) {
			cp->flags &= ~FNAT_CONN_INACTIVE;
			atomic_dec(&dest->inactconns);
			atomic_inc(&dest->activeconns);
		} else if (cp->state != FNAT_S_ESTABLISHED &&
			   !(cp->flags & FNAT_CONN_INACTIVE)) {
			cp->flags |= FNAT_CONN_INACTIVE;
			atomic_dec(&dest->activeconns);
			atomic_inc(&dest->inactconns);
		}
	}
	WRITE_ONCE(cp->timeout, READ_ONCE(cp->fn->timeouts[cp->state]));
	spin_unlock_bh(&cp->lock);
	if (cp->control && (cp->protocol == IPPROTO_TCP ?
			    READ_ONCE(cp->state) == FNAT_S_ESTABLISHED :
			    dir == FNAT_DIR_OUT))
		fnat_conn_assure(cp->control);
}

static u32 fnat_conn_hash(const struct fnat_conn_tab *t, u16 af, u8 protocol,
			  const union nf_inet_addr *s, __be16 sport,
			  const union nf_inet_addr *d, __be16 dport)
{
	u32 ports = ((__force u32)sport << 16) ^ (__force u32)dport ^ protocol;
	u32 h;

	if (af == AF_INET6)
		h = jhash_3words(jhash(s, sizeof(s->in6), t->seed),
				 jhash(d, sizeof(d->in6), t->seed), ports, t->seed);
	else
		h = jhash_3words((__force u32)s->ip, (__force u32)d->ip, ports,
				 t->seed);
	return h & (t->size - 1);
}

static u32 fnat_conn_hash_dir(const struct fnat_conn_tab *t,
			      const struct fnat_conn *cp, int dir)
{
	if (dir == FNAT_DIR_IN)
		return fnat_conn_hash(t, cp->af, cp->protocol, &cp->caddr,
				      cp->cport, &cp->vaddr, cp->vport);
	return fnat_conn_hash(t, cp->af, cp->protocol, &cp->daddr, cp->dport,
			      &cp->laddr, cp->lport);
}

/* want: FNAT_CONN_TEMPLATE to match valid templates, 0 for connections. */
static bool fnat_conn_match(const struct fnat_conn *cp, int dir,
			    const struct fnat_pkt *p, u16 want)
{
	u16 kind = READ_ONCE(cp->flags) &
		   (FNAT_CONN_TEMPLATE | FNAT_CONN_INVALID);

	if (kind != want || cp->protocol != p->protocol || cp->af != p->af)
		return false;
	if (dir == FNAT_DIR_IN)
		return cp->cport == p->sport && cp->vport == p->dport &&
		       fnat_addr_equal(p->af, &cp->caddr, &p->saddr) &&
		       fnat_addr_equal(p->af, &cp->vaddr, &p->daddr);
	return cp->dport == p->sport && cp->lport == p->dport &&
	       fnat_addr_equal(p->af, &cp->daddr, &p->saddr) &&
	       fnat_addr_equal(p->af, &cp->laddr, &p->daddr);
}

static spinlock_t *fnat_conn_lock(struct fnat_conn_tab *t, u32 h)
{
	return &t->locks[h & t->lock_mask];
}

static struct fnat_conn *fnat_conn_find(struct fnat_net *fn,
					const struct fnat_pkt *p, int *dir,
					u16 want)
{
	struct fnat_conn_tab *t = &fn->conns;
	struct fnat_conn_node *n;
	u32 h;

	h = fnat_conn_hash(t, p->af, p->protocol, &p->saddr, p->sport,
			   &p->daddr, p->dport);
	hlist_for_each_entry_rcu(n, &t->buckets[h], node) {
		struct fnat_conn *cp = fnat_node_conn(n);

		if (fnat_conn_match(cp, n->dir, p, want) &&
		    refcount_inc_not_zero(&cp->refcnt)) {
			*dir = n->dir;
			return cp;
		}
	}
	return NULL;
}

/* The connection a packet belongs to, with a reference, and the direction
 * the packet goes in. Under RCU (netfilter hooks are).
 */
struct fnat_conn *fnat_conn_lookup(struct fnat_net *fn,
				   const struct fnat_pkt *p, int *dir)
{
	return fnat_conn_find(fn, p, dir, 0);
}

static void fnat_conn_unhash_dir(struct fnat_conn_tab *t,
				 struct fnat_conn *cp, int dir)
{
	spinlock_t *lock;

	if (!cp->tn[dir].hashed)
		return;
	lock = fnat_conn_lock(t, fnat_conn_hash_dir(t, cp, dir));
	spin_lock_bh(lock);
	hlist_del_rcu(&cp->tn[dir].node);
	cp->tn[dir].hashed = false;
	spin_unlock_bh(lock);
}

/* A destination at its upper threshold of connections is overloaded
 * until it is back under the lower one (without one: under 3/4 of the
 * upper), as in stock IPVS.
 */
static void fnat_dest_bind(struct fnat_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_threshold);

	if (upper && atomic_read(&dest->activeconns) +
		     atomic_read(&dest->inactconns) >= upper)
		set_bit(FNAT_DEST_OVERLOAD, &dest->flags);
}

static void fnat_dest_unbind(struct fnat_dest *dest)
{
	u32 upper = READ_ONCE(dest->u_threshold);
	u32 lower = READ_ONCE(dest->l_threshold);
	u32 n = atomic_read(&dest->activeconns) +
		atomic_read(&dest->inactconns);

	if (lower ? n < lower : !upper || (u64)n * 4 < (u64)upper * 3)
		clear_bit(FNAT_DEST_OVERLOAD, &dest->flags);
}

/* A connection lets go of its template, which lives on for its timeout
 * (or goes at once when its destination was removed).
 */
static void fnat_conn_release_control(struct fnat_conn *ct)
{
	unsigned long t = test_bit(FNAT_DEST_AVAILABLE, &ct->dest->flags) ?
			  ct->timeout : 0;

	mod_timer(&ct->timer, jiffies + t);
	refcount_dec(&ct->refcnt);
}

/* Called once the last reference is gone: no packet uses it any more. */
static void fnat_conn_unlink(struct fnat_conn *cp)
{
	struct fnat_conn_tab *t = &cp->fn->conns;

	fnat_conn_unhash_dir(t, cp, FNAT_DIR_IN);
	fnat_conn_unhash_dir(t, cp, FNAT_DIR_OUT);
	if (cp->flags & FNAT_CONN_TEMPLATE)
		atomic_dec(&cp->dest->persistconns);
	else if (cp->flags & FNAT_CONN_INACTIVE)
		atomic_dec(&cp->dest->inactconns);
	else
		atomic_dec(&cp->dest->activeconns);
	fnat_dest_unbind(cp->dest);
	if (cp->control)
		fnat_conn_release_control(cp->control);
	atomic_dec(&t->count);
}

static void fnat_conn_free(struct fnat_conn *cp)
{
	struct fnat_net *fn = cp->fn;

	if (cp->local)
		fnat_laddr_release(cp->local, cp->protocol, cp->lport);
	fnat_dest_put(cp->dest);
	kmem_cache_free(fnat_conn_cache, cp);
	atomic_dec(&fn->objects);
}

static void fnat_conn_free_rcu(struct rcu_head *head)
{
	fnat_conn_free(container_of(head, struct fnat_conn, rcu));
}

static void fnat_conn_expire(struct timer_list *timer)
{
	struct fnat_conn *cp = from_timer(cp, timer, timer);

	if (!refcount_dec_if_one(&cp->refcnt)) {
		/* A template waits for its connections, which re-arm it. */
		mod_timer(&cp->timer, jiffies + (cp->flags & FNAT_CONN_TEMPLATE ?
						 cp->timeout : HZ));
		return;
	}
	fnat_conn_unlink(cp);
	/* A packet may have re-armed the timer before it let go. */
	del_timer(&cp->timer);
	call_rcu(&cp->rcu, fnat_conn_free_rcu);
}

/* Drops the caller's reference; the connection lives for its state's
 * timeout after the last packet.
 */
void fnat_conn_put(struct fnat_conn *cp)
{
	mod_timer(&cp->timer, jiffies + READ_ONCE(cp->timeout));
	refcount_dec(&cp->refcnt);
}

/* Drops the caller's reference, the connection's life unchanged: for a
 * packet that does not show it alive (an ICMP error).
 */
void fnat_conn_unref(struct fnat_conn *cp)
{
	refcount_dec(&cp->refcnt);
}

/* Drops the caller's reference and expires the connection now. */
void fnat_conn_expire_now(struct fnat_conn *cp)
{
	mod_timer(&cp->timer, jiffies);
	refcount_dec(&cp->refcnt);
}

/* Hashes the in tuple unless a twin got there first (two CPUs, one
 * client's retransmitted SYN): then returns the twin, with a reference.
 */
static struct fnat_conn *fnat_conn_hash_in(struct fnat_conn_tab *t,
					   struct fnat_conn *cp,
					   const struct fnat_pkt *p)
{
	u16 want = cp->flags & FNAT_CONN_TEMPLATE;
	u32 h = fnat_conn_hash_dir(t, cp, FNAT_DIR_IN);
	spinlock_t *lock = fnat_conn_lock(t, h);
	struct fnat_conn_node *n;

	spin_lock_bh(lock);
	hlist_for_each_entry(n, &t->buckets[h], node) {
		struct fnat_conn *twin = fnat_node_conn(n);

		if (n->dir == FNAT_DIR_IN &&
		    fnat_conn_match(twin, n->dir, p, want) &&
		    refcount_inc_not_zero(&twin->refcnt)) {
			spin_unlock_bh(lock);
			return twin;
		}
	}
	hlist_add_head_rcu(&cp->tn[FNAT_DIR_IN].node, &t->buckets[h]);
	cp->tn[FNAT_DIR_IN].hashed = true;
	spin_unlock_bh(lock);
	return NULL;
}

static void fnat_conn_hash_out(struct fnat_conn_tab *t, struct fnat_conn *cp)
{
	u32 h = fnat_conn_hash_dir(t, cp, FNAT_DIR_OUT);
	spinlock_t *lock = fnat_conn_lock(t, h);

	spin_lock_bh(lock);
	hlist_add_head_rcu(&cp->tn[FNAT_DIR_OUT].node, &t->buckets[h]);
	cp->tn[FNAT_DIR_OUT].hashed = true;
	spin_unlock_bh(lock);
}

/*
 * A new connection of packet p to dest: by forwarding method fwd (read
 * once by the caller, who chose local by it), or a template (fwd 0, p
 * its key). The caller holds a reference on dest, for full NAT owns local
 * and lport, and holds one on the template ct if any: all of them pass to
 * the connection, which is returned with a reference for the caller (or
 * the twin another CPU hashed first, and they are let go); NULL when out
 * of memory (the caller still owns them then).
 */
static struct fnat_conn *fnat_conn_create(struct fnat_net *fn,
					  struct fnat_dest *dest, u32 fwd,
					  const struct fnat_pkt *p,
					  struct fnat_laddr *local,
					  __be16 lport, struct fnat_conn *ct,
					  unsigned int tpl_timeout)
{
	struct fnat_conn_tab *t = &fn->conns;
	struct fnat_conn *cp, *twin;
	atomic_t *count;

	cp = kmem_cache_zalloc(fnat_conn_cache, GFP_ATOMIC);
	if (!cp)
		return NULL;
	cp->tn[FNAT_DIR_IN].dir = FNAT_DIR_IN;
	cp->tn[FNAT_DIR_OUT].dir = FNAT_DIR_OUT;
	cp->af = p->af;
	cp->protocol = p->protocol;
	cp->fwd = fwd;
	cp->caddr = p->saddr;
	cp->cport = p->sport;
	cp->vaddr = p->daddr;
	cp->vport = p->dport;
	cp->daddr = dest->addr;
	/* As in stock: a template of a port-0 or firewall-mark service has
	 * port 0, and the connections it sends keep the client's port.
	 */
	if (tpl_timeout)
		cp->dport = p->dport ? dest->port : 0;
	else if (dest->port && (!ct || p->dport == dest->svc->port))
		cp->dport = dest->port;
	else
		cp->dport = p->dport;
	if (cp->fwd == IP_VS_CONN_F_FULLNAT) {
		cp->laddr = local->addr;
		cp->lport = lport;
		cp->local = local;
	} else {
		cp->laddr = p->saddr;
		cp->lport = p->sport;
	}
	refcount_set(&cp->refcnt, 2);
	spin_lock_init(&cp->lock);
	cp->state = cp->protocol == IPPROTO_TCP ? FNAT_S_NONE : FNAT_S_UDP;
	if (tpl_timeout) {
		cp->flags = FNAT_CONN_TEMPLATE;
		cp->state = FNAT_S_NONE;
		cp->timeout = tpl_timeout;
		count = &dest->persistconns;
	} else {
		cp->flags = FNAT_CONN_INACTIVE;
		cp->timeout = fn->timeouts[cp->state];
		count = &dest->inactconns;
	}
	cp->fn = fn;
	cp->dest = dest;
	cp->control = ct;
	timer_setup(&cp->timer, fnat_conn_expire, 0);

	atomic_inc(count);
	twin = fnat_conn_hash_in(t, cp, p);
	if (twin) {
		atomic_dec(count);
		if (cp->local)
			fnat_laddr_release(cp->local, cp->protocol, cp->lport);
		if (ct)
			fnat_conn_put(ct);
		fnat_dest_put(dest);
		kmem_cache_free(fnat_conn_cache, cp);
		return twin;
	}
	fnat_dest_bind(dest);
	/* Only NAT and full NAT see replies; DR's go straight to the client. */
	if (!tpl_timeout && (cp->fwd == IP_VS_CONN_F_MASQ ||
			     cp->fwd == IP_VS_CONN_F_FULLNAT))
		fnat_conn_hash_out(t, cp);

	if (!tpl_timeout) {
		fnat_stats_conn(&dest->stats);
		fnat_stats_conn(&dest->svc->stats);
		fnat_stats_conn(&fn->tot_stats);
	}
	atomic_inc(&t->count);
	atomic_inc(&fn->objects);
	mod_timer(&cp->timer, jiffies + cp->timeout);
	return cp;
}

struct fnat_conn *fnat_conn_new(struct fnat_net *fn, struct fnat_dest *dest,
				u32 fwd, const struct fnat_pkt *p,
				struct fnat_laddr *local, __be16 lport,
				struct fnat_conn *ct)
{
	return fnat_conn_create(fn, dest, fwd, p, local, lport, ct, 0);
}

/* The persistence template of key k (made by in.c), with a reference;
 * NULL when there is none or it was invalidated. Under RCU.
 */
struct fnat_conn *fnat_conn_lookup_template(struct fnat_net *fn,
					    const struct fnat_pkt *k)
{
	int dir;

	return fnat_conn_find(fn, k, &dir, FNAT_CONN_TEMPLATE);
}

/* Marks a template so that it is found no more: it expires with its
 * connections.
 */
void fnat_conn_invalidate(struct fnat_conn *ct)
{
	spin_lock_bh(&ct->lock);
	WRITE_ONCE(ct->flags, ct->flags | FNAT_CONN_INVALID);
	spin_unlock_bh(&ct->lock);
}

/* A new persistence template of key k to dest, which lives on for timeout
 * (jiffies, not 0) after the last connection it sent; as fnat_conn_new()
 * for the reference on dest and the one returned.
 */
struct fnat_conn *fnat_conn_new_template(struct fnat_net *fn,
					 struct fnat_dest *dest,
					 const struct fnat_pkt *k,
					 unsigned int timeout)
{
	return fnat_conn_create(fn, dest, 0, k, NULL, 0, NULL, timeout);
}

/* expire_nodest_conn: a sweep of the table, soon after a destination was
 * removed, expires every connection to a removed destination.
 */
static void fnat_conn_expire_nodest_work(struct work_struct *work)
{
	struct fnat_net *fn = container_of(to_delayed_work(work),
					   struct fnat_net, expire_nodest_work);
	struct fnat_conn_tab *t = &fn->conns;
	struct fnat_conn_node *n;
	unsigned int i;

	rcu_read_lock();
	for (i = 0; i < t->size; i++) {
		hlist_for_each_entry_rcu(n, &t->buckets[i], node) {
			struct fnat_conn *cp = fnat_node_conn(n);

			if (n->dir == FNAT_DIR_IN &&
			    !test_bit(FNAT_DEST_AVAILABLE, &cp->dest->flags) &&
			    refcount_inc_not_zero(&cp->refcnt))
				fnat_conn_expire_now(cp);
		}
		if (!(i & 1023))
			cond_resched_rcu();
	}
	rcu_read_unlock();
}

void fnat_conn_expire_nodest(struct fnat_net *fn)
{
	queue_delayed_work(system_long_wq, &fn->expire_nodest_work, 1);
}

int fnat_conn_tab_init(struct fnat_net *fn, unsigned int bits)
{
	struct fnat_conn_tab *t = &fn->conns;
	unsigned int i, nlocks;

	INIT_DELAYED_WORK(&fn->expire_nodest_work, fnat_conn_expire_nodest_work);
	t->size = 1u << bits;
	nlocks = min_t(unsigned int, t->size, FNAT_CONN_LOCKS);
	t->lock_mask = nlocks - 1;
	t->seed = get_random_u32();
	atomic_set(&t->count, 0);
	t->buckets = kvcalloc(t->size, sizeof(*t->buckets), GFP_KERNEL);
	t->locks = kvcalloc(nlocks, sizeof(*t->locks), GFP_KERNEL);
	if (!t->buckets || !t->locks) {
		kvfree(t->buckets);
		kvfree(t->locks);
		t->buckets = NULL;
		t->locks = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < t->size; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	for (i = 0; i < nlocks; i++)
		spin_lock_init(&t->locks[i]);
	return 0;
}

/* Expires a connection now; only the timer may still run (no packets). */
static bool fnat_conn_kill(struct fnat_conn *cp)
{
	del_timer_sync(&cp->timer);
	if (!refcount_read(&cp->refcnt))
		return true;		/* its timer just did it */
	if (!refcount_dec_if_one(&cp->refcnt))
		return false;
	fnat_conn_unlink(cp);
	call_rcu(&cp->rcu, fnat_conn_free_rcu);
	return true;
}

/* The first connection in a bucket; a template only when tpl (templates
 * go last: the connections they sent hold references on them).
 */
static struct fnat_conn *fnat_conn_first(struct hlist_head *b, bool tpl)
{
	struct fnat_conn_node *n;

	hlist_for_each_entry_rcu(n, b, node) {
		struct fnat_conn *cp = fnat_node_conn(n);

		if (tpl || !(cp->flags & FNAT_CONN_TEMPLATE))
			return cp;
	}
	return NULL;
}

/* Expires every connection and frees the table (the namespace is going:
 * its hooks and /proc files are gone already).
 */
void fnat_conn_tab_exit(struct fnat_net *fn)
{
	struct fnat_conn_tab *t = &fn->conns;
	unsigned int i, tpl;

	cancel_delayed_work_sync(&fn->expire_nodest_work);
	if (!t->buckets)
		return;
	for (tpl = 0; tpl < 2; tpl++) {
		for (i = 0; i < t->size; i++) {
			for (;;) {
				struct fnat_conn *cp;
				bool done;

				rcu_read_lock();
				cp = fnat_conn_first(&t->buckets[i], tpl);
				if (!cp) {
					rcu_read_unlock();
					break;
				}
				done = fnat_conn_kill(cp);
				rcu_read_unlock();
				if (WARN_ONCE(!done, "ip_vs_fnat: connection still in use\n"))
					break;
			}
			if (!(i & 1023))
				cond_resched();
		}
	}
	kvfree(t->buckets);
	kvfree(t->locks);
	t->buckets = NULL;
	t->locks = NULL;
}
