#!/bin/sh
# VRRP between our keepalived and Debian's keepalived 2.2.7, and between
# two of ours, in two network namespaces on one bridge: for v2 and v3
# (0.5 s adverts), multicast and unicast, IPv4 (and v3 IPv6), either side
# master. Each case: the higher priority takes the VIP and the other does
# not (no split brain); SIGKILL of the master moves the VIP within the
# RFC's 3 x advert_int + skew (plus 0.5 s for the poll and the last advert
# in flight); the master restarted preempts. Then nopreempt holds, and a
# failing track_script hands the VIP over.
#
# Usage: vrrp_interop_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin

# one_case HIGH-WHO LOW-WHO VERSION CAST FAMILY: A is high (150), B low (100).
one_case()
{
	high=$1 low=$2 version=$3 cast=$4 family=$5
	name="A=$high(150) B=$low(100) v$version $cast IPv$family"
	vrrp_conf A 150 "$version" "$cast" "$family"
	vrrp_conf B 100 "$version" "$cast" "$family"
	vrrp_start B "$low"
	vrrp_start A "$high"
	vrrp_wait_holder A 10 >/dev/null || { vrrp_fail "$name: A never became master"; return; }
	sleep 2
	vrrp_holds B && { vrrp_fail "$name: split brain, both hold the VIP"; return; }
	vrrp_holds A || { vrrp_fail "$name: A lost the VIP"; return; }

	bound=$(vrrp_bound "$version" 100)
	vrrp_kill A KILL
	took=$(vrrp_wait_holder B 10) || { vrrp_fail "$name: B never took over"; return; }
	echo "$name: failover ${took}s (RFC bound ${bound}s)"
	awk -v t="$took" -v b="$bound" 'BEGIN { exit !(t <= b + 0.5) }' ||
		vrrp_fail "$name: failover ${took}s over the bound ${bound}s"

	vrrp_drop_vip A
	vrrp_start A "$high"
	vrrp_wait_holder A 10 >/dev/null || { vrrp_fail "$name: restarted A did not preempt"; return; }
	sleep 1
	vrrp_holds B && vrrp_fail "$name: B kept the VIP after A preempted"
	vrrp_kill A
	vrrp_kill B
	vrrp_drop_vip A
	vrrp_drop_vip B
}

for version in 2 3; do
	for cast in mcast ucast; do
		one_case ours debian "$version" "$cast" 4
		one_case debian ours "$version" "$cast" 4
	done
done
one_case ours debian 3 mcast 6
one_case debian ours 3 mcast 6
one_case ours ours 3 ucast 4

# nopreempt: a higher-priority BACKUP that arrives late stays backup.
vrrp_conf B 100 3 mcast 4
vrrp_conf A 150 3 mcast 4 "  state BACKUP
  nopreempt"
vrrp_start B debian
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "nopreempt: B never became master"
vrrp_start A ours
sleep 4
vrrp_holds A && vrrp_fail "nopreempt: A preempted"
vrrp_holds B || vrrp_fail "nopreempt: B lost the VIP"
vrrp_kill A
vrrp_kill B
vrrp_drop_vip B

# track_script: A (150, weight -100 while the script fails) yields to B (100).
touch "$tmp/healthy"
cat >"$tmp/track" <<EOS
vrrp_script chk {
  script "/usr/bin/test -e $tmp/healthy"
  interval 1
  weight -100
}
EOS
vrrp_conf A 150 3 mcast 4 "  track_script {
    chk
  }"
cat "$tmp/track" "$tmp/A.conf" >"$tmp/A.both" && mv "$tmp/A.both" "$tmp/A.conf"
vrrp_conf B 100 3 mcast 4
vrrp_start B debian
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "track_script: A never became master"
rm "$tmp/healthy"
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "track_script: the failing script did not move the VIP"
sleep 1
vrrp_holds A && vrrp_fail "track_script: A kept the VIP at priority 50"
touch "$tmp/healthy"
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "track_script: A did not take the VIP back"

vrrp_end "vrrp interop"
