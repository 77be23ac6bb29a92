// SPDX-License-Identifier: GPL-2.0
/*
 * lbload: the load of the lab's forwarding benchmark (bench/fnat.sh), the
 * same for every kernel under test. Plain libc, linked statically.
 *
 *   lbload tcp-sink PORT                 accepts connections and closes
 *                                        them, until killed
 *   lbload tcp-rate IP:PORT SECS CONC    opens connections, CONC at a time,
 *                                        each closed (RST) once established;
 *                                        prints connections per second
 *   lbload udp-rate IP:PORT SECS FLOWS   FLOWS sockets (one flow each) keep
 *                                        a datagram outstanding against an
 *                                        answering server (udpprobe serve);
 *                                        prints answered datagrams per second
 *   lbload udp-sink PORT                 receives datagrams and drops them,
 *                                        until killed
 *   lbload udp-paced IP:PORT SECS RATE   RATE datagrams of 100 bytes a
 *                                        second at even intervals, each from
 *                                        its own source port (20000 up, so
 *                                        a new connection each): the steady
 *                                        load of the rate estimator's test
 *
 * Exit status: 0, 1 on a network error or nothing done, 2 usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netargs.h"

static int usage(void)
{
	fputs("usage: lbload tcp-sink|udp-sink PORT\n"
	      "       lbload tcp-rate IP:PORT SECONDS CONCURRENCY\n"
	      "       lbload udp-rate IP:PORT SECONDS FLOWS\n"
	      "       lbload udp-paced IP:PORT SECONDS RATE\n", stderr);
	return 2;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes connections (SOCK_STREAM) or datagrams (SOCK_DGRAM) and drops them. */
static int sink(const char *port, int type)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	long p = number(port, 1, 65535);
	int fd, on = 1;
	char buf[2048];

	if (p < 0)
		return usage();
	sa.sin_port = htons((unsigned short)p);
	fd = socket(AF_INET, type, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 4096) < 0)) {
		perror("lbload: sink");
		return 1;
	}
	for (;;) {
		if (type == SOCK_DGRAM) {
			recv(fd, buf, sizeof(buf), 0);
		} else {
			int c = accept(fd, NULL, NULL);

			if (c >= 0)
				close(c);
		}
	}
}

/* A non-blocking connect to sa; the socket, or -1. */
static int start_connect(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Closes with a reset: no TIME_WAIT left behind to run out of ports. */
static void abort_close(int fd)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static int tcp_rate(const struct sockaddr_in *sa, double secs, int conc)
{
	struct pollfd pfd[1024];
	long done = 0, failed = 0;
	double start = now();
	int i;

	for (i = 0; i < conc; i++) {
		pfd[i].fd = start_connect(sa);
		pfd[i].events = POLLOUT;
	}
	while (now() - start < secs) {
		if (poll(pfd, (nfds_t)conc, 100) < 0)
			break;
		for (i = 0; i < conc; i++) {
			int err = 0;
			socklen_t len = sizeof(err);

			if (pfd[i].fd >= 0 && !pfd[i].revents)
				continue;
			if (pfd[i].fd >= 0) {
				getsockopt(pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &len);
				if (err)
					failed++;
				else
					done++;
				abort_close(pfd[i].fd);
			}
			pfd[i].fd = start_connect(sa);
		}
	}
	secs = now() - start;
	for (i = 0; i < conc; i++)
		if (pfd[i].fd >= 0)
			abort_close(pfd[i].fd);
	printf("%.0f connections/s (%ld in %.1fs, %ld failed)\n", (double)done / secs, done, secs,
	       failed);
	return done ? 0 : 1;
}

static int udp_rate(const struct sockaddr_in *sa, double secs, int flows)
{
	struct pollfd pfd[1024];
	long answered = 0;
	double start = now();
	char buf[600];
	int i;

	for (i = 0; i < flows; i++) {
		pfd[i].fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
		pfd[i].events = POLLIN;
		if (pfd[i].fd < 0 || connect(pfd[i].fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0 ||
		    send(pfd[i].fd, "?", 1, 0) < 0) {
			perror("lbload: udp-rate");
			return 1;
		}
	}
	while (now() - start < secs) {
		int n = poll(pfd, (nfds_t)flows, 100);

		if (n < 0)
			break;
		for (i = 0; i < flows; i++) {
			/* A datagram lost on the way is sent again on a quiet round. */
			if (!n || (pfd[i].revents & POLLIN)) {
				if (pfd[i].revents & POLLIN && recv(pfd[i].fd, buf, sizeof(buf), 0) > 0)
					answered++;
				send(pfd[i].fd, "?", 1, 0);
			}
		}
	}
	secs = now() - start;
	printf("%.0f datagrams/s (%ld answered in %.1fs)\n", (double)answered / secs, answered, secs);
	return answered ? 0 : 1;
}

static int udp_paced(const struct sockaddr_in *sa, long secs, long rate)
{
	static const char payload[100];
	struct timespec next;
	long sent = 0, i;

	clock_gettime(CLOCK_MONOTONIC, &next);
	for (i = 0; i < secs * rate; i++) {
		struct sockaddr_in from = { .sin_family = AF_INET };
		int fd = socket(AF_INET, SOCK_DGRAM, 0);

		/* Ports the kernel picks repeat within the connections' timeout. */
		from.sin_port = htons((unsigned short)(20000 + i % 40000));
		if (fd >= 0 && bind(fd, (struct sockaddr *)&from, sizeof(from)) == 0 &&
		    sendto(fd, payload, sizeof(payload), 0, (const struct sockaddr *)sa,
			   sizeof(*sa)) > 0)
			sent++;
		if (fd >= 0)
			close(fd);
		next.tv_nsec += 1000000000L / rate;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("%ld datagrams sent in %lds\n", sent, secs);
	return sent == secs * rate ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	long secs, n;

	if (argc == 3 && !strcmp(argv[1], "tcp-sink"))
		return sink(argv[2], SOCK_STREAM);
	if (argc == 3 && !strcmp(argv[1], "udp-sink"))
		return sink(argv[2], SOCK_DGRAM);
	if (argc != 5 || ip_port(argv[2], &sa) < 0)
		return usage();
	secs = number(argv[3], 1, 3600);
	n = number(argv[4], 1, 1024);
	if (secs < 0 || n < 0)
		return usage();
	if (!strcmp(argv[1], "tcp-rate"))
		return tcp_rate(&sa, (double)secs, (int)n);
	if (!strcmp(argv[1], "udp-rate"))
		return udp_rate(&sa, (double)secs, (int)n);
	if (!strcmp(argv[1], "udp-paced"))
		return udp_paced(&sa, secs, n);
	return usage();
}
