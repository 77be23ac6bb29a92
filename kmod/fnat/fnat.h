/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ip_vs_fnat: the per-namespace state, the statistics counters and the
 * parsed packet every file of the module shares, and the entry points of
 * the files that have no object of their own (hooks, proc, netlink).
 */
#ifndef FNAT_H
#define FNAT_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/ip_vs.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/ipv6.h>
#include <linux/netfilter.h>

#include "../ip_vs_fnat_uapi.h"

/* Services hash by protocol/address/port, or by firewall mark. */
#define FNAT_SVC_TAB_BITS	8
#define FNAT_SVC_TAB_SIZE	(1 << FNAT_SVC_TAB_BITS)

/* Connection states: TCP's as stock IPVS names them, then UDP's one. */
enum fnat_state {
	FNAT_S_NONE,
	FNAT_S_ESTABLISHED,
	FNAT_S_SYN_SENT,
	FNAT_S_SYN_RECV,
	FNAT_S_FIN_WAIT,
	FNAT_S_TIME_WAIT,
	FNAT_S_CLOSE,
	FNAT_S_CLOSE_WAIT,
	FNAT_S_LAST_ACK,
	FNAT_S_LISTEN,
	FNAT_S_SYNACK,
	FNAT_S_UDP,
	FNAT_S_MAX,
};

/* A direction of a connection, and the index its tuple is hashed in. */
enum fnat_dir {
	FNAT_DIR_IN,	/* client -> virtual service */
	FNAT_DIR_OUT,	/* real server -> local address (NAT: -> client) */
};

/* Counters, per CPU; a reading sums them and subtracts the last zeroing. */
struct fnat_kstats {
	u64 conns;
	u64 inpkts;
	u64 outpkts;
	u64 inbytes;
	u64 outbytes;
};

struct fnat_cpu_stats {
	struct fnat_kstats k;
	struct u64_stats_sync syncp;
};

/* The rate estimator's state (est.c), under fnat_net.est_lock. */
struct fnat_est {
	struct list_head list;		/* in fnat_net.est_list */
	struct fnat_kstats last;	/* the counters at the last tick */
	u64 cps, inpps, outpps;		/* per second, scaled by 2^10 */
	u64 inbps, outbps;		/* per second, scaled by 2^5 */
};

struct fnat_stats {
	struct fnat_cpu_stats __percpu *cpu;
	struct fnat_kstats base;	/* at the last IPVS_CMD_ZERO */
	struct fnat_est est;
};

/* Rates per second, as IPVS reports them. */
struct fnat_rates {
	u64 cps, inpps, outpps, inbps, outbps;
};

/* The connection table: one hash of both directions' tuples. */
struct fnat_conn_tab {
	struct hlist_head *buckets;
	spinlock_t *locks;
	unsigned int size;
	unsigned int lock_mask;
	u32 seed;
	atomic_t count;
};

/* All state of one network namespace. */
struct fnat_net {
	struct net *net;
	/* The control plane: services, destinations, local addresses and
	 * timeouts change only under it (their change functions assert it
	 * with lockdep); the packet path reads them with RCU.
	 */
	struct mutex lock;
	struct hlist_head svc_tab[FNAT_SVC_TAB_SIZE];
	struct hlist_head fwm_tab[FNAT_SVC_TAB_SIZE];
	unsigned int num_services;
	/* Bumped by every change under lock: a multi-part dump that sees it
	 * move flags its messages NLM_F_DUMP_INTR, and the reader retries.
	 */
	unsigned long gen;
	spinlock_t laddr_lock;		/* laddrs */
	struct list_head laddrs;	/* every local address in use */
	struct fnat_conn_tab conns;
	unsigned int timeouts[FNAT_S_MAX];	/* jiffies, per state */
	/* Services, destinations, local addresses and connections not freed
	 * yet: the namespace waits for it to drop to zero before it goes.
	 */
	atomic_t objects;
	/* Expires the connections of removed destinations (conn.c). */
	struct delayed_work expire_nodest_work;
	/* /proc/sys/net/ipv4/vs (sysctl.c), read with READ_ONCE */
	int expire_nodest_conn;
	int expire_quiescent_template;
	struct ctl_table_header *sysctl_hdr;
	/* Every service's and destination's counters summed, and the rate
	 * estimator of all counters (est.c).
	 */
	struct fnat_stats tot_stats;
	spinlock_t est_lock;		/* est_list and every fnat_est */
	struct list_head est_list;
	struct timer_list est_timer;
};

