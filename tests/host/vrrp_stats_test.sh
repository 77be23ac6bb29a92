#!/bin/sh
# SIGUSR2 with VRRP: /tmp/keepalived.stats holds keepalived 2.2.7's block
# per instance, with the adverts dropped counted by reason. Our master (A)
# and Debian's keepalived (B) with another password: A counts B's adverts
# as authentication failures; with the right password B's adverts are
# received; with vrrp_strict (no authentication) A drops them as another
# authentication type. Our keepalived gets a /tmp of its own, so the test neither
# reads nor clobbers the machine's file. Each check waits, within a bound
# that only catches a hang, until the counter it asserts has counted B's
# adverts; what must stay 0 is read in that same block. (While both are
# master, Debian's B restarts its advert timer at each of A's adverts, and
# so sends one now and then only.)
#
# Usage: vrrp_stats_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
export TMPDIR=/var/tmp # the private /tmp must not hide the test's files
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin

# stats: has A's VRRP process write the file; prints it.
stats()
{
	file=/proc/$PID_A/root/tmp/keepalived.stats
	rm -f "$file"
	kill -USR2 "$PID_A"
	i=0
	while [ ! -s "$file" ] && [ $i -lt 30 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$file" 2>/dev/null
}

# fresh COMMAND...: the stats written anew into $text, then COMMAND.
fresh()
{
	text=$(stats)
	"$@"
}

# counted SECTION LINE N: $text's LINE of SECTION is at least N.
counted() { [ "$(value "$text" "$1" "$2")" -ge "$3" ] 2>/dev/null; }

# value TEXT SECTION LINE: the number on LINE after SECTION's heading.
value()
{
	printf '%s\n' "$1" | awk -v s="$2" -v l="$3" '
		$0 ~ "^  " s ":" { in_s = 1; next }
		/^  [A-Z]/ { in_s = 0 }
		in_s && $0 ~ "^    " l ":" { print $NF; exit }'
}

printf '#!/bin/sh\nmount -t tmpfs tmpfs /tmp || exit 1\nexec "$@"\n' >"$tmp/private_tmp"
chmod 755 "$tmp/private_tmp"

vrrp_conf A 150 2 mcast 4
vrrp_conf B 100 2 mcast 4
sed -i 's/auth_pass secret/auth_pass wrong/' "$tmp/B.conf"
vrrp_start B debian
VRRP_WRAP=$tmp/private_tmp vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "A never became master"
vrrp_until 20 fresh counted "Authentication Errors" Failure 1 ||
	vrrp_fail "the wrong password was not counted as an authentication failure"
printf '%s\n' "$text" | grep -q "^VRRP Instance: VI_1$" || vrrp_fail "no block for VI_1: $text"
printf '%s\n' "$text" | grep -q "^  Became master: 1$" || vrrp_fail "Became master is not 1"
[ "$(value "$text" Advertisements Sent)" -gt 0 ] 2>/dev/null || vrrp_fail "no advert counted as sent"
[ "$(value "$text" Advertisements Received)" = 0 ] || vrrp_fail "adverts with a wrong password counted as received"
for line in "  Packet Errors:" "    Length: 0" "    TTL: 0" "    Advertisement Interval: 0" \
	"    Address List: 0" "    Type Mismatch: 0" "  Priority Zero:"; do
	printf '%s\n' "$text" | grep -qx "$line" || vrrp_fail "no line '$line'"
done

# The right password: B, lower, becomes backup, and A counts its adverts
# once it has resigned (priority 0 received) and while both run.
vrrp_kill B
vrrp_conf B 200 2 mcast 4
vrrp_start B debian
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "B (200) did not take over"
vrrp_until 20 fresh counted Advertisements Received 3 || vrrp_fail "B's adverts were not counted as received"
printf '%s\n' "$text" | grep -q "^  Released master: 1$" || vrrp_fail "Released master is not 1"
# vrrp_strict ignores A's authentication: B's PASS adverts are another
# authentication type, and dropped as such.
vrrp_kill A
vrrp_kill B
vrrp_drop_vip A
vrrp_drop_vip B
vrrp_conf A 150 2 mcast 4 "  strict_mode"
vrrp_conf B 100 2 mcast 4
VRRP_WRAP=$tmp/private_tmp vrrp_start A ours
vrrp_start B debian
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "strict A never became master"
vrrp_until 20 fresh counted "Authentication Errors" "Type Mismatch" 1 ||
	vrrp_fail "vrrp_strict did not drop authenticated adverts as a type mismatch"
[ "$(value "$text" Advertisements Received)" = 0 ] || vrrp_fail "vrrp_strict received authenticated adverts"
grep -q "Strict mode does not support authentication" "$tmp/A.log" || vrrp_fail "no word about the ignored authentication"
[ -e /tmp/keepalived.stats ] && [ /tmp/keepalived.stats -nt "$tmp/A.conf" ] &&
	vrrp_fail "the machine's /tmp/keepalived.stats was written"

[ "$failures" -eq 0 ] || printf '%s\n' "$text"
vrrp_end "vrrp stats"
