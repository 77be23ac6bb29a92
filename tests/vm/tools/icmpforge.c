// SPDX-License-Identifier: GPL-2.0
/*
 * icmpforge: sends one ICMP error about a TCP or UDP packet that the
 * sender never received, well formed or broken on purpose, for the lab's
 * tests of how errors are translated (tests/vm/cases/fnat_icmp.sh).
 * Plain libc, linked statically.
 *
 *   icmpforge DST TYPE CODE tcp|udp QSRC:QSPORT QDST:QDPORT [FLAW]
 *
 * sends to DST an error of TYPE/CODE (fragmentation needed says MTU 1300)
 * quoting a packet QSRC:QSPORT -> QDST:QDPORT: its 20-byte IP header and
 * its first 8 bytes. FLAW breaks it:
 *   csum     the ICMP checksum is wrong
 *   short    the quote ends inside its IP header (12 bytes)
 *   noports  the quote is its IP header alone
 *   frag     the quoted packet is a later fragment (offset 1480)
 *   ihl      the quoted IP header claims 60 bytes
 *   version  the quoted IP header is not version 4
 *
 * Exit status: 0 sent, 1 a network error, 2 usage.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "netargs.h"

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	for (; n > 1; p += 2, n -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (n)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int known(const char *flaw)
{
	static const char *const flaws[] = {
		"", "csum", "short", "noports", "frag", "ihl", "version",
	};
	size_t i;

	for (i = 0; i < sizeof(flaws) / sizeof(flaws[0]); i++)
		if (!strcmp(flaw, flaws[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *flaw = argc == 8 ? argv[7] : "";
	struct sockaddr_in dst, qs, qd;
	uint8_t pkt[8 + 20 + 8] = { 0 };
	struct iphdr *q = (struct iphdr *)(pkt + 8);
	uint8_t *l4 = pkt + 28;
	long type = argc >= 7 ? number(argv[2], 0, 255) : -1;
	long code = argc >= 7 ? number(argv[3], 0, 255) : -1;
	size_t len = sizeof(pkt);
	int fd;

	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	if ((argc != 7 && argc != 8) || type < 0 || code < 0 ||
	    !known(flaw) ||
	    inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1 ||
	    (strcmp(argv[4], "tcp") && strcmp(argv[4], "udp")) ||
	    ip_port(argv[5], &qs) < 0 || ip_port(argv[6], &qd) < 0) {
		fputs("usage: icmpforge DST TYPE CODE tcp|udp QSRC:QSPORT QDST:QDPORT"
		      " [csum|short|noports|frag|ihl|version]\n", stderr);
		return 2;
	}
	pkt[0] = (uint8_t)type;
	pkt[1] = (uint8_t)code;
	if (type == 3 && code == 4)
		*(uint16_t *)(pkt + 6) = htons(1300);
	q->version = 4;
	q->ihl = 5;
	q->tot_len = htons(20 + 40);
	q->ttl = 64;
	q->protocol = strcmp(argv[4], "tcp") ? IPPROTO_UDP : IPPROTO_TCP;
	q->saddr = qs.sin_addr.s_addr;
	q->daddr = qd.sin_addr.s_addr;
	if (!strcmp(flaw, "frag"))
		q->frag_off = htons(1480 / 8);
	if (!strcmp(flaw, "ihl"))
		q->ihl = 15;
	if (!strcmp(flaw, "version"))
		q->version = 6;
	q->check = csum((const uint8_t *)q, 20);
	memcpy(l4, &qs.sin_port, 2);
	memcpy(l4 + 2, &qd.sin_port, 2);
	if (!strcmp(flaw, "short"))
		len = 8 + 12;
	if (!strcmp(flaw, "noports"))
		len = 8 + 20;
	*(uint16_t *)(pkt + 2) = csum(pkt, len);
	if (!strcmp(flaw, "csum"))
		pkt[2] ^= 0x55;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0 || sendto(fd, pkt, len, 0, (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		perror("icmpforge");
		return 1;
	}
	return 0;
}
