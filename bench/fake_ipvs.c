/*
 * LD_PRELOAD shim: answers the IPVS socket options as an empty ip_vs would,
 * so that Debian's tools run on a host without IPVS, where they would
 * otherwise exit: keepalived's health checker for bench/checker.sh (only
 * its CPU is measured), and ipvsadm -h for tests/host/ipvsadm_docs_test.sh
 * (only its usage text is read). Nothing here stands in for the kernel in
 * any test. Other socket options go to libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static int is_ipvs(int level, int opt)
{
	return level == IPPROTO_IP && opt >= IP_VS_BASE_CTL && opt <= IP_VS_SO_SET_MAX;
}

int setsockopt(int fd, int level, int opt, const void *val, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);

	if (is_ipvs(level, opt))
		return 0;
	if (!real)
		real = dlsym(RTLD_NEXT, "setsockopt");
	return real(fd, level, opt, val, len);
}

int getsockopt(int fd, int level, int opt, void *val, socklen_t *len)
{
	static int (*real)(int, int, int, void *, socklen_t *);

	if (is_ipvs(level, opt)) {
		memset(val, 0, *len);
		if (opt == IP_VS_SO_GET_INFO && *len >= sizeof(struct ip_vs_getinfo)) {
			struct ip_vs_getinfo *info = val;

			info->version = 0x010201; /* 1.2.1, as 6.1 reports */
			info->size = 4096;
		}
		return 0;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "getsockopt");
	return real(fd, level, opt, val, len);
}
