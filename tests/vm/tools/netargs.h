/* SPDX-License-Identifier: GPL-2.0 */
/* Argument parsing shared by the lab's network tools. */
#ifndef LAB_NETARGS_H
#define LAB_NETARGS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

/* A whole decimal number in [min, max], or -1. */
static inline long number(const char *s, long min, long max)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n >= min && n <= max ? n : -1;
}

/* "IPv4:PORT" into sa; 0, or -1 when it is not one. */
static inline int ip_port(const char *s, struct sockaddr_in *sa)
{
	const char *colon = strrchr(s, ':');
	char host[INET_ADDRSTRLEN];
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host))
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = 0;
	port = number(colon + 1, 1, 65535);
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((unsigned short)(port < 0 ? 0 : port));
	return port < 0 || inet_pton(AF_INET, host, &sa->sin_addr) != 1 ? -1 : 0;
}

#endif
