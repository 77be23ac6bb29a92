#!/bin/sh
# VRRP failover time: a master is SIGKILLed and the backup's VIP appears;
# for each pair (ours/ours, ours->Debian, Debian->ours), v2 (1 s adverts)
# and v3 (0.5 s), multicast, ROUNDS rounds (default 5) each taking every
# pair in turn. Both daemons log alike (-n -l -D, into a file) and every
# backup is watched by the same poll (every 20 ms) of its interface's
# addresses. Prints each pair's median with its min and max against the
# RFC bound, 3 x advert_int + skew (measured from the kill, so up to one
# interval less than the bound is expected: the last advert was already
# out).
#
# Usage: bench/vrrp_failover.sh LVSBOX [ROUNDS]   (root)
set -u
LVSBOX=${1:?usage: $0 LVSBOX [ROUNDS]}
ROUNDS=${2:-${ROUNDS:-5}}
. "$(dirname "$0")/../tests/host/vrrp_lib.sh"
vrrp_setup
BENCH_SAMPLES=$tmp/samples
. "$(dirname "$0")/lib.sh"

PAIRS="ours.ours ours.debian debian.ours"

# every_pair: one failover of each pair, recorded as v$version.PAIR (s).
every_pair() {
	for pair in $PAIRS; do
		master=${pair%.*} backup=${pair#*.}
		vrrp_start B "$backup"
		vrrp_start A "$master"
		vrrp_wait_holder A 10 >/dev/null || { echo "A never became master"; exit 1; }
		sleep 1 # a few adverts out, as a master that has run a while
		vrrp_kill A KILL
		t=$(vrrp_wait_holder B 10) || { echo "B never took over"; exit 1; }
		sample "v$version.$pair" "$t"
		vrrp_kill B
		vrrp_drop_vip A
		vrrp_drop_vip B
	done
}

for version in 2 3; do
	vrrp_conf A 150 "$version" mcast 4
	vrrp_conf B 100 "$version" mcast 4
	each_round every_pair
	bound=$(vrrp_bound "$version" 100)
	for pair in $PAIRS; do
		set -- $(stats "v$version.$pair" 3)
		printf 'v%s master=%-6s backup=%-6s failover %s; RFC bound %s s, the slowest %s\n' "$version" \
			"${pair%.*}" "${pair#*.}" "$(summary "v$version.$pair" s 3)" "$bound" \
			"$(awk -v max="$3" -v b="$bound" 'BEGIN { print (max <= b ? "within" : "OVER") }')"
	done
done
