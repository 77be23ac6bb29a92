// SPDX-License-Identifier: GPL-2.0
/*
 * ip_vs_fnat: the whole control surface, the "IPVS" generic-netlink
 * family. The stock commands keep the attributes, replies and error
 * numbers of Linux 6.1's IPVS, so stock ipvsadm and keepalived work
 * unchanged; the local-address commands are ours (../ip_vs_fnat_uapi.h).
 * Every command runs under its namespace's control lock.
 */
#define pr_fmt(fmt) "IPVS: " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "fnat.h"
#include "service.h"
#include "dest.h"
#include "sched.h"
#include "conn.h"
#include "laddr.h"

static struct genl_family fnat_genl_family;

static const struct nla_policy fnat_cmd_policy[IPVS_FNAT_CMD_ATTR_MAX + 1] = {
	[IPVS_CMD_ATTR_SERVICE]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_DEST]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_DAEMON]		= { .type = NLA_NESTED },
	[IPVS_CMD_ATTR_TIMEOUT_TCP]	= { .type = NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]	= { .type = NLA_U32 },
	[IPVS_CMD_ATTR_TIMEOUT_UDP]	= { .type = NLA_U32 },
	[IPVS_CMD_ATTR_LADDR]		= { .type = NLA_NESTED },
};

static const struct nla_policy fnat_svc_policy[IPVS_SVC_ATTR_MAX + 1] = {
	[IPVS_SVC_ATTR_AF]		= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_PROTOCOL]	= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(union nf_inet_addr) },
	[IPVS_SVC_ATTR_PORT]		= { .type = NLA_U16 },
	[IPVS_SVC_ATTR_FWMARK]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_SCHED_NAME]	= { .type = NLA_NUL_STRING,
					    .len = IP_VS_SCHEDNAME_MAXLEN - 1 },
	[IPVS_SVC_ATTR_PE_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IP_VS_PENAME_MAXLEN },
	[IPVS_SVC_ATTR_FLAGS]		= { .type = NLA_BINARY,
					    .len = sizeof(struct ip_vs_flags) },
	[IPVS_SVC_ATTR_TIMEOUT]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_NETMASK]		= { .type = NLA_U32 },
	[IPVS_SVC_ATTR_STATS]		= { .type = NLA_NESTED },
};

static const struct nla_policy fnat_dest_policy[IPVS_DEST_ATTR_MAX + 1] = {
	[IPVS_DEST_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(union nf_inet_addr) },
	[IPVS_DEST_ATTR_PORT]		= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_FWD_METHOD]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_WEIGHT]		= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_U_THRESH]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_L_THRESH]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_ACTIVE_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_INACT_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_PERSIST_CONNS]	= { .type = NLA_U32 },
	[IPVS_DEST_ATTR_STATS]		= { .type = NLA_NESTED },
	[IPVS_DEST_ATTR_ADDR_FAMILY]	= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_TYPE]	= { .type = NLA_U8 },
	[IPVS_DEST_ATTR_TUN_PORT]	= { .type = NLA_U16 },
	[IPVS_DEST_ATTR_TUN_FLAGS]	= { .type = NLA_U16 },
};

static const struct nla_policy fnat_laddr_policy[IPVS_LADDR_ATTR_MAX + 1] = {
	[IPVS_LADDR_ATTR_ADDR]		= { .type = NLA_BINARY,
					    .len = sizeof(union nf_inet_addr) },
	[IPVS_LADDR_ATTR_PORT_CONFLICT]	= { .type = NLA_U64 },
	[IPVS_LADDR_ATTR_CONN_COUNTS]	= { .type = NLA_U32 },
	[IPVS_LADDR_ATTR_AF]		= { .type = NLA_U16 },
	[IPVS_LADDR_ATTR_PAD]		= { .type = NLA_UNSPEC },
};

static struct fnat_net *fnat_info_fn(struct genl_info *info)
{
	return fnat_net(genl_info_net(info));
}

/* Replies: statistics */

/* The counters and rates of a service or destination, in the stock nest:
 * in IPVS_*_ATTR_STATS everything but the byte counters is 32 bits wide,
 * in IPVS_*_ATTR_STATS64 everything is 64.
 */
