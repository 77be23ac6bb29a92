#!/bin/sh
# Runs a test that needs root, or reports a skip (77, ctest's
# SKIP_RETURN_CODE) without root: never a pass that tested nothing.
#
# Usage: needs_root.sh COMMAND [ARGS...]
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: needs root: $*"
	exit 77
fi
exec "$@"
