#!/bin/sh
# SIGHUP reload of VRRP, as keepalived 2.2.7 does it, against Debian's
# keepalived as the backup: our master (A, 150) keeps mastership through
# every reload (its VRRP process is the same, its VIP never leaves it, the
# backup never takes it); an address added to virtual_ipaddress (on both
# nodes) appears and a removed one disappears; a config that cannot be
# used changes nothing; an added instance starts and becomes master, a
# removed one drops its address and notifies FAULT; a lower priority hands
# the VIP to the backup and the old one takes it back.
#
# Usage: vrrp_reload_test.sh LVSBOX
set -u
LVSBOX=${1:?usage: $0 LVSBOX}
. "$(dirname "$0")/vrrp_lib.sh"
vrrp_begin
VIP_ADDED=10.9.0.101
VIP_OTHER=10.9.0.150

# has NODE ADDR: ADDR is on NODE's interface.
has()
{
	eval ns=\$NS_$1
	ip -n "$ns" -o addr show dev "eth$1" | grep -q " $2/"
}

# wait_for NODE ADDR yes|no SECONDS
wait_for()
{
	i=0
	while [ $i -lt $(($4 * 10)) ]; do
		if has "$1" "$2"; then [ "$3" = yes ] && return 0; else [ "$3" = no ] && return 0; fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# conf NODE PRIORITY [VIP-LINES [A-EXTRA]]: VI_1 (v3, 0.5 s adverts); A-EXTRA
# follows the instance (another instance).
conf()
{
	vrrp_conf "$1" "$2" 3 mcast 4
	if [ -n "${3:-}" ]; then
		sed -i "s|^$VIP4/24\$|$VIP4/24\n$3|" "$tmp/$1.conf"
	fi
	printf '%s\n' "${4:-}" >>"$tmp/$1.conf"
}

reload_a()
{
	kill -HUP "$PID_A"
	sleep 0.5
}

cat >"$tmp/notify.sh" <<EOS
#!/bin/sh
echo "\$*" >>$tmp/notified
EOS
chmod 755 "$tmp/notify.sh"
other_instance="vrrp_instance VI_2 {
  interface ethA
  virtual_router_id 52
  priority 150
  advert_int 0.5
  notify $tmp/notify.sh
  virtual_ipaddress {
    $VIP_OTHER/24
  }
}"

conf A 150
conf B 100
vrrp_start B debian
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || { vrrp_fail "A never became master"; cat "$tmp/A.log"; exit 1; }
sleep 1
vrrp_pid=$(cat "$tmp/A.vrrp.pid")

# Watch the VIP while A is reloaded: it must never leave A nor reach B.
(
	while [ ! -e "$tmp/stop_watch" ]; do
		vrrp_holds A || echo "A lost the VIP at $(now)" >>"$tmp/watch"
		vrrp_holds B && echo "B held the VIP at $(now)" >>"$tmp/watch"
		sleep 0.05
	done
) &
watcher=$!

# An address added to both nodes: on the master only.
conf A 150 "$VIP_ADDED/24"
conf B 100 "$VIP_ADDED/24"
kill -HUP "$PID_B"
reload_a
wait_for A "$VIP_ADDED" yes 3 || vrrp_fail "the added virtual_ipaddress did not appear on the master"
sleep 2
has B "$VIP_ADDED" && vrrp_fail "the added virtual_ipaddress appeared on the backup"

# Configs that cannot be used change nothing.
cp "$tmp/A.conf" "$tmp/A.good"
echo "vrrp_instance broken {" >>"$tmp/A.conf"
reload_a
sed -i 's/interface ethA/interface nosuchif0/' "$tmp/A.good"
cp "$tmp/A.good" "$tmp/A.conf"
sed -i "/$VIP_ADDED/d" "$tmp/A.conf"
reload_a
sleep 1
has A "$VIP_ADDED" || vrrp_fail "a config with a missing interface changed the addresses"
grep -q "not usable - nothing changed" "$tmp/A.log" || vrrp_fail "the unbalanced config was not refused"
grep -q "nosuchif0.*nothing changed" "$tmp/A.log" || vrrp_fail "the missing interface did not refuse the reload"

# The address removed again from both.
conf A 150
conf B 100
kill -HUP "$PID_B"
reload_a
wait_for A "$VIP_ADDED" no 3 || vrrp_fail "the removed virtual_ipaddress stayed on the master"

# An added instance starts (nobody else has VRID 52: it becomes master).
conf A 150 "" "$other_instance"
reload_a
wait_for A "$VIP_OTHER" yes 5 || vrrp_fail "the added instance did not start and take its VIP"
grep -q "INSTANCE VI_2 MASTER" "$tmp/notified" 2>/dev/null || vrrp_fail "the added instance did not notify MASTER"

# A removed one drops its address and notifies as deleted (FAULT).
conf A 150
reload_a
wait_for A "$VIP_OTHER" no 3 || vrrp_fail "the removed instance left its VIP"
grep -q "INSTANCE VI_2 FAULT" "$tmp/notified" 2>/dev/null || vrrp_fail "the removed instance did not notify FAULT"

touch "$tmp/stop_watch"
wait "$watcher"
if [ -s "$tmp/watch" ]; then
	vrrp_fail "mastership moved during the reloads:"
	head -5 "$tmp/watch"
fi
[ "$(cat "$tmp/A.vrrp.pid" 2>/dev/null)" = "$vrrp_pid" ] || vrrp_fail "the VRRP process was restarted"
[ "$(grep -c '(VI_1) Entering MASTER STATE' "$tmp/A.log")" = 1 ] || vrrp_fail "VI_1 entered MASTER more than once"

# Priority: below the backup's, the backup preempts; back up, A preempts.
conf A 50
reload_a
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "a lower priority did not hand the VIP to the backup"
sleep 1
vrrp_holds A && vrrp_fail "A kept the VIP at priority 50"
conf A 150
reload_a
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "the restored priority did not preempt"

vrrp_end "vrrp reload"
