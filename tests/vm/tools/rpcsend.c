// SPDX-License-Identifier: GPL-2.0
/*
 * rpcsend: the lab's raw JSON-RPC client, for what lvscli never sends
 * (malformed JSON, unknown methods). Copies stdin to the UNIX stream socket
 * PATH, shuts down its side, and copies the answers to stdout.
 *
 *   rpcsend PATH <request
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int copy(int from, int to)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(from, buf, sizeof(buf))) > 0)
		if (write(to, buf, n) != n)
			return -1;
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (argc != 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usage: rpcsend PATH <request\n");
		return 2;
	}
	strcpy(sa.sun_path, argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror(argv[1]);
		return 1;
	}
	if (copy(0, fd) != 0 || shutdown(fd, SHUT_WR) != 0 || copy(fd, 1) != 0) {
		perror("rpcsend");
		return 1;
	}
	return 0;
}
