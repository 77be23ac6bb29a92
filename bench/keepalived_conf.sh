#!/bin/sh
# Benchmark (host): `keepalived -t` of one big keepalived.conf, Debian's
# keepalived 2.2.7 against ours: 50,000 virtual servers x 4 real servers,
# each with a TCP_CHECK (about 34 MB). Prints wall time, CPU time and peak
# RSS of each (GNU time) and the ratios.
#
# Both must really read it all: each must accept the file, and reject a
# copy whose last line is a bad lb_kind, naming that line.
#
#   bench/keepalived_conf.sh [LVSBOX] [VIRTUAL_SERVERS]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
lvsbox=${1:-$top/build/src/lvsbox}
services=${2:-50000}
debian=/usr/sbin/keepalived
gnu_time=/usr/bin/time

fail() { echo "bench: $*" >&2; exit 1; }
[ -x "$lvsbox" ] || fail "no lvsbox at $lvsbox (build it first)"
[ -x "$debian" ] || fail "no $debian (scripts/setup-deps.sh installs it)"
[ -x "$gnu_time" ] || fail "no GNU time at $gnu_time (package time)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
conf=$tmp/keepalived.conf

awk -v n="$services" 'BEGIN {
	print "global_defs {\n\trouter_id bench\n}"
	for (i = 0; i < n; i++) {
		vip = sprintf("10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256)
		printf "virtual_server %s 80 {\n\tdelay_loop 6\n\tlb_algo wrr\n\tlb_kind NAT\n\tprotocol TCP\n", vip
		for (j = 1; j <= 4; j++) {
			printf "\treal_server 192.168.%d.%d 8080 {\n\t\tweight %d\n", j, 1 + i % 250, j
			printf "\t\tTCP_CHECK {\n\t\t\tconnect_port 8080\n\t\t\tconnect_timeout 3\n"
			printf "\t\t\tretry 3\n\t\t\tdelay_before_retry 3\n\t\t}\n\t}\n"
		}
		print "}"
	}
}' >"$conf"
echo "config: $services virtual servers x 4 real servers, TCP_CHECK each ($(du -m "$conf" | cut -f1) MB)"

cp "$conf" "$tmp/broken.conf"
echo "virtual_server 10.99.0.1 80 { lb_kind BOGUS }" >>"$tmp/broken.conf"
last=$(wc -l <"$tmp/broken.conf")

# measure NAME COMMAND...: runs it on the config, records "NAME wall cpu
# kilobytes"; then on the broken copy, which it must reject at its last line.
measure() {
	name=$1
	shift
	"$gnu_time" -o "$tmp/time" -f '%e %U %S %M' "$@" -f "$conf" >"$tmp/out" 2>&1 ||
		fail "$name exited $? on the config:$(echo; tail -n 5 "$tmp/out")"
	awk -v name="$name" '{ print name, $1, $2 + $3, $4 }' "$tmp/time" >>"$tmp/results"
	if "$@" -f "$tmp/broken.conf" >"$tmp/out" 2>&1; then
		fail "$name accepts a bad lb_kind at the end: it did not read the whole file"
	fi
	grep -q "Line $last)" "$tmp/out" || fail "$name did not reach line $last:$(echo; tail -n 3 "$tmp/out")"
}

: >"$tmp/results"
measure debian "$debian" -t
measure ours "$lvsbox" keepalived -t

awk '{ wall[$1] = $2; cpu[$1] = $3; rss[$1] = $4 }
END {
	printf "%-12s %14s %10s %8s\n", "", "Debian 2.2.7", "ours", "ratio"
	printf "%-12s %13.2fs %9.2fs %7.1fx\n", "wall time", wall["debian"], wall["ours"], wall["debian"] / wall["ours"]
	printf "%-12s %13.2fs %9.2fs %7.1fx\n", "CPU time", cpu["debian"], cpu["ours"], cpu["debian"] / cpu["ours"]
	printf "%-12s %11.0f MB %7.0f MB %7.1fx\n", "peak RSS", rss["debian"] / 1024, rss["ours"] / 1024, rss["debian"] / rss["ours"]
}' "$tmp/results"
