#!/bin/sh
# vrrp_strict's firewall, as keepalived 2.2.7 sets it up with nf_tables:
# our master (A, strict, priority 150: not the address owner, no accept
# mode) drops traffic to its VIP (RFC 5798 6.4.3) but not to its own
# address; `accept`, taken by a reload, lets it through; priority 255
# (the owner) never blocks. Debian's keepalived is the backup. IPv6 alone:
# the VIP is blocked but neighbour discovery still resolves it.
#
# The addresses are blocked before they are added and unblocked before a
# reload ends: each probe runs as soon as the VIP is on A (and off B,
# where a connection to it would stay local) or the reload has ended.
#
# Usage: vrrp_accept_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin
PORT=7777

# reaches ADDR: a TCP connection from B to ADDR:PORT on A succeeds.
reaches()
{
	ip netns exec "$NS_B" timeout 2 bash -c "exec 3<>/dev/tcp/$1/$PORT" 2>/dev/null
}

ip netns exec "$NS_A" python3 -c "
import socket
s = socket.socket(socket.AF_INET6) # IPv4 too, as ::ffff:a.b.c.d
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('::', $PORT))
s.listen(16)
open('$tmp/listening', 'w').close()
while True:
    s.accept()[0].close()
" &
listener=$!
vrrp_until 10 test -e "$tmp/listening" || vrrp_fail "the listener on A did not start"

vrrp_conf A 150 3 mcast 4 "  strict_mode"
vrrp_conf B 100 3 mcast 4
vrrp_start B debian
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "A never became master"
vrrp_until 10 eval '! vrrp_holds B' || vrrp_fail "B kept the VIP"
reaches 10.9.0.1 || vrrp_fail "A's own address is not reachable"
reaches "$VIP4" && vrrp_fail "strict, no accept: the VIP of a non-owner master is reachable"

vrrp_conf A 150 3 mcast 4 "  strict_mode
  accept"
case $(vrrp_reload A) in
*"Reload finished") ;;
*) vrrp_fail "the reload to accept did not finish" ;;
esac
reaches "$VIP4" || vrrp_fail "accept (by a reload): the VIP is still blocked"
vrrp_kill A
vrrp_kill B
vrrp_drop_vip A
vrrp_drop_vip B

vrrp_conf A 255 3 mcast 4 "  strict_mode"
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "the owner never became master"
reaches "$VIP4" || vrrp_fail "strict: the owner's VIP is blocked"
vrrp_kill A
vrrp_drop_vip A

ip -n "$NS_A" addr add fd00:9::1/64 dev ethA nodad
ip -n "$NS_B" addr add fd00:9::2/64 dev ethB nodad
vrrp_conf A 150 3 mcast 6 "  strict_mode"
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "IPv6: A never became master"
reaches fd00:9::1 || vrrp_fail "IPv6: A's own address is not reachable"
reaches "$VIP6" && vrrp_fail "IPv6, strict, no accept: the VIP is reachable"
ip -n "$NS_B" -6 neigh show "$VIP6" | grep -q lladdr || vrrp_fail "IPv6: neighbour discovery of the VIP was blocked"

kill "$listener"
vrrp_end "vrrp accept"
