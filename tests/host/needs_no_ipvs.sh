#!/bin/sh
# Runs a test of a machine without IPVS, or reports a skip (77, ctest's
# SKIP_RETURN_CODE) where the kernel has it: never a pass that tested
# nothing. The stock ip_vs and our full-NAT module (kmod/) both make
# /proc/net/ip_vs.
#
# Usage: needs_no_ipvs.sh COMMAND [ARGS...]
if [ -e /proc/net/ip_vs ]; then
	echo "SKIP: this kernel has IPVS: $*"
	exit 77
fi
exec "$@"
