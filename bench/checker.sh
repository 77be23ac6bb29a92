#!/bin/sh
# Health-check CPU: 20,000 TCP_CHECK targets at delay_loop 6 under our
# engine, then under Debian's keepalived (-n -C), then from a bare loop of
# the same connects and closes (the kernel's floor), with the same config
# and the same listeners; ROUNDS rounds (default 5) of the three in turn.
# Prints the median, min and max of the CPU % of one core of each, of the
# checks done a second and of the receive path's CPU, and the ratios of
# the medians.
#
# The checkers run in a network namespace of their own and the listeners
# in another, joined by a veth pair whose receive path runs in threaded
# NAPI, as a NIC's does: the process is charged for what it sends, not
# for the servers' side of each handshake, which on loopback would all be
# done in the checker's system calls. The CPU of the checkers' receive
# path is printed beside each figure. (TSO is off: a veth takes TCP
# through NAPI only so.)
#
# The build host has no IPVS, without which keepalived's checker exits:
# bench/fake_ipvs.c, preloaded into keepalived alone, answers its IPVS
# socket options as an empty table would. Needs root and ethtool.
#   [ROUNDS=N] bench/checker.sh BUILD_DIR [--targets N] [--seconds S] [--delay-loop D]
set -eu
build=${1:?usage: bench/checker.sh BUILD_DIR [options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
command -v ethtool >/dev/null || { echo "bench/checker.sh: needs ethtool (apt-get install ethtool)" >&2; exit 2; }
cmake --build "$build" --target bench_checker >/dev/null
cc -shared -fPIC -O2 -Wall -o "$build/bench/fake_ipvs.so" "$here/fake_ipvs.c" -ldl

c=lvsbench-c s=lvsbench-s
cleanup() { ip netns del $c 2>/dev/null || true; ip netns del $s 2>/dev/null || true; }
cleanup
tmp=$(mktemp -d)
# A signal ends the run (a trap alone would resume it after the cleanup).
trap 'cleanup; rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
BENCH_SAMPLES=$tmp/samples
. "$here/lib.sh"
ip netns add $c
ip netns add $s
ip link add lvsb0 netns $c type veth peer name lvsb1 netns $s
ip -n $c addr add 10.201.0.1/24 dev lvsb0
ip -n $s addr add 10.201.0.2/24 dev lvsb1
for i in $(seq 1 100); do ip -n $s addr add 10.201.1.$i/32 dev lo; done
for ns_dev in $c:lvsb0 $s:lvsb1; do
	ns=${ns_dev%%:*} dev=${ns_dev#*:}
	ip -n "$ns" link set lo up
	ip -n "$ns" link set "$dev" up
	ip netns exec "$ns" ethtool -K "$dev" gro on tso off >/dev/null
	ip netns exec "$ns" sh -c "echo 1 > /sys/class/net/$dev/threaded"
done
ip -n $c route add 10.201.1.0/24 via 10.201.0.2
# one_round OPTIONS...: ours, keepalived and the floor, once each.
one_round() {
	echo "round $r:"
	ip netns exec $c "$build/bench/bench_checker" --keepalived /usr/sbin/keepalived \
		--preload "$(cd "$build" && pwd)/bench/fake_ipvs.so" --server-netns /run/netns/$s \
		--rs-prefix 10.201.1. --napi lvsb0 "$@" >"$tmp/out"
	grep -v '^samples:' "$tmp/out" | sed 's/^/  /'
	for kv in $(sed -n 's/^samples://p' "$tmp/out"); do
		sample "${kv%%=*}" "${kv#*=}"
	done
}
each_round one_round "$@"
schedule=$(sed -n 's/^schedule: \([0-9]*\) checks.*/\1/p' "$tmp/out")
# The CPU a check a second costs, per round (keepalived may not keep the
# schedule).
awk '$2 ~ /^[0-9.]+$/ { v[$1] = $2 } $1 ~ /\.rate$/ && $2 > 0 { n = $1; sub(/\.rate$/, "", n)
	if ((n ".cpu") in v) print n ".per_check", v[n ".cpu"] / $2 }' "$BENCH_SAMPLES" >"$tmp/per"
cat "$tmp/per" >>"$BENCH_SAMPLES"

echo "medians of $ROUNDS rounds (min–max); the schedule is $schedule checks/s:"
for who in keepalived ours floor; do
	printf '%-10s CPU %-28s checks/s %-24s receive path %s\n' "$who" "$(summary $who.cpu % 2)" \
		"$(summary $who.rate)" "$(summary $who.rx % 2)"
done
echo "ours in user space: $(summary ours.user % 2)"
echo "ratios: CPU keepalived / ours $(ratio keepalived.cpu ours.cpu), CPU per check/s keepalived / ours" \
	"$(ratio keepalived.per_check ours.per_check); ours / floor $(ratio ours.cpu floor.cpu)"
