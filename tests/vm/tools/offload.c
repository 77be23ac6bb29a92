// SPDX-License-Identifier: GPL-2.0
/*
 * offload: turns a device's offload feature on or off, as "ethtool -K"
 * does (the lab has no ethtool), through the SIOCETHTOOL ioctl. Plain
 * libc and kernel headers, so it links statically into the guest.
 *
 *   offload DEV gro|tso|tx on|off
 *
 * gro: generic receive offload (on a veth, it merges what its peer sends
 * when the peer does not segment by TSO); tso: TCP segmentation offload;
 * tx: transmit checksum offload (off: checksums are computed before the
 * packet leaves, and TSO goes with it).
 *
 * Exit status: 0 done, 1 the kernel refused (message on stderr), 2 usage.
 */
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

static const struct {
	const char *name;
	unsigned int cmd;
} features[] = {
	{ "gro", ETHTOOL_SGRO },
	{ "tso", ETHTOOL_STSO },
	{ "tx", ETHTOOL_STXCSUM },
};

int main(int argc, char **argv)
{
	struct ethtool_value ev = { 0 };
	struct ifreq ifr = { 0 };
	size_t i;
	int fd;

	if (argc != 4 || strlen(argv[1]) >= sizeof(ifr.ifr_name) ||
	    (strcmp(argv[3], "on") && strcmp(argv[3], "off")))
		goto usage;
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (!strcmp(argv[2], features[i].name))
			ev.cmd = features[i].cmd;
	if (!ev.cmd)
		goto usage;
	ev.data = !strcmp(argv[3], "on");
	strcpy(ifr.ifr_name, argv[1]);
	ifr.ifr_data = (char *)&ev;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || ioctl(fd, SIOCETHTOOL, &ifr) < 0) {
		perror("offload");
		return 1;
	}
	return 0;
usage:
	fputs("usage: offload DEV gro|tso|tx on|off\n", stderr);
	return 2;
}