static int fnat_put_stats(struct sk_buff *skb, int type,
			  const struct fnat_kstats *k,
			  const struct fnat_rates *r, bool wide)
{
	static const int attrs[] = {
		IPVS_STATS_ATTR_CONNS, IPVS_STATS_ATTR_INPKTS,
		IPVS_STATS_ATTR_OUTPKTS, IPVS_STATS_ATTR_INBYTES,
		IPVS_STATS_ATTR_OUTBYTES, IPVS_STATS_ATTR_CPS,
		IPVS_STATS_ATTR_INPPS, IPVS_STATS_ATTR_OUTPPS,
		IPVS_STATS_ATTR_INBPS, IPVS_STATS_ATTR_OUTBPS,
	};
	const u64 vals[] = {
		k->conns, k->inpkts, k->outpkts, k->inbytes, k->outbytes,
		r->cps, r->inpps, r->outpps, r->inbps, r->outbps,
	};
	struct nlattr *nest = nla_nest_start_noflag(skb, type);
	int i, ret = 0;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(attrs) && !ret; i++) {
		if (wide || attrs[i] == IPVS_STATS_ATTR_INBYTES ||
		    attrs[i] == IPVS_STATS_ATTR_OUTBYTES)
			ret = nla_put_u64_64bit(skb, attrs[i], vals[i],
						IPVS_STATS_ATTR_PAD);
		else
			ret = nla_put_u32(skb, attrs[i], (u32)vals[i]);
	}
	if (ret) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fnat_put_both_stats(struct sk_buff *skb, int type, int type64,
			       struct fnat_net *fn, const struct fnat_stats *s)
{
	struct fnat_kstats k;
	struct fnat_rates r;

	fnat_stats_read(s, &k);
	fnat_est_read(fn, s, &r);
	if (fnat_put_stats(skb, type, &k, &r, false) ||
	    fnat_put_stats(skb, type64, &k, &r, true))
		return -EMSGSIZE;
	return 0;
}

/* Replies: services and destinations */

static int fnat_put_service(struct sk_buff *skb, struct fnat_service *svc)
{
	struct ip_vs_flags flags = { .flags = svc->flags, .mask = ~0 };
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_SERVICE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, IPVS_SVC_ATTR_AF, svc->af))
		goto fail;
	if (svc->fwmark) {
		if (nla_put_u32(skb, IPVS_SVC_ATTR_FWMARK, svc->fwmark))
			goto fail;
	} else if (nla_put_u16(skb, IPVS_SVC_ATTR_PROTOCOL, svc->protocol) ||
		   nla_put(skb, IPVS_SVC_ATTR_ADDR, sizeof(svc->addr), &svc->addr) ||
		   nla_put_be16(skb, IPVS_SVC_ATTR_PORT, svc->port)) {
		goto fail;
	}
	if (nla_put_string(skb, IPVS_SVC_ATTR_SCHED_NAME, fnat_sched_name(svc)) ||
	    nla_put(skb, IPVS_SVC_ATTR_FLAGS, sizeof(flags), &flags) ||
	    nla_put_u32(skb, IPVS_SVC_ATTR_TIMEOUT, svc->timeout) ||
	    nla_put_be32(skb, IPVS_SVC_ATTR_NETMASK, svc->netmask) ||
	    fnat_put_both_stats(skb, IPVS_SVC_ATTR_STATS, IPVS_SVC_ATTR_STATS64,
				svc->fn, &svc->stats))
		goto fail;
	nla_nest_end(skb, nest);
	return 0;
fail:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

