#!/bin/sh
# VRRP failover time: a master is SIGKILLed and the backup's VIP appears;
# ROUNDS times for each pair (ours/ours, ours->Debian, Debian->ours), v2
# (1 s adverts) and v3 (0.5 s), multicast. Prints each pair's times against
# the RFC bound, 3 x advert_int + skew (measured from the kill, so up to one
# interval less than the bound is expected: the last advert was already out).
#
# Usage: bench/vrrp_failover.sh LVSBOX [ROUNDS]   (root)
set -u
LVSBOX=${1:?usage: $0 LVSBOX [ROUNDS]}
rounds=${2:-3}
. "$(dirname "$0")/../tests/host/vrrp_lib.sh"
vrrp_setup

for version in 2 3; do
	bound=$(vrrp_bound "$version" 100)
	for pair in "ours ours" "ours debian" "debian ours"; do
		set -- $pair
		vrrp_conf A 150 "$version" mcast 4
		vrrp_conf B 100 "$version" mcast 4
		times=""
		for _ in $(seq "$rounds"); do
			vrrp_start B "$2"
			vrrp_start A "$1"
			vrrp_wait_holder A 10 >/dev/null || { echo "A never became master"; exit 1; }
			sleep 1
			vrrp_kill A KILL
			t=$(vrrp_wait_holder B 10) || { echo "B never took over"; exit 1; }
			times="$times $t"
			vrrp_kill B
			vrrp_drop_vip A
			vrrp_drop_vip B
		done
		echo "$times" | awk -v v="$version" -v m="$1" -v b="$2" -v bound="$bound" '{
			max = 0; sum = 0
			for (i = 1; i <= NF; i++) { sum += $i; if ($i > max) max = $i }
			printf "v%s master=%-6s backup=%-6s failover mean %.3fs max %.3fs  RFC bound %.3fs  %s\n",
				v, m, b, sum / NF, max, bound, max <= bound ? "within" : "OVER" }'
	done
done
