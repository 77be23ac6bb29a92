/*
 * liblvs: the types of the C API in <lvs/lvs.h> (lvscli(8), "C API").
 * C89 but for <stdint.h>'s types, for C and C++ callers alike.
 */
#ifndef LVS_LVS_COMMON_H
#define LVS_LVS_COMMON_H

#include <netinet/in.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A virtual server's address. Both members start at the union's first
 * byte, so inet_pton(af, text, &svc.addr) fills the right one for either
 * family.
 */
union lvs_addr {
	struct in_addr ip;
	struct in6_addr ip6;
};

/* A virtual server as lvs_del_service_config names it. */
struct lvs_service {
	int af;              /* AF_INET or AF_INET6 */
	union lvs_addr addr; /* network order, as inet_pton writes it */
	uint16_t port;       /* network order: htons(80) */
	uint8_t protocol;    /* IPPROTO_TCP or IPPROTO_UDP */
};

#ifdef __cplusplus
}
#endif

#endif
