/* liblvs's arguments: what each function refuses before any call, an IPv6
   UDP virtual server as lvs_del_service_config sends it, and a config the
   call leaves as it was. One line per call: its name, then its return. */
#include <lvs/lvs.h>
#include <lvs/lvs_common.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* One byte over the 960 KiB a call may carry, and its NUL. */
static char big[960 * 1024 + 2];

int main(void)
{
	char config[] = "virtual_server 10.0.0.1 80 {\n}\n";
	char copy[sizeof config];
	struct lvs_service svc;

	memset(&svc, 0, sizeof svc);
	printf("add NULL: %d\n", lvs_add_service_config(NULL));
	printf("update NULL: %d\n", lvs_update_service_config(NULL));
	printf("del NULL: %d\n", lvs_del_service_config(NULL));
	svc.af = AF_UNIX;
	svc.protocol = IPPROTO_TCP;
	printf("del AF_UNIX: %d\n", lvs_del_service_config(&svc));
	svc.af = AF_INET6;
	svc.protocol = IPPROTO_SCTP;
	printf("del SCTP: %d\n", lvs_del_service_config(&svc));
	memset(big, '#', sizeof big - 1);
	printf("add 960 KiB + 1: %d\n", lvs_add_service_config(big));

	/* Calls the server sees. */
	svc.protocol = IPPROTO_UDP;
	inet_pton(svc.af, "2001:db8::1", &svc.addr);
	svc.port = htons(53);
	printf("del IPv6 UDP: %d\n", lvs_del_service_config(&svc));
	memcpy(copy, config, sizeof config);
	printf("add: %d\n", lvs_add_service_config(config));
	printf("config: %s\n", memcmp(copy, config, sizeof config) ? "modified" : "as it was");
	return 0;
}
