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
# What must not happen (both masters, a late BACKUP preempting) is watched
# for as long as the other node needs to hear three adverts, counted on
# the wire; what must happen is awaited, within bounds that catch a hang.
#
# Usage: vrrp_interop_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin
vrrp_watch_adverts A
vrrp_watch_adverts B

lacks_vip() { ! vrrp_holds "$1"; }

# hears NODE N "VRID PRIORITY": until NODE has received N more such adverts.
hears()
{
	n=$(($(vrrp_adverts "$1" "$3") + $2))
	vrrp_until 20 vrrp_adverts_reach "$1" "$n" "$3"
}

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
	# B may have been master before A started: once it has heard A three
	# times it must have let the VIP go.
	hears B 3 "51 150" || { vrrp_fail "$name: B does not hear A"; return; }
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
	vrrp_until 10 lacks_vip B || vrrp_fail "$name: B kept the VIP after A preempted"
}

# each_case ...: one_case, then both nodes stopped and cleared, whether it
# failed or not, so that the next case starts clean.
each_case()
{
	one_case "$@"
	vrrp_kill A
	vrrp_kill B
	vrrp_drop_vip A
	vrrp_drop_vip B
}

for version in 2 3; do
	for cast in mcast ucast; do
		each_case ours debian "$version" "$cast" 4
		each_case debian ours "$version" "$cast" 4
	done
done
each_case ours debian 3 mcast 6
each_case debian ours 3 mcast 6
each_case ours ours 3 ucast 4

# nopreempt: a higher-priority BACKUP that arrives late stays backup.
vrrp_conf B 100 3 mcast 4
vrrp_conf A 150 3 mcast 4 "  state BACKUP
  nopreempt"
vrrp_start B debian
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "nopreempt: B never became master"
backups=$(vrrp_said A "(VI_1) Entering BACKUP STATE")
vrrp_start A ours
# The window: once A runs, four of B's adverts (2 s, past A's 1.7 s
# master-down timer, which is when a preempting A takes over).
vrrp_until 10 vrrp_says A "(VI_1) Entering BACKUP STATE" "$backups" ||
	vrrp_fail "nopreempt: A did not start as backup"
hears A 4 "51 100" || vrrp_fail "nopreempt: A does not hear B"
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
vrrp_until 10 lacks_vip A || vrrp_fail "track_script: A kept the VIP at priority 50"
touch "$tmp/healthy"
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "track_script: A did not take the VIP back"

vrrp_end "vrrp interop"
