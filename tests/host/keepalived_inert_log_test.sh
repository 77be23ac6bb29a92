#!/bin/sh
# The daemon says what it does not act upon at start, as -t does (the same
# load path): a keyword accepted but not acted upon is in its log with its
# file and line, and does not keep it from starting. A configuration with
# nothing to run makes the daemon stop by itself once it has said so.
#
# Usage: keepalived_inert_log_test.sh LVSBOX
set -eu

lvsbox=${1:?usage: $0 LVSBOX}
fail() { echo "FAIL: $*"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'global_defs {\n    router_id lvsbox\n    enable_snmp_vrrp\n}\n' >"$tmp/inert.conf"

# -n: in the foreground, -l: log to the console too.
log=$(cd "$tmp" && timeout 30 "$lvsbox" keepalived -n -l -f inert.conf \
	-p "$tmp/k.pid" -c "$tmp/c.pid" -r "$tmp/v.pid" 2>&1) || fail "the daemon failed: $log"
for want in \
	"(inert.conf: Line 2) router_id is accepted but not acted upon by this keepalived (" \
	"(inert.conf: Line 3) enable_snmp_vrrp is accepted but not acted upon by this keepalived (there is no SNMP agent)" \
	"Stopped Keepalived"; do
	printf '%s\n' "$log" | grep -qF -- "$want" || fail "no line with: $want; the log: $log"
done
echo "keepalived's log says at start what it does not act upon"
