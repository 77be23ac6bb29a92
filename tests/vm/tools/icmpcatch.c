// SPDX-License-Identifier: GPL-2.0
/*
 * icmpcatch: waits for the first ICMP error to reach this host and prints
 * what it says and quotes, with whether its checksums hold, for the lab's
 * tests of translated errors (tests/vm/cases/fnat_icmp.sh). A raw socket
 * sees every ICMP packet the host receives, before the stack acts on it.
 *
 *   icmpcatch SECONDS
 *
 * prints one line:
 *   TYPE/CODE SRC > DST: PROTO QSRC:QSPORT > QDST:QDPORT icmp=C ip=C l4=C
 * where C is ok or bad; l4 (the quoted TCP/UDP checksum) is "part" when
 * the quote is too short to check it, "none" for a UDP datagram sent
 * without one.
 *
 * Exit status: 0 caught one, 1 none in time or an error, 2 usage.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "netargs.h"

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t sum)
{
	for (; n > 1; p += 2, n -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static const char *verdict(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff ? "ok" : "bad";
}

/* The quoted TCP/UDP checksum, if the quote holds the whole segment. */
static const char *l4_check(const struct iphdr *q, const uint8_t *l4, size_t have)
{
	size_t len = ntohs(q->tot_len) - q->ihl * 4u;
	uint32_t sum;

	if (q->protocol == IPPROTO_UDP && !l4[6] && !l4[7])
		return "none";
	if (len > have)
		return "part";
	sum = sum16((const uint8_t *)&q->saddr, 8, q->protocol + (uint32_t)len);
	return verdict(sum16(l4, len, sum));
}

/* Prints the packet if it is an ICMP error quoting TCP or UDP. */
static int show(const uint8_t *pkt, size_t n)
{
	const struct iphdr *ip = (const void *)pkt;
	const uint8_t *ic = pkt + ip->ihl * 4u;
	const struct iphdr *q = (const void *)(ic + 8);
	const uint8_t *l4;
	char a[4][INET_ADDRSTRLEN];
	size_t have;

	if (n < ip->ihl * 4u + 8 + sizeof(*q) ||
	    (ic[0] != 3 && ic[0] != 4 && ic[0] != 11 && ic[0] != 12))
		return 0;
	if ((q->protocol != IPPROTO_TCP && q->protocol != IPPROTO_UDP) ||
	    n < ip->ihl * 4u + 8 + q->ihl * 4u + 8)
		return 0;
	l4 = (const uint8_t *)q + q->ihl * 4u;
	have = n - (size_t)(l4 - pkt);
	inet_ntop(AF_INET, &ip->saddr, a[0], sizeof(a[0]));
	inet_ntop(AF_INET, &ip->daddr, a[1], sizeof(a[1]));
	inet_ntop(AF_INET, &q->saddr, a[2], sizeof(a[2]));
	inet_ntop(AF_INET, &q->daddr, a[3], sizeof(a[3]));
	printf("%u/%u %s > %s: %s %s:%u > %s:%u icmp=%s ip=%s l4=%s\n",
	       ic[0], ic[1], a[0], a[1], q->protocol == IPPROTO_TCP ? "TCP" : "UDP",
	       a[2], l4[0] << 8 | l4[1], a[3], l4[2] << 8 | l4[3],
	       verdict(sum16(ic, n - ip->ihl * 4u, 0)),
	       verdict(sum16((const uint8_t *)q, q->ihl * 4u, 0)),
	       l4_check(q, l4, have));
	return 1;
}

int main(int argc, char **argv)
{
	long secs = argc == 2 ? number(argv[1], 1, 3600) : -1;
	struct pollfd pfd = { .events = POLLIN };
	uint8_t pkt[65536];
	time_t end;

	if (secs < 0) {
		fputs("usage: icmpcatch SECONDS\n", stderr);
		return 2;
	}
	pfd.fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (pfd.fd < 0) {
		perror("icmpcatch");
		return 1;
	}
	end = time(NULL) + secs;
	while (time(NULL) < end) {
		ssize_t n;

		if (poll(&pfd, 1, 100) != 1)
			continue;
		n = recv(pfd.fd, pkt, sizeof(pkt), 0);
		if (n > 0 && show(pkt, (size_t)n))
			return 0;
	}
	fprintf(stderr, "icmpcatch: no ICMP error in %lds\n", secs);
	return 1;
}