static int fnat_put_dest(struct sk_buff *skb, struct fnat_dest *dest)
{
	struct nlattr *nest;

	nest = nla_nest_start_noflag(skb, IPVS_CMD_ATTR_DEST);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, IPVS_DEST_ATTR_ADDR, sizeof(dest->addr), &dest->addr) ||
	    nla_put_be16(skb, IPVS_DEST_ATTR_PORT, dest->port) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_FWD_METHOD,
			dest->fwd & IP_VS_CONN_F_FWD_MASK) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_WEIGHT, atomic_read(&dest->weight)) ||
	    nla_put_u8(skb, IPVS_DEST_ATTR_TUN_TYPE, dest->tun_type) ||
	    nla_put_be16(skb, IPVS_DEST_ATTR_TUN_PORT, dest->tun_port) ||
	    nla_put_u16(skb, IPVS_DEST_ATTR_TUN_FLAGS, dest->tun_flags) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_U_THRESH, dest->u_threshold) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_L_THRESH, dest->l_threshold) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_ACTIVE_CONNS,
			atomic_read(&dest->activeconns)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_INACT_CONNS,
			atomic_read(&dest->inactconns)) ||
	    nla_put_u32(skb, IPVS_DEST_ATTR_PERSIST_CONNS,
			atomic_read(&dest->persistconns)) ||
	    nla_put_u16(skb, IPVS_DEST_ATTR_ADDR_FAMILY, dest->af) ||
	    fnat_put_both_stats(skb, IPVS_DEST_ATTR_STATS,
				IPVS_DEST_ATTR_STATS64, dest->svc->fn,
				&dest->stats)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Requests: the service named by a nested IPVS_CMD_ATTR_SERVICE */

static int fnat_parse_service(struct fnat_net *fn, struct nlattr *nla,
			      bool full, struct fnat_svc_conf *c,
			      struct fnat_service **svcp)
{
	struct nlattr *a[IPVS_SVC_ATTR_MAX + 1];
	struct fnat_service *svc;

	if (!nla || nla_parse_nested_deprecated(a, IPVS_SVC_ATTR_MAX, nla,
						fnat_svc_policy, NULL))
		return -EINVAL;
	if (!(a[IPVS_SVC_ATTR_AF] &&
	      (a[IPVS_SVC_ATTR_FWMARK] ||
	       (a[IPVS_SVC_ATTR_PORT] && a[IPVS_SVC_ATTR_PROTOCOL] &&
		a[IPVS_SVC_ATTR_ADDR]))))
		return -EINVAL;

	memset(c, 0, sizeof(*c));
	c->af = nla_get_u16(a[IPVS_SVC_ATTR_AF]);
	/* IPv6 comes with its data path. */
	if (c->af != AF_INET)
		return -EAFNOSUPPORT;
	if (a[IPVS_SVC_ATTR_FWMARK]) {
		c->protocol = IPPROTO_TCP;
		c->fwmark = nla_get_u32(a[IPVS_SVC_ATTR_FWMARK]);
	} else {
		c->protocol = nla_get_u16(a[IPVS_SVC_ATTR_PROTOCOL]);
		nla_memcpy(&c->addr, a[IPVS_SVC_ATTR_ADDR], sizeof(c->addr));
		c->port = nla_get_be16(a[IPVS_SVC_ATTR_PORT]);
	}
	if (c->fwmark)
		svc = fnat_svc_find_fwm(fn, c->af, c->fwmark);
	else
		svc = fnat_svc_find(fn, c->af, c->protocol, &c->addr, c->port);
	*svcp = svc;

	if (full) {
		struct ip_vs_flags flags;

		if (!(a[IPVS_SVC_ATTR_SCHED_NAME] && a[IPVS_SVC_ATTR_FLAGS] &&
		      a[IPVS_SVC_ATTR_TIMEOUT] && a[IPVS_SVC_ATTR_NETMASK]))
			return -EINVAL;
		nla_memcpy(&flags, a[IPVS_SVC_ATTR_FLAGS], sizeof(flags));
		c->flags = svc ? svc->flags : 0;
		c->flags = (c->flags & ~flags.mask) | (flags.flags & flags.mask);
		c->flags &= ~IP_VS_SVC_F_HASHED;
		c->sched_name = nla_data(a[IPVS_SVC_ATTR_SCHED_NAME]);
		c->pe_name = a[IPVS_SVC_ATTR_PE_NAME] ?
			     nla_data(a[IPVS_SVC_ATTR_PE_NAME]) : NULL;
		c->timeout = nla_get_u32(a[IPVS_SVC_ATTR_TIMEOUT]);
		c->netmask = nla_get_be32(a[IPVS_SVC_ATTR_NETMASK]);
	}
	/* Only what the data path carries. */
	if (!c->fwmark && c->protocol != IPPROTO_TCP &&
	    c->protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	return 0;
}

static int fnat_parse_dest(struct nlattr *nla, bool full,
			   struct fnat_dest_conf *c)
{
	struct nlattr *a[IPVS_DEST_ATTR_MAX + 1];

