#!/bin/sh
# Benchmark (host): `keepalived -t` of one big keepalived.conf, Debian's
# keepalived 2.2.7 against ours: 50,000 virtual servers x 4 real servers,
# each with a TCP_CHECK (about 34 MB), ROUNDS rounds (default 5)
# alternating the two. Prints the median, min and max of the wall time,
# CPU time and peak RSS of each (GNU time) and the ratios of the medians.
#
# Both must really read it all: each must accept the file, and (in the
# first round) reject a copy whose last line is a bad lb_kind, naming that
# line.
#
#   [ROUNDS=N] bench/keepalived_conf.sh [LVSBOX] [VIRTUAL_SERVERS]
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
BENCH_SAMPLES=$tmp/samples
. "$top/bench/lib.sh"

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

# measure NAME COMMAND...: runs it on the config, records samples
# NAME.wall, NAME.cpu (s) and NAME.rss (MB); in the first round also on the
# broken copy, which it must reject at its last line.
measure() {
	name=$1
	shift
	"$gnu_time" -o "$tmp/time" -f '%e %U %S %M' "$@" -f "$conf" >"$tmp/out" 2>&1 ||
		fail "$name exited $? on the config:$(echo; tail -n 5 "$tmp/out")"
	read -r wall user sys rss <"$tmp/time"
	sample "$name.wall" "$wall"
	sample "$name.cpu" "$(echo "$user $sys" | awk '{ print $1 + $2 }')"
	sample "$name.rss" "$(echo "$rss" | awk '{ print $1 / 1024 }')"
	[ "$r" = 1 ] || return 0
	if "$@" -f "$tmp/broken.conf" >"$tmp/out" 2>&1; then
		fail "$name accepts a bad lb_kind at the end: it did not read the whole file"
	fi
	grep -q "Line $last)" "$tmp/out" || fail "$name did not reach line $last:$(echo; tail -n 3 "$tmp/out")"
}

both() {
	measure debian "$debian" -t
	measure ours "$lvsbox" keepalived -t
}
each_round both

echo "medians of $ROUNDS rounds (min–max), Debian's keepalived 2.2.7 and ours alternating:"
printf '%-10s Debian %-26s ours %-26s ratio %s\n' "wall time" "$(summary debian.wall s 2)" \
	"$(summary ours.wall s 2)" "$(ratio debian.wall ours.wall)"
printf '%-10s Debian %-26s ours %-26s ratio %s\n' "CPU time" "$(summary debian.cpu s 2)" \
	"$(summary ours.cpu s 2)" "$(ratio debian.cpu ours.cpu)"
printf '%-10s Debian %-26s ours %-26s ratio %s\n' "peak RSS" "$(summary debian.rss MB)" \
	"$(summary ours.rss MB)" "$(ratio debian.rss ours.rss)"
