/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ip_vs_fnat: what the full-NAT module adds to the kernel's IPVS
 * generic-netlink protocol ("IPVS" family, <linux/ip_vs.h>). Include it
 * after <linux/ip_vs.h>, from the kernel module and from user space.
 *
 * Everything of <linux/ip_vs.h> keeps its meaning; stock ipvsadm and
 * keepalived manage NAT/DR/TUN services on the module unchanged. The
 * numbers below follow Alibaba LVS's FULLNAT extension so that its
 * user-space tools read them too.
 *
 * Forwarding method (IPVS_DEST_ATTR_FWD_METHOD, masked by
 * IP_VS_CONN_F_FWD_MASK): IP_VS_CONN_F_FULLNAT. A FULLNAT destination gets
 * packets with the destination rewritten to its address:port and the
 * source rewritten to a local address:port of the service's pool; its
 * replies come back to that local address and are translated back.
 *
 * Local addresses (laddr), one pool per service:
 *   IPVS_CMD_NEW_LADDR  IPVS_CMD_ATTR_SERVICE (identity only) +
 *                       IPVS_CMD_ATTR_LADDR { ADDR [, AF] }
 *                       errors: ESRCH no such service, EEXIST already in
 *                       the pool, EINVAL not a unicast address or another
 *                       family than the service's, EAFNOSUPPORT
 *   IPVS_CMD_DEL_LADDR  same attributes; ENOENT when not in the pool.
 *                       Connections using it keep it until they end.
 *   IPVS_CMD_GET_LADDR  dump, needs IPVS_CMD_ATTR_SERVICE; one
 *                       IPVS_CMD_NEW_LADDR message per address with
 *                       IPVS_CMD_ATTR_LADDR { ADDR, AF, CONN_COUNTS,
 *                       PORT_CONFLICT }
 *
 * The whole table in one dump, for listings:
 *   IPVS_CMD_GET_TABLE  dump, no attributes; per service one
 *                       IPVS_CMD_NEW_SERVICE message (as GET_SERVICE),
 *                       then one IPVS_CMD_NEW_DEST per destination and
 *                       one IPVS_CMD_NEW_LADDR per local address (as
 *                       GET_DEST and GET_LADDR). A service with more than
 *                       a datagram holds is split, its NEW_SERVICE message
 *                       repeated before each part. Messages carry
 *                       NLM_F_DUMP_INTR when the table changed during the
 *                       dump: read it again for a consistent picture.
 * The laddr and table commands validate strictly, as new generic-netlink commands
 * must: nested attributes carry NLA_F_NESTED, no unknown attributes.
 * A local address must be an address of the load balancer itself (the
 * real servers' replies are addressed to it). One address may sit in
 * several pools: its ports are shared, so connections never collide.
 * Ports come from FNAT_LPORT_MIN..65535, per address and protocol.
 *
 * /proc/net/ip_vs_conn: rows are the stock format; FULLNAT rows add, after
 * the stock columns, PEName and PEData ("-" when none) and then the local
 * address and port in the same hex notation:
 *   TCP 0A000102 A1B2 0A006401 0050 0A000202 0050 ESTABLISHED     899 - - 0A00C801 0401
 * /proc/net/ip_vs names the forwarding method "FullNat".
 */
#ifndef IP_VS_FNAT_UAPI_H
#define IP_VS_FNAT_UAPI_H

#include <linux/types.h>

#define IP_VS_CONN_F_FULLNAT	0x0005	/* full NAT: DNAT + SNAT to a laddr */

/* Generic-netlink commands after IPVS_CMD_FLUSH (17). */
#define IPVS_CMD_NEW_LADDR	18
#define IPVS_CMD_DEL_LADDR	19
#define IPVS_CMD_GET_LADDR	20
#define IPVS_CMD_GET_TABLE	21
#define IPVS_FNAT_CMD_MAX	IPVS_CMD_GET_TABLE

/* Top-level attribute after IPVS_CMD_ATTR_TIMEOUT_UDP (6). */
#define IPVS_CMD_ATTR_LADDR	7	/* nested, IPVS_LADDR_ATTR_* */
#define IPVS_FNAT_CMD_ATTR_MAX	IPVS_CMD_ATTR_LADDR

/* Attributes inside IPVS_CMD_ATTR_LADDR. */
enum {
	IPVS_LADDR_ATTR_UNSPEC = 0,
	IPVS_LADDR_ATTR_ADDR,		/* union nf_inet_addr, 16 bytes */
	IPVS_LADDR_ATTR_PORT_CONFLICT,	/* u64: ports found taken when allocating */
	IPVS_LADDR_ATTR_CONN_COUNTS,	/* u32: connections using the address */
	IPVS_LADDR_ATTR_AF,		/* u16: AF_INET/AF_INET6; default the service's */
	IPVS_LADDR_ATTR_PAD,		/* alignment of the u64 */
	__IPVS_LADDR_ATTR_MAX,
};

#define IPVS_LADDR_ATTR_MAX (__IPVS_LADDR_ATTR_MAX - 1)

/* Local ports handed out to full-NAT connections. */
#define FNAT_LPORT_MIN		1024

#endif