	if (!nla || nla_parse_nested_deprecated(a, IPVS_DEST_ATTR_MAX, nla,
						fnat_dest_policy, NULL))
		return -EINVAL;
	if (!(a[IPVS_DEST_ATTR_ADDR] && a[IPVS_DEST_ATTR_PORT]))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	nla_memcpy(&c->addr, a[IPVS_DEST_ATTR_ADDR], sizeof(c->addr));
	c->port = nla_get_be16(a[IPVS_DEST_ATTR_PORT]);
	if (a[IPVS_DEST_ATTR_ADDR_FAMILY])
		c->af = nla_get_u16(a[IPVS_DEST_ATTR_ADDR_FAMILY]);
	if (full) {
		if (!(a[IPVS_DEST_ATTR_FWD_METHOD] && a[IPVS_DEST_ATTR_WEIGHT] &&
		      a[IPVS_DEST_ATTR_U_THRESH] && a[IPVS_DEST_ATTR_L_THRESH]))
			return -EINVAL;
		c->fwd = nla_get_u32(a[IPVS_DEST_ATTR_FWD_METHOD]) &
			 IP_VS_CONN_F_FWD_MASK;
		c->weight = nla_get_u32(a[IPVS_DEST_ATTR_WEIGHT]);
		c->u_threshold = nla_get_u32(a[IPVS_DEST_ATTR_U_THRESH]);
		c->l_threshold = nla_get_u32(a[IPVS_DEST_ATTR_L_THRESH]);
		if (a[IPVS_DEST_ATTR_TUN_TYPE])
			c->tun_type = nla_get_u8(a[IPVS_DEST_ATTR_TUN_TYPE]);
		if (a[IPVS_DEST_ATTR_TUN_PORT])
			c->tun_port = nla_get_be16(a[IPVS_DEST_ATTR_TUN_PORT]);
		if (a[IPVS_DEST_ATTR_TUN_FLAGS])
			c->tun_flags = nla_get_u16(a[IPVS_DEST_ATTR_TUN_FLAGS]);
		/* Only the methods the data path has. */
		if (c->fwd == IP_VS_CONN_F_BYPASS || c->fwd > IP_VS_CONN_F_FULLNAT)
			return -EINVAL;
	}
	return 0;
}

/* Commands that change the table */

static int fnat_set_config(struct fnat_net *fn, struct nlattr **attrs)
{
	u32 tcp = 0, tcp_fin = 0, udp = 0;

	if (attrs[IPVS_CMD_ATTR_TIMEOUT_TCP])
		tcp = nla_get_u32(attrs[IPVS_CMD_ATTR_TIMEOUT_TCP]);
	if (attrs[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN])
		tcp_fin = nla_get_u32(attrs[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]);
	if (attrs[IPVS_CMD_ATTR_TIMEOUT_UDP])
		udp = nla_get_u32(attrs[IPVS_CMD_ATTR_TIMEOUT_UDP]);
	return fnat_conn_set_timeouts(fn, tcp, tcp_fin, udp);
}

static int fnat_cmd_set_locked(struct fnat_net *fn, struct genl_info *info)
{
	int cmd = info->genlhdr->cmd;
	struct fnat_service *svc;
	struct fnat_svc_conf sc;
	struct fnat_dest_conf dc;
	int ret;

	switch (cmd) {
	case IPVS_CMD_FLUSH:
		fnat_svc_flush(fn);
		return 0;
	case IPVS_CMD_SET_CONFIG:
		return fnat_set_config(fn, info->attrs);
	case IPVS_CMD_ZERO:
		if (!info->attrs[IPVS_CMD_ATTR_SERVICE]) {
			fnat_svc_zero_all(fn);
			return 0;
		}
		break;
	}

	ret = fnat_parse_service(fn, info->attrs[IPVS_CMD_ATTR_SERVICE],
				 cmd == IPVS_CMD_NEW_SERVICE ||
				 cmd == IPVS_CMD_SET_SERVICE, &sc, &svc);
	if (ret)
		return ret;
	if (cmd != IPVS_CMD_NEW_SERVICE && !svc)
		return -ESRCH;

	if (cmd == IPVS_CMD_NEW_DEST || cmd == IPVS_CMD_SET_DEST ||
	    cmd == IPVS_CMD_DEL_DEST) {
		ret = fnat_parse_dest(info->attrs[IPVS_CMD_ATTR_DEST],
				      cmd != IPVS_CMD_DEL_DEST, &dc);
		if (ret)
			return ret;
		if (!dc.af)
			dc.af = svc->af;
		if (dc.af != svc->af && cmd != IPVS_CMD_DEL_DEST)
			return -EINVAL;
	}

	switch (cmd) {
	case IPVS_CMD_NEW_SERVICE:
		return svc ? -EEXIST : fnat_svc_add(fn, &sc);
	case IPVS_CMD_SET_SERVICE:
		return fnat_svc_edit(svc, &sc);
	case IPVS_CMD_DEL_SERVICE:
		fnat_svc_del(svc);
		return 0;
	case IPVS_CMD_NEW_DEST:
		return fnat_dest_add(svc, &dc);
	case IPVS_CMD_SET_DEST:
		return fnat_dest_edit(svc, &dc);
	case IPVS_CMD_DEL_DEST:
		return fnat_dest_del(svc, &dc);
	case IPVS_CMD_ZERO:
		fnat_svc_zero(svc);
		return 0;
	}
	return -EINVAL;
}

static int fnat_cmd_set(struct sk_buff *skb, struct genl_info *info)
{
	struct fnat_net *fn = fnat_info_fn(info);
	int ret;

	mutex_lock(&fn->lock);
	ret = fnat_cmd_set_locked(fn, info);
	fn->gen++;
	mutex_unlock(&fn->lock);
	return ret;
}

/* Commands that read: GET_SERVICE (one), GET_INFO, GET_CONFIG */

static int fnat_cmd_get_locked(struct fnat_net *fn, struct genl_info *info,
			       struct sk_buff *msg)
{
	struct fnat_service *svc;
	struct fnat_svc_conf sc;
	u32 tcp, tcp_fin, udp;
	int ret;