extern unsigned int fnat_net_id;

static inline struct fnat_net *fnat_net(struct net *net)
{
	return net_generic(net, fnat_net_id);
}

/* A packet as the data path sees it (IPv4 now; af kept for IPv6). */
struct fnat_pkt {
	u16 af;
	u8 protocol;
	u8 tcp_flags;		/* FNAT_TCP_* below */
	unsigned int l4off;	/* transport header, from the network header */
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	__be16 sport;
	__be16 dport;
};

#define FNAT_TCP_FIN	0x01
#define FNAT_TCP_SYN	0x02
#define FNAT_TCP_RST	0x04
#define FNAT_TCP_ACK	0x10

/* Counting one packet; the packet path runs with bottom halves off. */
static inline void fnat_stats_packet(struct fnat_stats *s, bool in,
				     unsigned int len)
{
	struct fnat_cpu_stats *c = this_cpu_ptr(s->cpu);

	u64_stats_update_begin(&c->syncp);
	if (in) {
		c->k.inpkts++;
		c->k.inbytes += len;
	} else {
		c->k.outpkts++;
		c->k.outbytes += len;
	}
	u64_stats_update_end(&c->syncp);
}

static inline void fnat_stats_conn(struct fnat_stats *s)
{
	struct fnat_cpu_stats *c = this_cpu_ptr(s->cpu);

	u64_stats_update_begin(&c->syncp);
	c->k.conns++;
	u64_stats_update_end(&c->syncp);
}

static inline bool fnat_addr_equal(u16 af, const union nf_inet_addr *a,
				   const union nf_inet_addr *b)
{
	if (af == AF_INET6)
		return ipv6_addr_equal(&a->in6, &b->in6);
	return a->ip == b->ip;
}

/* main.c */
extern unsigned int fnat_conn_tab_bits;

/* netlink.c */
int fnat_genl_init(void);
void fnat_genl_exit(void);

/* sysctl.c */
int fnat_sysctl_init(struct fnat_net *fn);
void fnat_sysctl_exit(struct fnat_net *fn);

/* proc.c */
int fnat_proc_init(struct fnat_net *fn);
void fnat_proc_exit(struct fnat_net *fn);

/* in.c: the netfilter hooks and the client -> server direction */
int fnat_hooks_init(struct fnat_net *fn);
void fnat_hooks_exit(struct fnat_net *fn);

/* icmp.c: ICMP errors about connections, in either direction */
unsigned int fnat_icmp(struct fnat_net *fn, struct sk_buff *skb,
		       bool forwarded);

/* stats (service.c) */
int fnat_stats_init(struct fnat_stats *s);
void fnat_stats_free(struct fnat_stats *s);
void fnat_stats_read(const struct fnat_stats *s, struct fnat_kstats *k);
void fnat_stats_zero(struct fnat_stats *s);

/* est.c: the rate estimator */
void fnat_est_init(struct fnat_net *fn);
void fnat_est_exit(struct fnat_net *fn);
void fnat_est_add(struct fnat_net *fn, struct fnat_stats *s);
void fnat_est_del(struct fnat_net *fn, struct fnat_stats *s);
void fnat_est_zero(struct fnat_net *fn, struct fnat_stats *s);
void fnat_est_read(struct fnat_net *fn, const struct fnat_stats *s,
		   struct fnat_rates *r);

#endif
