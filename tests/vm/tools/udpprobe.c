// SPDX-License-Identifier: GPL-2.0
/*
 * udpprobe: a UDP server that names itself and its peer, and a client
 * that asks one, for the lab's UDP tests (tests/vm/cases/fnat_*.sh).
 * Plain libc, so it links statically into the guest.
 *
 *   udpprobe serve PORT NAME          answers each datagram with
 *                                     "NAME PEER-IP:PEER-PORT\n"
 *   udpprobe ask IP:PORT [SECONDS]    sends one datagram from a new port,
 *                                     prints the answer (default 3 s)
 *
 * Exit status: 0 answered, 1 no answer or a network error (message on
 * stderr), 2 usage, 3 refused (an ICMP port unreachable came back: ask's
 * socket is connected, so the kernel reports it). serve runs until
 * killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netargs.h"

static int usage(void)
{
	fputs("usage: udpprobe serve PORT NAME\n"
	      "       udpprobe ask IP:PORT [SECONDS]\n", stderr);
	return 2;
}

static int serve(const char *port, const char *name)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	long p = number(port, 1, 65535);
	int fd;

	if (p < 0)
		return usage();
	sa.sin_port = htons((unsigned short)p);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("udpprobe: serve");
		return 1;
	}
	for (;;) {
		char in[512], out[600], ip[INET_ADDRSTRLEN];
		struct sockaddr_in peer;
		socklen_t plen = sizeof(peer);
		int len;

		if (recvfrom(fd, in, sizeof(in), 0, (struct sockaddr *)&peer, &plen) < 0)
			continue;
		inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof(ip));
		len = snprintf(out, sizeof(out), "%s %s:%u\n", name, ip, ntohs(peer.sin_port));
		sendto(fd, out, (size_t)len, 0, (struct sockaddr *)&peer, plen);
	}
}

static int ask(const char *to, const char *secs)
{
	struct sockaddr_in sa;
	char buf[600];
	long wait = secs ? number(secs, 1, 3600) : 3;
	struct pollfd pfd = { .events = POLLIN };
	ssize_t n;

	if (ip_port(to, &sa) < 0 || wait < 0)
		return usage();

	pfd.fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (pfd.fd < 0 || connect(pfd.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(pfd.fd, "?", 1, 0) < 0) {
		perror("udpprobe: ask");
		return 1;
	}
	if (poll(&pfd, 1, (int)(1000 * wait)) != 1) {
		fprintf(stderr, "udpprobe: no answer from %s in %lds\n", to, wait);
		return 1;
	}
	n = recv(pfd.fd, buf, sizeof(buf), 0);
	if (n < 0 && errno == ECONNREFUSED) {
		fprintf(stderr, "udpprobe: %s refused\n", to);
		return 3;
	}
	if (n <= 0) {
		perror("udpprobe: ask");
		return 1;
	}
	fwrite(buf, 1, (size_t)n, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "serve"))
		return serve(argv[2], argv[3]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "ask"))
		return ask(argv[2], argv[3]);
	return usage();
}
