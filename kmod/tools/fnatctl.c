// SPDX-License-Identifier: GPL-2.0
/*
 * fnatctl: drives what ip_vs_fnat adds to the IPVS netlink protocol
 * (../ip_vs_fnat_uapi.h) until lvsbox ipvsadm speaks it, and probes UDP
 * services: a lab tool, and a small worked example of the protocol.
 * Plain libc and raw netlink, so it links statically.
 *
 *   fnatctl laddr-add  -t|-u VIP:PORT LIP
 *   fnatctl laddr-del  -t|-u VIP:PORT LIP
 *   fnatctl laddr-list -t|-u VIP:PORT         "LIP conns conflicts" lines
 *   fnatctl dest-add   -t|-u VIP:PORT RIP:PORT [WEIGHT]   a FULLNAT server
 *   fnatctl dest-edit  -t|-u VIP:PORT RIP:PORT WEIGHT     (stays FULLNAT)
 *   fnatctl udp-serve  PORT NAME              answers "NAME PEER:PORT"
 *   fnatctl udp-ask    IP:PORT [SECONDS]      prints the answer
 *
 * Exit status: 0 done, 1 kernel or network error (message on stderr),
 * 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../ip_vs_fnat_uapi.h"

#define BUF 8192

struct msg {
	union {
		struct nlmsghdr nh;
		char buf[BUF];
	};
};

static int usage(void)
{
	fputs("usage: fnatctl laddr-add|laddr-del -t|-u VIP:PORT LIP\n"
	      "       fnatctl laddr-list -t|-u VIP:PORT\n"
	      "       fnatctl dest-add -t|-u VIP:PORT RIP:PORT [WEIGHT]\n"
	      "       fnatctl dest-edit -t|-u VIP:PORT RIP:PORT WEIGHT\n"
	      "       fnatctl udp-serve PORT NAME\n"
	      "       fnatctl udp-ask IP:PORT [SECONDS]\n", stderr);
	return 2;
}

static struct nlattr *put(struct msg *m, int type, const void *data, int len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + NLMSG_ALIGN(m->nh.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	m->nh.nlmsg_len = NLMSG_ALIGN(m->nh.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return a;
}

static void put_u16(struct msg *m, int type, uint16_t v)
{
	put(m, type, &v, sizeof(v));
}

static void put_u32(struct msg *m, int type, uint32_t v)
{
	put(m, type, &v, sizeof(v));
}

static void nest_end(struct msg *m, struct nlattr *a)
{
	a->nla_len = m->buf + m->nh.nlmsg_len - (char *)a;
}

static void start(struct msg *m, int family, int cmd, int flags)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nh.nlmsg_type = family;
	m->nh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->nh.nlmsg_seq = 1;
	g = NLMSG_DATA(&m->nh);
	g->cmd = cmd;
	g->version = IPVS_GENL_VERSION;
}

/* Calls cb on each reply; returns 0 or a negative errno from the kernel. */
static int talk(int fd, struct msg *m,
		void (*cb)(struct nlattr *attrs, int len, void *arg), void *arg)
{
	static struct msg r;
	int n;

	if (send(fd, m, m->nh.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		struct nlmsghdr *h;

		n = recv(fd, &r, sizeof(r), 0);
		if (n < 0)
			return -errno;
		for (h = &r.nh; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				return e->error;
			}
			if (cb)
				cb((struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN),
				   h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), arg);
			if (!(h->nlmsg_flags & NLM_F_MULTI))
				return 0;
		}
	}
}

static void family_cb(struct nlattr *a, int len, void *arg)
{
	for (; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN;
	     len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len)))
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			*(int *)arg = *(uint16_t *)((char *)a + NLA_HDRLEN);
}

static int ipvs_open(int *family)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msg m;
	int fd, ret;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -1;
	start(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	put(&m, CTRL_ATTR_FAMILY_NAME, IPVS_GENL_NAME, sizeof(IPVS_GENL_NAME));
	*family = 0;
	ret = talk(fd, &m, family_cb, family);
	if (ret || !*family) {
		fprintf(stderr, "fnatctl: no IPVS netlink family: %s\n",
			strerror(ret ? -ret : ENOENT));
		return -1;
	}
	return fd;
}

/* "A.B.C.D:PORT" or "A.B.C.D" (port 0). */
static int parse_addr(const char *s, struct in_addr *a, uint16_t *port)
{
	char host[64];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n >= sizeof(host))
		return -1;
	memcpy(host, s, n);
	host[n] = 0;
	*port = colon ? htons(atoi(colon + 1)) : 0;
	return inet_pton(AF_INET, host, a) == 1 ? 0 : -1;
}

static void put_service(struct msg *m, int proto, struct in_addr vip,
			uint16_t vport)
{
	struct nlattr *svc = put(m, IPVS_CMD_ATTR_SERVICE | NLA_F_NESTED, NULL, 0);
	char addr[16] = { 0 };

	memcpy(addr, &vip, 4);
	put_u16(m, IPVS_SVC_ATTR_AF, AF_INET);
	put_u16(m, IPVS_SVC_ATTR_PROTOCOL, proto);
	put(m, IPVS_SVC_ATTR_ADDR, addr, sizeof(addr));
	put(m, IPVS_SVC_ATTR_PORT, &vport, sizeof(vport));
	nest_end(m, svc);
}