	switch (info->genlhdr->cmd) {
	case IPVS_CMD_GET_SERVICE:
		ret = fnat_parse_service(fn, info->attrs[IPVS_CMD_ATTR_SERVICE],
					 false, &sc, &svc);
		if (ret)
			return ret;
		if (!svc)
			return -ESRCH;
		return fnat_put_service(msg, svc);
	case IPVS_CMD_GET_CONFIG:
		fnat_conn_get_timeouts(fn, &tcp, &tcp_fin, &udp);
		if (nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, tcp) ||
		    nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, tcp_fin) ||
		    nla_put_u32(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, udp))
			return -EMSGSIZE;
		return 0;
	case IPVS_CMD_GET_INFO:
		if (nla_put_u32(msg, IPVS_INFO_ATTR_VERSION, IP_VS_VERSION_CODE) ||
		    nla_put_u32(msg, IPVS_INFO_ATTR_CONN_TAB_SIZE, fn->conns.size))
			return -EMSGSIZE;
		return 0;
	}
	return -EINVAL;
}

static int fnat_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct fnat_net *fn = fnat_info_fn(info);
	int cmd = info->genlhdr->cmd, reply_cmd, ret;
	struct sk_buff *msg;
	void *hdr;

	if (cmd == IPVS_CMD_GET_SERVICE)
		reply_cmd = IPVS_CMD_NEW_SERVICE;
	else if (cmd == IPVS_CMD_GET_INFO)
		reply_cmd = IPVS_CMD_SET_INFO;
	else
		reply_cmd = IPVS_CMD_SET_CONFIG;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &fnat_genl_family, 0, reply_cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&fn->lock);
	ret = fnat_cmd_get_locked(fn, info, msg);
	mutex_unlock(&fn->lock);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Dumps */

static void *fnat_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			   int cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &fnat_genl_family, NLM_F_MULTI, cmd);
}

static int fnat_dump_one_service(struct sk_buff *skb,
				 struct netlink_callback *cb,
				 struct fnat_service *svc)
{
	void *hdr = fnat_dump_hdr(skb, cb, IPVS_CMD_NEW_SERVICE);

