#!/bin/sh
# The attributes of VRRP virtual addresses (README's R-KA-VIP): brd (an
# address, + or -), scope (names and numbers), label and dev on IPv4; on
# IPv6 dev, the deprecated /128 and preferred_lft of keepalived 2.2.7, and
# scope and label ignored as 2.2.7 ignores them. Our keepalived, alone on
# node A, must install exactly the addresses listed below once it is
# master, and none of them once it has stopped; Debian's keepalived 2.2.7
# must install the same from the same config, which shows the list is
# 2.2.7's reading of it.
#
# Usage: vrrp_vip_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin

# ethC: a second interface of A, for `dev`.
ip -n "$NS_A" link add ethC type veth peer name pC netns "$NS_S"
ip -n "$NS_S" link set pC up
ip -n "$NS_A" link set ethC up

vrrp_conf A 150 3 mcast 4 "  virtual_ipaddress_excluded {
    fd00:9::100/64
    fd00:9::101/64 dev ethC
    fd00:9::102/128
    fd00:9::103/64 scope link label ethA:six
    fd00:9::104/64 preferred_lft 0
    fd00:9::105/128 preferred_lft forever
  }"
sed -i "s|^$VIP4/24\$|$VIP4/24\\
    10.9.0.101/24 brd 10.9.0.255 label ethA:vip\\
    10.9.1.7/24 dev ethC broadcast + label ethC:x\\
    10.9.2.7/25 brd - scope host\\
    10.19.3.7/16 scope 200 brd 10.19.3.9\\
    10.9.4.7/24 scope link label ethA:lnk\\
    10.9.5.7/24 scope nowhere|" "$tmp/A.conf"

# What `ip -o address` shows of A's global addresses (its own 10.9.0.1
# too), one line each without the interface's index and the lifetimes.
cat >"$tmp/want" <<EOF
ethA inet 10.19.3.7/16 brd 10.19.3.9 scope site ethA
ethA inet 10.9.0.1/24 scope global ethA
ethA inet 10.9.0.100/24 scope global secondary ethA
ethA inet 10.9.0.101/24 brd 10.9.0.255 scope global secondary ethA:vip
ethA inet 10.9.2.7/25 brd 10.9.2.0 scope host ethA
ethA inet 10.9.4.7/24 scope link ethA:lnk
ethA inet 10.9.5.7/24 scope nowhere ethA
ethA inet6 fd00:9::100/64 scope global nodad
ethA inet6 fd00:9::102/128 scope global nodad deprecated
ethA inet6 fd00:9::103/64 scope global nodad
ethA inet6 fd00:9::104/64 scope global nodad deprecated
ethA inet6 fd00:9::105/128 scope global nodad
ethC inet 10.9.1.7/24 brd 10.9.1.255 scope global ethC:x
ethC inet6 fd00:9::101/64 scope global nodad
EOF
echo "ethA inet 10.9.0.1/24 scope global ethA" >"$tmp/bare"

addresses()
{
	ip -n "$NS_A" -o address show | grep -v -e ' lo ' -e ' fe80::' |
		sed 's/\\.*//' | awk '{ $1 = ""; sub(/^ /, ""); print }' | sort
}

shows() { addresses >"$tmp/have" && cmp -s "$tmp/have" "$1"; }

# one WHO: WHO's keepalived on A, master with every address, then stopped.
one()
{
	masters=$(vrrp_said A "(VI_1) Entering MASTER STATE")
	vrrp_start A "$1"
	if ! vrrp_until 20 vrrp_says A "(VI_1) Entering MASTER STATE" "$masters"; then
		vrrp_fail "$1: A never became master"
	elif ! vrrp_until 10 shows "$tmp/want"; then
		vrrp_fail "$1: as master, the addresses differ (- wanted, + shown):"
		diff "$tmp/want" "$tmp/have" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
	fi
	vrrp_kill A
	if ! shows "$tmp/bare"; then
		vrrp_fail "$1: stopped, it left addresses (- wanted, + shown):"
		diff "$tmp/bare" "$tmp/have" | grep '^[<>]' | sed 's/^</-/; s/^>/+/'
		vrrp_drop_vip A
		ip -n "$NS_A" address flush dev ethC
	fi
}

one ours
one debian
vrrp_end "vrrp vip"
