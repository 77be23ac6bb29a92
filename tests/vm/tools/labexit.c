// SPDX-License-Identifier: GPL-2.0
/*
 * labexit: the guest's last word. Writes "lab-status: N" to the result
 * console, waits until the UART has sent it (tcdrain: what the script
 * printed before it is sent first), then writes N to qemu's isa-debug-exit
 * port, which ends qemu with status (N << 1) | 1.
 *
 *   labexit N      N in 0..255
 *
 * The host (tests/vm/lab.sh) takes a status only when both agree: the
 * line arrived last and qemu's status says the same N. qemu failing on
 * its own (status 1, which decodes as 0) or a guest that stops some other
 * way therefore never reads as a pass.
 */
#include "netargs.h"

#include <fcntl.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#define RESULT_TTY "/dev/ttyS1"
#define DEBUG_EXIT_PORT 0xf4

int main(int argc, char **argv)
{
	long status = argc == 2 ? number(argv[1], 0, 255) : -1;
	unsigned char byte;
	char line[32];
	int tty, port, len;

	if (status < 0) {
		fprintf(stderr, "usage: labexit N (0..255)\n");
		return 2;
	}
	tty = open(RESULT_TTY, O_WRONLY | O_NOCTTY);
	if (tty < 0) {
		perror(RESULT_TTY);
		return 1;
	}
	len = snprintf(line, sizeof(line), "lab-status: %ld\n", status);
	if (write(tty, line, (size_t)len) != len || tcdrain(tty)) {
		perror(RESULT_TTY);
		return 1;
	}
	port = open("/dev/port", O_WRONLY);
	byte = (unsigned char)status;
	if (port < 0 || pwrite(port, &byte, 1, DEBUG_EXIT_PORT) != 1) {
		perror("/dev/port");
		return 1;
	}
	return 1; /* not reached: qemu has exited */
}