static void laddr_cb(struct nlattr *a, int len, void *arg)
{
	char ip[INET_ADDRSTRLEN] = "?";
	unsigned long long conflicts = 0;
	unsigned int conns = 0;
	struct nlattr *n;
	int nlen;

	for (; len >= NLA_HDRLEN; len -= NLA_ALIGN(a->nla_len),
	     a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len))) {
		if ((a->nla_type & NLA_TYPE_MASK) != IPVS_CMD_ATTR_LADDR)
			continue;
		n = (struct nlattr *)((char *)a + NLA_HDRLEN);
		for (nlen = a->nla_len - NLA_HDRLEN; nlen >= NLA_HDRLEN;
		     nlen -= NLA_ALIGN(n->nla_len),
		     n = (struct nlattr *)((char *)n + NLA_ALIGN(n->nla_len))) {
			void *d = (char *)n + NLA_HDRLEN;

			if (n->nla_type == IPVS_LADDR_ATTR_ADDR)
				inet_ntop(AF_INET, d, ip, sizeof(ip));
			else if (n->nla_type == IPVS_LADDR_ATTR_CONN_COUNTS)
				conns = *(uint32_t *)d;
			else if (n->nla_type == IPVS_LADDR_ATTR_PORT_CONFLICT)
				memcpy(&conflicts, d, sizeof(conflicts));
		}
	}
	printf("%s %u %llu\n", ip, conns, conflicts);
	(void)arg;
}

static int control(int argc, char **argv)
{
	const char *cmd = argv[1];
	struct in_addr vip, other;
	uint16_t vport, oport;
	int fd, family, proto, ret;
	struct msg m;

	if (argc < 4 || (strcmp(argv[2], "-t") && strcmp(argv[2], "-u")))
		return usage();
	proto = argv[2][1] == 't' ? IPPROTO_TCP : IPPROTO_UDP;
	if (parse_addr(argv[3], &vip, &vport))
		return usage();
	fd = ipvs_open(&family);
	if (fd < 0)
		return 1;

	if (!strcmp(cmd, "laddr-list") && argc == 4) {
		start(&m, family, IPVS_CMD_GET_LADDR, NLM_F_DUMP);
		put_service(&m, proto, vip, vport);
		ret = talk(fd, &m, laddr_cb, NULL);
	} else if ((!strcmp(cmd, "laddr-add") || !strcmp(cmd, "laddr-del")) &&
		   argc == 5) {
		struct nlattr *la;
		char addr[16] = { 0 };

		if (parse_addr(argv[4], &other, &oport))
			return usage();
		memcpy(addr, &other, 4);
		start(&m, family, cmd[6] == 'a' ? IPVS_CMD_NEW_LADDR :
			IPVS_CMD_DEL_LADDR, NLM_F_ACK);
		put_service(&m, proto, vip, vport);
		la = put(&m, IPVS_CMD_ATTR_LADDR | NLA_F_NESTED, NULL, 0);
		put(&m, IPVS_LADDR_ATTR_ADDR, addr, sizeof(addr));
		nest_end(&m, la);
		ret = talk(fd, &m, NULL, NULL);
	} else if ((!strcmp(cmd, "dest-add") && (argc == 5 || argc == 6)) ||
		   (!strcmp(cmd, "dest-edit") && argc == 6)) {
		struct nlattr *d;
		char addr[16] = { 0 };

		if (parse_addr(argv[4], &other, &oport))
			return usage();
		memcpy(addr, &other, 4);
		start(&m, family, cmd[5] == 'a' ? IPVS_CMD_NEW_DEST :
			IPVS_CMD_SET_DEST, NLM_F_ACK);
		put_service(&m, proto, vip, vport);
		d = put(&m, IPVS_CMD_ATTR_DEST | NLA_F_NESTED, NULL, 0);
		put(&m, IPVS_DEST_ATTR_ADDR, addr, sizeof(addr));
		put(&m, IPVS_DEST_ATTR_PORT, &oport, sizeof(oport));
		put_u32(&m, IPVS_DEST_ATTR_FWD_METHOD, IP_VS_CONN_F_FULLNAT);
		put_u32(&m, IPVS_DEST_ATTR_WEIGHT, argc == 6 ? atoi(argv[5]) : 1);
		put_u32(&m, IPVS_DEST_ATTR_U_THRESH, 0);
		put_u32(&m, IPVS_DEST_ATTR_L_THRESH, 0);
		put_u16(&m, IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
		nest_end(&m, d);
		ret = talk(fd, &m, NULL, NULL);
	} else {
		return usage();
	}
	close(fd);
	if (ret) {
		fprintf(stderr, "fnatctl: %s: %s\n", cmd, strerror(-ret));
		return 1;
	}
	return 0;
}

static int udp_serve(const char *port, const char *name)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(atoi(port)) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("fnatctl: udp-serve");
		return 1;
	}
	for (;;) {
		char in[512], out[600], ip[INET_ADDRSTRLEN];
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		ssize_t n;
		int len;

		n = recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&peer, &plen);
		if (n < 0)
			continue;
		inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
		len = snprintf(out, sizeof(out), "%s %s:%u\n", name, ip,
			       ntohs(peer.sin_port));
		sendto(fd, out, len, 0, (struct sockaddr *)&peer, plen);
	}
}

static int udp_ask(const char *to, const char *secs)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint16_t port;
	char buf[600];
	ssize_t n;

	if (parse_addr(to, &sa.sin_addr, &port) || !port)
		return usage();
	sa.sin_port = port;
	if (fd < 0 || sendto(fd, "?", 1, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("fnatctl: udp-ask");
		return 1;
	}
	if (poll(&pfd, 1, 1000 * (secs ? atoi(secs) : 3)) != 1)
		return 1;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n <= 0)
		return 1;
	fwrite(buf, 1, n, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "udp-serve"))
		return argc == 4 ? udp_serve(argv[2], argv[3]) : usage();
	if (!strcmp(argv[1], "udp-ask"))
		return argc == 3 || argc == 4 ? udp_ask(argv[2], argv[3]) : usage();
	return control(argc, argv);
}
