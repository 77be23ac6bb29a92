// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: /proc/net/ip_vs, /proc/net/ip_vs_conn and /proc/net/ip_vs_stats,
 * in the stock formats (ipvsadm -c reads ip_vs_conn); full-NAT rows of
 * ip_vs_conn add the local address (../ip_vs_fnat_uapi.h).
 *
 * /proc/net/ip_vs is written whole at open, under the control lock: a
 * reader sees one consistent table however the services change, and no
 * reader ever walks a list that is being changed. ip_vs_conn walks the
 * connection table under RCU, one bucket at a time, resuming where the
 * previous read stopped rather than counting from the start.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/rculist.h>

#include "fnat.h"
#include "service.h"
#include "dest.h"
#include "sched.h"
#include "conn.h"

static const char *fnat_proto_name(u16 protocol)
{
	switch (protocol) {
	case IPPROTO_IP:		/* firewall-mark templates */
		return "IP";
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "ERR!";
	}
}

static const char *fnat_fwd_name(u32 fwd)
{
	switch (fwd & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_LOCALNODE:
		return "Local";
	case IP_VS_CONN_F_TUNNEL:
		return "Tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "Route";
	case IP_VS_CONN_F_FULLNAT:
		return "FullNat";
	default:
		return "Masq";
	}
}

static void fnat_info_service(struct seq_file *seq, struct fnat_service *svc)
{
	struct fnat_dest *dest;

	/* The stock format, whose "ops " (one-packet scheduling, refused
	 * here) is always empty.
	 */
	if (svc->fwmark)
		seq_printf(seq, "FWM  %08X %s ", svc->fwmark,
			   fnat_sched_name(svc));
	else
		seq_printf(seq, "%s  %08X:%04X %s  ",
			   fnat_proto_name(svc->protocol), ntohl(svc->addr.ip),
			   ntohs(svc->port), fnat_sched_name(svc));
	if (svc->flags & IP_VS_SVC_F_PERSISTENT)
		seq_printf(seq, "persistent %d %08X\n", svc->timeout * HZ,
			   ntohl(svc->netmask));
	else
		seq_putc(seq, '\n');

	list_for_each_entry(dest, &svc->dests, n_list)
		seq_printf(seq, "  -> %08X:%04X      %-7s %-6d %-10d %-10d\n",
			   ntohl(dest->addr.ip), ntohs(dest->port),
			   fnat_fwd_name(dest->fwd), atomic_read(&dest->weight),
			   atomic_read(&dest->activeconns),
			   atomic_read(&dest->inactconns));
}

static int fnat_info_show(struct seq_file *seq, void *v)
{
	struct fnat_net *fn = fnat_net(seq_file_single_net(seq));
	struct fnat_service *svc;
	int i;

	seq_printf(seq, "IP Virtual Server version %d.%d.%d (size=%d)\n",
		   NVERSION(IP_VS_VERSION_CODE), fn->conns.size);
	seq_puts(seq, "Prot LocalAddress:Port Scheduler Flags\n");
	seq_puts(seq, "  -> RemoteAddress:Port Forward Weight ActiveConn InActConn\n");

	mutex_lock(&fn->lock);
	for (i = 0; i < FNAT_SVC_TAB_SIZE; i++)
		hlist_for_each_entry(svc, &fn->svc_tab[i], s_node)
			fnat_info_service(seq, svc);
	for (i = 0; i < FNAT_SVC_TAB_SIZE; i++)
		hlist_for_each_entry(svc, &fn->fwm_tab[i], s_node)
			fnat_info_service(seq, svc);
	mutex_unlock(&fn->lock);
	return 0;
}

struct fnat_conn_iter {
	struct seq_net_private p;	/* first, for seq_open_net */
	unsigned int bucket;
	unsigned int offset;		/* in-tuple entries before it */
	loff_t pos;			/* the position of that entry */
};

/* The connection at the iterator, or the next one after it. */
static struct fnat_conn *fnat_conn_iter_get(struct fnat_conn_tab *t,
					    struct fnat_conn_iter *it)
{
	struct fnat_conn_node *n;

	while (it->bucket < t->size) {
		unsigned int i = 0;

		hlist_for_each_entry_rcu(n, &t->buckets[it->bucket], node) {
			if (n->dir != FNAT_DIR_IN)
				continue;
			if (i++ == it->offset)
				return fnat_node_conn(n);
		}
		it->bucket++;
		it->offset = 0;
		if (!(it->bucket & 1023))
			cond_resched_rcu();
	}
	return NULL;
}