	if (!hdr)
		return -EMSGSIZE;
	if (fnat_put_service(skb, svc)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int fnat_dump_services(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fnat_net *fn = fnat_net(sock_net(skb->sk));
	struct fnat_service *svc;
	long idx = 0, start = cb->args[0];
	int i, t;

	mutex_lock(&fn->lock);
	for (t = 0; t < 2; t++) {
		struct hlist_head *tab = t ? fn->fwm_tab : fn->svc_tab;

		for (i = 0; i < FNAT_SVC_TAB_SIZE; i++) {
			hlist_for_each_entry(svc, &tab[i], s_node) {
				if (++idx <= start)
					continue;
				if (fnat_dump_one_service(skb, cb, svc)) {
					idx--;
					goto out;
				}
			}
		}
	}
out:
	mutex_unlock(&fn->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* The service a dump request names (GET_DEST, GET_LADDR). */
static struct fnat_service *fnat_dump_service(struct fnat_net *fn,
					      struct netlink_callback *cb)
{
	struct nlattr *attrs[IPVS_FNAT_CMD_ATTR_MAX + 1];
	struct fnat_service *svc;
	struct fnat_svc_conf sc;

	if (nlmsg_parse_deprecated(cb->nlh, GENL_HDRLEN, attrs,
				   IPVS_FNAT_CMD_ATTR_MAX, fnat_cmd_policy,
				   cb->extack))
		return NULL;
	if (fnat_parse_service(fn, attrs[IPVS_CMD_ATTR_SERVICE], false, &sc,
			       &svc))
		return NULL;
	return svc;
}

static int fnat_dump_dests(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fnat_net *fn = fnat_net(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct fnat_service *svc;
	struct fnat_dest *dest;

	mutex_lock(&fn->lock);
	svc = fnat_dump_service(fn, cb);
	if (!svc)
		goto out;
	list_for_each_entry(dest, &svc->dests, n_list) {
		void *hdr;

		if (++idx <= start)
			continue;
		hdr = fnat_dump_hdr(skb, cb, IPVS_CMD_NEW_DEST);
		if (!hdr)
			goto full;
		if (fnat_put_dest(skb, dest)) {
			genlmsg_cancel(skb, hdr);
			goto full;
		}
		genlmsg_end(skb, hdr);
	}
	goto done;
full:
	idx--;
done:
	cb->args[0] = idx;
out:
	mutex_unlock(&fn->lock);
	return skb->len;
}

/* No sync daemon in this slice: none runs, none starts ("Protocol not
 * available" in ipvsadm's words; EOPNOTSUPP would read "... with IPv6").
 */
static int fnat_dump_daemons(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}

static int fnat_cmd_daemon(struct sk_buff *skb, struct genl_info *info)
{
	return info->genlhdr->cmd == IPVS_CMD_DEL_DAEMON ? -ESRCH : -ENOPROTOOPT;
}

/* Local addresses */

static int fnat_cmd_laddr(struct sk_buff *skb, struct genl_info *info)
{
	struct fnat_net *fn = fnat_info_fn(info);
	struct nlattr *a[IPVS_LADDR_ATTR_MAX + 1];
	union nf_inet_addr addr = {};
	struct fnat_service *svc;
	struct fnat_svc_conf sc;
	u16 af;
	int ret;

	if (!info->attrs[IPVS_CMD_ATTR_LADDR] ||
	    nla_parse_nested(a, IPVS_LADDR_ATTR_MAX,
			     info->attrs[IPVS_CMD_ATTR_LADDR],
			     fnat_laddr_policy, info->extack) ||
	    !a[IPVS_LADDR_ATTR_ADDR])
		return -EINVAL;
	nla_memcpy(&addr, a[IPVS_LADDR_ATTR_ADDR], sizeof(addr));

	mutex_lock(&fn->lock);
	ret = fnat_parse_service(fn, info->attrs[IPVS_CMD_ATTR_SERVICE], false,
				 &sc, &svc);
	if (!ret && !svc)
		ret = -ESRCH;
	if (ret)
		goto out;
	af = a[IPVS_LADDR_ATTR_AF] ? nla_get_u16(a[IPVS_LADDR_ATTR_AF]) : svc->af;
	if (info->genlhdr->cmd == IPVS_CMD_NEW_LADDR)
		ret = fnat_laddr_add(svc, af, &addr);
	else
		ret = fnat_laddr_del(svc, af, &addr);
	fn->gen++;
out:
	mutex_unlock(&fn->lock);
	return ret;
}

static int fnat_put_laddr(struct sk_buff *skb, const struct fnat_laddr *la)
{
	struct nlattr *nest = nla_nest_start(skb, IPVS_CMD_ATTR_LADDR);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, IPVS_LADDR_ATTR_ADDR, sizeof(la->addr), &la->addr) ||
	    nla_put_u16(skb, IPVS_LADDR_ATTR_AF, la->af) ||
	    nla_put_u32(skb, IPVS_LADDR_ATTR_CONN_COUNTS,
			atomic_read(&la->conns)) ||
	    nla_put_u64_64bit(skb, IPVS_LADDR_ATTR_PORT_CONFLICT,
			      atomic64_read(&la->conflicts),
			      IPVS_LADDR_ATTR_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fnat_dump_laddrs(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fnat_net *fn = fnat_net(sock_net(skb->sk));
	long idx, start = cb->args[0];
	struct fnat_laddr_pool *pool;
	struct fnat_service *svc;

	mutex_lock(&fn->lock);
	svc = fnat_dump_service(fn, cb);
	if (!svc)
		goto out;
	pool = rcu_dereference_protected(svc->laddrs, lockdep_is_held(&fn->lock));
	for (idx = start; pool && idx < pool->n; idx++) {
		void *hdr = fnat_dump_hdr(skb, cb, IPVS_CMD_NEW_LADDR);

		if (!hdr)
			break;
		if (fnat_put_laddr(skb, pool->la[idx])) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = idx;
out:
	mutex_unlock(&fn->lock);
	return skb->len;
}

/* GET_TABLE: each service followed by its destinations and then its local
 * addresses, so that a listing costs one dump instead of one per service.
 * Parts of the dump hold whole hash buckets, and the next part resumes at
 * a bucket: services added or removed meanwhile never shift it, so a
 * service present all along is sent exactly once (a dump resumed by rank,
 * as the stock ip_vs does, skips or repeats services then). Only a bucket
 * too big for an empty part is split, by rank in the bucket and by items
 * of a service already sent, the service message repeated at the head of
 * each part. fn->gen marks parts that saw the table change in between
 * (NLM_F_DUMP_INTR), for readers that want one instant's table.
 */
enum { FNAT_TD_TAB, FNAT_TD_BUCKET, FNAT_TD_RANK, FNAT_TD_ITEM };

static int fnat_dump_table_item(struct sk_buff *skb,
				struct netlink_callback *cb, int cmd,
				void *obj)
{
	void *hdr = fnat_dump_hdr(skb, cb, cmd);
	int ret;

	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (cmd == IPVS_CMD_NEW_SERVICE)
		ret = fnat_put_service(skb, obj);
	else if (cmd == IPVS_CMD_NEW_DEST)
		ret = fnat_put_dest(skb, obj);
	else
		ret = fnat_put_laddr(skb, obj);
	if (ret) {
		genlmsg_cancel(skb, hdr);
		return ret;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The service's message, then its items (destinations, local addresses)
 * after the first *sent; *sent counts the items put so far.
 */
static int fnat_dump_table_service(struct fnat_net *fn, struct sk_buff *skb,
				   struct netlink_callback *cb,
				   struct fnat_service *svc, long *sent)
{
	struct fnat_laddr_pool *pool;
	struct fnat_dest *dest;
	long item = 0;
	int i;

	if (fnat_dump_table_item(skb, cb, IPVS_CMD_NEW_SERVICE, svc))
		return -EMSGSIZE;
	list_for_each_entry(dest, &svc->dests, n_list) {
		if (++item <= *sent)
			continue;
		if (fnat_dump_table_item(skb, cb, IPVS_CMD_NEW_DEST, dest))
			return -EMSGSIZE;
		*sent = item;
	}
	pool = rcu_dereference_protected(svc->laddrs, lockdep_is_held(&fn->lock));
	for (i = 0; pool && i < pool->n; i++) {
		if (++item <= *sent)
			continue;
		if (fnat_dump_table_item(skb, cb, IPVS_CMD_NEW_LADDR, pool->la[i]))
			return -EMSGSIZE;
		*sent = item;
	}
	return 0;
}

static int fnat_dump_table(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct fnat_net *fn = fnat_net(sock_net(skb->sk));
	long *pos = cb->args;
	struct fnat_service *svc;

	mutex_lock(&fn->lock);
	cb->seq = fn->gen;
	for (; pos[FNAT_TD_TAB] < 2; pos[FNAT_TD_TAB]++, pos[FNAT_TD_BUCKET] = 0) {
		struct hlist_head *tab = pos[FNAT_TD_TAB] ? fn->fwm_tab : fn->svc_tab;

		for (; pos[FNAT_TD_BUCKET] < FNAT_SVC_TAB_SIZE;
		     pos[FNAT_TD_BUCKET]++, pos[FNAT_TD_RANK] = 0) {
			unsigned int bucket_start = skb->len;
			long rank = 0;

			hlist_for_each_entry(svc, &tab[pos[FNAT_TD_BUCKET]], s_node) {
				unsigned int start = skb->len;
				bool whole = !pos[FNAT_TD_ITEM];

				if (rank++ < pos[FNAT_TD_RANK])
					continue;
				if (fnat_dump_table_service(fn, skb, cb, svc,
							    &pos[FNAT_TD_ITEM])) {
					if (bucket_start) {
						nlmsg_trim(skb, skb->data + bucket_start);
						pos[FNAT_TD_RANK] = 0;
						pos[FNAT_TD_ITEM] = 0;
					} else if (whole && start) {
						nlmsg_trim(skb, skb->data + start);
						pos[FNAT_TD_ITEM] = 0;
					}
					goto out;
				}
				pos[FNAT_TD_ITEM] = 0;
				pos[FNAT_TD_RANK] = rank;
			}
		}
	}
out:
	mutex_unlock(&fn->lock);
	return skb->len;
}

/* The stock commands validate as 6.1 does; ours strictly. */
#define FNAT_LENIENT (GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP)

static const struct genl_small_ops fnat_genl_ops[] = {
	{ .cmd = IPVS_CMD_NEW_SERVICE, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_SET_SERVICE, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_DEL_SERVICE, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_GET_SERVICE, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_get,
	  .dumpit = fnat_dump_services },
	{ .cmd = IPVS_CMD_NEW_DEST, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_SET_DEST, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_DEL_DEST, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_GET_DEST, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .dumpit = fnat_dump_dests },
	{ .cmd = IPVS_CMD_NEW_DAEMON, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_daemon },
	{ .cmd = IPVS_CMD_DEL_DAEMON, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_daemon },
	{ .cmd = IPVS_CMD_GET_DAEMON, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .dumpit = fnat_dump_daemons },
	{ .cmd = IPVS_CMD_SET_CONFIG, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_GET_CONFIG, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_get },
	{ .cmd = IPVS_CMD_GET_INFO, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_get },
	{ .cmd = IPVS_CMD_ZERO, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_FLUSH, .flags = GENL_ADMIN_PERM,
	  .validate = FNAT_LENIENT, .doit = fnat_cmd_set },
	{ .cmd = IPVS_CMD_NEW_LADDR, .flags = GENL_ADMIN_PERM,
	  .doit = fnat_cmd_laddr },
	{ .cmd = IPVS_CMD_DEL_LADDR, .flags = GENL_ADMIN_PERM,
	  .doit = fnat_cmd_laddr },
	{ .cmd = IPVS_CMD_GET_LADDR, .flags = GENL_ADMIN_PERM,
	  .dumpit = fnat_dump_laddrs },
	{ .cmd = IPVS_CMD_GET_TABLE, .flags = GENL_ADMIN_PERM,
	  .dumpit = fnat_dump_table },
};

static struct genl_family fnat_genl_family __ro_after_init = {
	.hdrsize = 0,
	.name = IPVS_GENL_NAME,
	.version = IPVS_GENL_VERSION,
	.maxattr = IPVS_FNAT_CMD_ATTR_MAX,
	.policy = fnat_cmd_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = fnat_genl_ops,
	.n_small_ops = ARRAY_SIZE(fnat_genl_ops),
	.resv_start_op = IPVS_CMD_NEW_LADDR,
};

int __init fnat_genl_init(void)
{
	return genl_register_family(&fnat_genl_family);
}

void fnat_genl_exit(void)
{
	genl_unregister_family(&fnat_genl_family);
}
