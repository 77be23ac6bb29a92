/* Add a virtual server, change its weight, delete it: liblvs's C API.
   cc example.c $(pkg-config --cflags --libs lvs) */
#include <lvs/lvs.h>
#include <lvs/lvs_common.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

/* Says how a call went; returns non-zero when it failed. */
static int report(const char *call, int ret)
{
	if (ret < 0)
		fprintf(stderr, "%s: %s (%d)\n", call, strerror(-ret), ret);
	else
		printf("%s: done\n", call);
	return ret < 0;
}

/* One virtual server of keepalived.conf, the real server's weight left open. */
static const char service[] =
	"virtual_server 192.168.1.1 1984 {\n"
	"    lb_algo rr\n"
	"    lb_kind NAT\n"
	"    protocol TCP\n"
	"    real_server 10.0.0.2 1984 {\n"
	"        weight %d\n"
	"    }\n"
	"}\n";

int main(void)
{
	char config[sizeof service + 8];
	struct lvs_service svc;

	snprintf(config, sizeof config, service, 1);
	if (report("lvs_add_service_config", lvs_add_service_config(config)))
		return 1;

	snprintf(config, sizeof config, service, 2);
	if (report("lvs_update_service_config", lvs_update_service_config(config)))
		return 1;

	memset(&svc, 0, sizeof svc);
	svc.af = AF_INET;
	inet_pton(svc.af, "192.168.1.1", &svc.addr);
	svc.port = htons(1984);
	svc.protocol = IPPROTO_TCP;
	if (report("lvs_del_service_config", lvs_del_service_config(&svc)))
		return 1;
	return 0;
}
