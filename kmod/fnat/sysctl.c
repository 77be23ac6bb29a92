// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: /proc/sys/net/ipv4/vs, per network namespace, with the
 * stock names, defaults and meanings; only the knobs the module uses.
 *
 * expire_nodest_conn         1: a connection whose real server was removed
 *                            is expired, at once from a sweep of the table
 *                            and when its next client packet (dropped)
 *                            comes; 0 (default): it runs on until it ends.
 * expire_quiescent_template  1: a persistence template whose real server
 *                            has weight 0 takes no new connections; 0
 *                            (default): it does until it expires.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "fnat.h"

static const struct ctl_table fnat_sysctl_template[] = {
	{
		.procname = "expire_nodest_conn",
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = proc_dointvec,
	},
	{
		.procname = "expire_quiescent_template",
		.maxlen = sizeof(int),
		.mode = 0644,
		.proc_handler = proc_dointvec,
	},
	{ }
};

int fnat_sysctl_init(struct fnat_net *fn)
{
	struct ctl_table *tbl;

	fn->expire_nodest_conn = 0;
	fn->expire_quiescent_template = 0;
	tbl = kmemdup(fnat_sysctl_template, sizeof(fnat_sysctl_template),
		      GFP_KERNEL);
	if (!tbl)
		return -ENOMEM;
	tbl[0].data = &fn->expire_nodest_conn;
	tbl[1].data = &fn->expire_quiescent_template;
	fn->sysctl_hdr = register_net_sysctl(fn->net, "net/ipv4/vs", tbl);
	if (!fn->sysctl_hdr) {
		kfree(tbl);
		return -ENOMEM;
	}
	return 0;
}

void fnat_sysctl_exit(struct fnat_net *fn)
{
	struct ctl_table *tbl = fn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(fn->sysctl_hdr);
	kfree(tbl);
}
