#!/bin/sh
# keepalived -D (--log-detail): what the VRRP process does, said in
# keepalived 2.2.7's words, and only under -D. Node A alone, with an IPv4
# address and an excluded IPv6 one and two rounds of gratuitous ARP/NA: the
# parent says which file it reads; the VRRP process removes leftover
# addresses at start, says when the master-down timer fires, sets the
# addresses as master and announces them (a line per address and round,
# then one per packet), and as it stops resigns, removes them and says the
# CPU time it used, as the parent does. Without -D, none of these lines.
# Debian's keepalived 2.2.7 writes the same lines in the same order from
# the same config, which shows they are 2.2.7's.
#
# Usage: vrrp_detail_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin

vrrp_conf A 150 3 mcast 4 "  virtual_ipaddress_excluded {
    $VIP6/64
  }
  garp_master_repeat 2
  garp_master_delay 1"

# A round of announcements: per address, then per packet, twice.
round="(VI_1) Sending/queueing gratuitous ARPs on ethA for $VIP4
Sending gratuitous ARP on ethA for $VIP4
(VI_1) Sending/queueing Unsolicited Neighbour Adverts on ethA for $VIP6
Sending unsolicited Neighbour Advert on ethA for $VIP6
Sending gratuitous ARP on ethA for $VIP4
Sending unsolicited Neighbour Advert on ethA for $VIP6"
want="Opening file '$tmp/A.conf'.
(VI_1) removing VIPs.
(VI_1) removing E-VIPs.
(VI_1) Receive advertisement timeout
(VI_1) setting VIPs.
(VI_1) setting E-VIPs.
$round
$round
(VI_1) sent 0 priority
(VI_1) removing VIPs.
(VI_1) removing E-VIPs.
Stopped - used T user time, T system time
CPU usage (self/children) user: T/T system: T/T"

# details: the lines of A's log that only -D writes (of those we write),
# without the time and process prefix (ours names the process, Debian's
# console lines do not) and with each CPU time as T.
details()
{
	sed -E 's/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}: //; s/^Keepalived(_[a-z]+)?\[[0-9]+\]: //' \
		"$tmp/A.log" |
		grep -E -e "^Opening file '" -e '^\(VI_1\) (setting|removing) (E-)?VIPs\.$' \
			-e '^\(VI_1\) (Receive advertisement timeout|sent 0 priority|Sending/queueing )' \
			-e '^Sending (gratuitous ARP|unsolicited Neighbour Advert) on ' \
			-e '^Stopped - used ' -e '^CPU usage \(self/children\) ' |
		sed -E 's/[0-9]+\.[0-9]{6}/T/g'
}

# run WHO FLAG: WHO's keepalived on A, with FLAG (-D or nothing), until the
# second round of announcements is over, then stopped; its details in
# $tmp/have.
run()
{
	rm -f "$tmp/A.log"
	VRRP_DETAIL=$2 vrrp_start A "$1"
	if ! vrrp_until 20 vrrp_says A "(VI_1) Entering MASTER STATE" 0; then
		vrrp_fail "$1 $2: A never became master"
	elif [ -n "$2" ]; then
		vrrp_until 10 vrrp_says A "(VI_1) Sending/queueing gratuitous ARPs" 1 ||
			vrrp_fail "$1 $2: no second round of announcements"
	else
		sleep 2 # garp_master_delay, and a second more
	fi
	vrrp_kill A
	details >"$tmp/have"
}

printf '%s\n' "$want" >"$tmp/want"
for who in ours debian; do
	run "$who" -D
	cmp -s "$tmp/want" "$tmp/have" || {
		vrrp_fail "$who -D: the details differ (- wanted, + written):"
		diff "$tmp/want" "$tmp/have" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	}
	run "$who" ""
	[ ! -s "$tmp/have" ] || vrrp_fail "$who without -D: details written: $(cat "$tmp/have")"
done
vrrp_end "vrrp detail"
