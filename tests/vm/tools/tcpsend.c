// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsend: sends what it reads on standard input to IP:PORT over TCP in
 * one write, so the stack sends it as fast as the window allows, in
 * bursts (busybox nc writes a few KB at a time); then half-closes and
 * copies the answer to standard output. For the lab's tests of large
 * packets (tests/vm/cases/fnat_offload.sh). Plain libc, linked
 * statically.
 *
 *   tcpsend IP:PORT <REQUEST >ANSWER
 *
 * Exit status: 0, 1 on a network or input error, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netargs.h"

#define MAX_INPUT (16 << 20)

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	char *buf = malloc(MAX_INPUT);
	size_t len = 0;
	ssize_t n;
	int fd;

	if (argc != 2 || ip_port(argv[1], &sa) < 0) {
		fputs("usage: tcpsend IP:PORT <REQUEST >ANSWER\n", stderr);
		return 2;
	}
	while (buf && len < MAX_INPUT &&
	       (n = read(0, buf + len, MAX_INPUT - len)) > 0)
		len += (size_t)n;
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!buf || len == MAX_INPUT || fd < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("tcpsend");
		return 1;
	}
	for (size_t off = 0; off < len; off += (size_t)n) {
		n = write(fd, buf + off, len - off);
		if (n < 0) {
			perror("tcpsend");
			return 1;
		}
	}
	shutdown(fd, SHUT_WR);
	while ((n = read(fd, buf, MAX_INPUT)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	return n < 0;
}
