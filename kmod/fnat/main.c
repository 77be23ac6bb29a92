// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: module init and exit, and the life of the per-namespace
 * state. The module replaces the stock ip_vs (it registers the same "IPVS"
 * generic-netlink family, so only one of them can be loaded).
 *
 * Only one of the two can be loaded: the first to claim the IPVS socket
 * options wins.
 *
 * A namespace comes up with its connection table, its /proc files, its
 * sysctls and its netfilter hooks; it goes down in the reverse order,
 * after which every service, destination, local address and connection is
 * freed before the state itself.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/netfilter.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>

#include "fnat.h"
#include "service.h"
#include "sched.h"
#include "conn.h"

unsigned int fnat_conn_tab_bits = 12;
module_param_named(conn_tab_bits, fnat_conn_tab_bits, uint, 0444);
MODULE_PARM_DESC(conn_tab_bits,
		 "connection hash table size as a power of 2, 8..24 (default 12, as stock ip_vs)");

unsigned int fnat_net_id __read_mostly;

/*
 * The stock ip_vs's legacy setsockopt range. Claimed before anything else,
 * as ip_vs claims it too, so that loading beside the stock module fails
 * cleanly with EBUSY. ipvsadm and keepalived use netlink; the old
 * interface answers "protocol not available".
 */
static int fnat_sockopt_set(struct sock *sk, int optval, sockptr_t arg,
			    unsigned int len)
{
	return -ENOPROTOOPT;
}

static int fnat_sockopt_get(struct sock *sk, int optval, void __user *user,
			    int *len)
{
	return -ENOPROTOOPT;
}

static struct nf_sockopt_ops fnat_sockopts = {
	.pf = PF_INET,
	.set_optmin = IP_VS_BASE_CTL,
	.set_optmax = IP_VS_SO_SET_MAX + 1,
	.set = fnat_sockopt_set,
	.get_optmin = IP_VS_BASE_CTL,
	.get_optmax = IP_VS_SO_GET_MAX + 1,
	.get = fnat_sockopt_get,
	.owner = THIS_MODULE,
};

/* Waits until the namespace's objects are all freed, through RCU callbacks
 * that may queue further ones (a connection drops its destination, which
 * drops its service).
 */
static void fnat_net_drain(struct fnat_net *fn)
{
	int i;

	for (i = 0; i < 20 && atomic_read(&fn->objects); i++)
		rcu_barrier();
	WARN(atomic_read(&fn->objects), "ip_vs_fnat: %d objects leaked\n",
	     atomic_read(&fn->objects));
}

/* The totals and the estimator go last, once nothing else is estimated. */
static void fnat_stats_exit(struct fnat_net *fn)
{
	fnat_est_del(fn, &fn->tot_stats);
	fnat_est_exit(fn);
	fnat_stats_free(&fn->tot_stats);
}

static int __net_init fnat_net_init(struct net *net)
{
	struct fnat_net *fn = fnat_net(net);
	int i, ret;

	fn->net = net;
	mutex_init(&fn->lock);
	fn->gen = 1;
	for (i = 0; i < FNAT_SVC_TAB_SIZE; i++) {
		INIT_HLIST_HEAD(&fn->svc_tab[i]);
		INIT_HLIST_HEAD(&fn->fwm_tab[i]);
	}
	spin_lock_init(&fn->laddr_lock);
	INIT_LIST_HEAD(&fn->laddrs);
	atomic_set(&fn->objects, 0);
	fnat_conn_timeouts_init(fn);

	ret = fnat_stats_init(&fn->tot_stats);
	if (ret)
		return ret;
	fnat_est_init(fn);
	fnat_est_add(fn, &fn->tot_stats);
	ret = fnat_conn_tab_init(fn, fnat_conn_tab_bits);
	if (ret)
		goto err_est;
	/* Reassembled packets only, so every packet has its ports. */
	ret = nf_defrag_ipv4_enable(net);
	if (ret)
		goto err_tab;
	ret = fnat_proc_init(fn);
	if (ret)
		goto err_defrag;
	ret = fnat_sysctl_init(fn);
	if (ret)
		goto err_proc;
	ret = fnat_hooks_init(fn);
	if (ret)
		goto err_sysctl;
	return 0;

err_sysctl:
	fnat_sysctl_exit(fn);
err_proc:
	fnat_proc_exit(fn);
err_defrag:
	nf_defrag_ipv4_disable(net);
err_tab:
	fnat_conn_tab_exit(fn);
err_est:
	fnat_stats_exit(fn);
	return ret;
}

static void __net_exit fnat_net_exit(struct net *net)
{
	struct fnat_net *fn = fnat_net(net);

	fnat_hooks_exit(fn);		/* no packet is in the module after this */
	fnat_sysctl_exit(fn);
	fnat_proc_exit(fn);
	mutex_lock(&fn->lock);
	fnat_svc_flush(fn);
	mutex_unlock(&fn->lock);
	fnat_conn_tab_exit(fn);		/* expires every connection */
	fnat_net_drain(fn);
	nf_defrag_ipv4_disable(net);
	fnat_stats_exit(fn);
}

static struct pernet_operations fnat_net_ops = {
	.init = fnat_net_init,
	.exit = fnat_net_exit,
	.id = &fnat_net_id,
	.size = sizeof(struct fnat_net),
};

static int __init fnat_init(void)
{
	int ret;

	if (fnat_conn_tab_bits < 8 || fnat_conn_tab_bits > 24) {
		pr_err("conn_tab_bits %u is not within 8..24\n",
		       fnat_conn_tab_bits);
		return -EINVAL;
	}
	ret = fnat_sched_hash_init();
	if (ret)
		return ret;
	ret = nf_register_sockopt(&fnat_sockopts);
	if (ret) {
		pr_err("IPVS is taken (is the stock ip_vs loaded?): %d\n", ret);
		return ret;
	}
	ret = fnat_conn_cache_init();
	if (ret)
		goto err_sockopt;
	ret = register_pernet_subsys(&fnat_net_ops);
	if (ret)
		goto err_cache;
	ret = fnat_genl_init();
	if (ret)
		goto err_pernet;
	pr_info("ip_vs_fnat loaded (connection table size %u)\n",
		1u << fnat_conn_tab_bits);
	return 0;

err_pernet:
	unregister_pernet_subsys(&fnat_net_ops);
err_cache:
	rcu_barrier();
	fnat_conn_cache_exit();
err_sockopt:
	nf_unregister_sockopt(&fnat_sockopts);
	return ret;
}

static void __exit fnat_exit(void)
{
	fnat_genl_exit();
	unregister_pernet_subsys(&fnat_net_ops);
	rcu_barrier();
	fnat_conn_cache_exit();
	nf_unregister_sockopt(&fnat_sockopts);
	pr_info("ip_vs_fnat unloaded\n");
}

module_init(fnat_init);
module_exit(fnat_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IPVS with full NAT (FNAT), a replacement for the stock ip_vs");