static void *fnat_conn_seq_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	struct fnat_conn_tab *t = &fnat_net(seq_file_net(seq))->conns;
	struct fnat_conn_iter *it = seq->private;
	struct fnat_conn *cp;
	loff_t i;

	rcu_read_lock();
	if (!*pos)
		return SEQ_START_TOKEN;
	if (it->pos == *pos)
		return fnat_conn_iter_get(t, it);
	/* Not where the last read stopped (a seek): count from the start. */
	it->bucket = 0;
	it->offset = 0;
	for (i = 1; (cp = fnat_conn_iter_get(t, it)); i++) {
		if (i == *pos) {
			it->pos = i;
			return cp;
		}
		it->offset++;
	}
	return NULL;
}

static void *fnat_conn_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct fnat_conn_tab *t = &fnat_net(seq_file_net(seq))->conns;
	struct fnat_conn_iter *it = seq->private;

	++*pos;
	if (v == SEQ_START_TOKEN) {
		it->bucket = 0;
		it->offset = 0;
	} else {
		it->offset++;
	}
	it->pos = *pos;
	return fnat_conn_iter_get(t, it);
}

static void fnat_conn_seq_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static int fnat_conn_seq_show(struct seq_file *seq, void *v)
{
	const struct fnat_conn *cp = v;
	unsigned long expires, now = jiffies;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "Pro FromIP   FPrt ToIP     TPrt DestIP   DPrt State       Expires PEName PEData\n");
		return 0;
	}
	expires = READ_ONCE(cp->timer.expires);
	expires = time_after(expires, now) ? expires - now : 0;
	seq_printf(seq, "%-3s %08X %04X %08X %04X %08X %04X %-11s %7u",
		   fnat_proto_name(cp->protocol),
		   ntohl(cp->caddr.ip), ntohs(cp->cport),
		   ntohl(cp->vaddr.ip), ntohs(cp->vport),
		   ntohl(cp->daddr.ip), ntohs(cp->dport),
		   fnat_conn_state_name(cp), jiffies_to_msecs(expires) / 1000);
	if (cp->fwd == IP_VS_CONN_F_FULLNAT)
		seq_printf(seq, " - - %08X %04X", ntohl(cp->laddr.ip),
			   ntohs(cp->lport));
	seq_putc(seq, '\n');
	return 0;
}

static const struct seq_operations fnat_conn_seq_ops = {
	.start = fnat_conn_seq_start,
	.next = fnat_conn_seq_next,
	.stop = fnat_conn_seq_stop,
	.show = fnat_conn_seq_show,
};

/* The totals of every service and their rates (est.c), in hexadecimal. */
static int fnat_stats_show(struct seq_file *seq, void *v)
{
	struct fnat_net *fn = fnat_net(seq_file_single_net(seq));
	struct fnat_kstats k;
	struct fnat_rates r;

	mutex_lock(&fn->lock);
	fnat_stats_read(&fn->tot_stats, &k);
	mutex_unlock(&fn->lock);
	fnat_est_read(fn, &fn->tot_stats, &r);
	seq_puts(seq, "   Total Incoming Outgoing         Incoming         Outgoing\n"
		      "   Conns  Packets  Packets            Bytes            Bytes\n");
	seq_printf(seq, "%8llX %8llX %8llX %16llX %16llX\n\n", k.conns, k.inpkts,
		   k.outpkts, k.inbytes, k.outbytes);
	seq_puts(seq, " Conns/s   Pkts/s   Pkts/s          Bytes/s          Bytes/s\n");
	seq_printf(seq, "%8llX %8llX %8llX %16llX %16llX\n", r.cps, r.inpps,
		   r.outpps, r.inbps, r.outbps);
	return 0;
}

int fnat_proc_init(struct fnat_net *fn)
{
	struct net *net = fn->net;

	if (!proc_create_net_single("ip_vs", 0444, net->proc_net,
				    fnat_info_show, NULL))
		return -ENOMEM;
	if (!proc_create_net("ip_vs_conn", 0444, net->proc_net,
			     &fnat_conn_seq_ops, sizeof(struct fnat_conn_iter)))
		goto err_info;
	if (!proc_create_net_single("ip_vs_stats", 0444, net->proc_net,
				    fnat_stats_show, NULL))
		goto err_conn;
	return 0;

err_conn:
	remove_proc_entry("ip_vs_conn", net->proc_net);
err_info:
	remove_proc_entry("ip_vs", net->proc_net);
	return -ENOMEM;
}

void fnat_proc_exit(struct fnat_net *fn)
{
	remove_proc_entry("ip_vs_stats", fn->net->proc_net);
	remove_proc_entry("ip_vs_conn", fn->net->proc_net);
	remove_proc_entry("ip_vs", fn->net->proc_net);
}
