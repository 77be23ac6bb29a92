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
# No clock stands in for a wait: each reload is over when our VRRP process
# logs its end ("Reload finished" or "... reload refused, nothing
# changed"), and what must not happen after it is watched until the
# backup has received three more of the master's adverts (1.5 s: its
# master-down timer, 3 adverts + skew, would have run out without them).
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

lacks() { ! has "$@"; }

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

# reload_a finished|refused: A reloaded, and ended as expected.
reload_a()
{
	if ! ended=$(vrrp_reload A); then
		vrrp_fail "a reload never ended"
		return
	fi
	case "$1:$ended" in
	finished:*"Reload finished" | refused:*"reload refused, nothing changed") ;;
	*) vrrp_fail "expected the reload $1, got: $ended" ;;
	esac
}

# settled: B has received three more adverts of A at 150 (the window
# after a reload in which nothing may move).
settled()
{
	n=$(($(vrrp_adverts B "51 150") + 3))
	vrrp_until 10 vrrp_adverts_reach B $n "51 150" || vrrp_fail "B stopped receiving A's adverts at 150"
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
vrrp_watch_adverts B
vrrp_start B debian
vrrp_start A ours
vrrp_wait_holder A 10 >/dev/null || { vrrp_fail "A never became master"; cat "$tmp/A.log"; exit 1; }
# B started first and may have been master for a moment: until it has
# let the VIP go and heard A, before anything is watched.
vrrp_until 10 lacks B "$VIP4" || vrrp_fail "B kept the VIP"
settled
vrrp_pid=$(cat "$tmp/A.vrrp.pid")
b_masters=$(vrrp_said B "(VI_1) Entering MASTER STATE")

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
reload_a finished
has A "$VIP_ADDED" || vrrp_fail "the added virtual_ipaddress did not appear on the master with the reload"
vrrp_until 10 grep -q "Reload complete" "$tmp/B.log" || vrrp_fail "B did not reload"
settled
has B "$VIP_ADDED" && vrrp_fail "the added virtual_ipaddress appeared on the backup"

# Configs that cannot be used change nothing.
cp "$tmp/A.conf" "$tmp/A.good"
echo "vrrp_instance broken {" >>"$tmp/A.conf"
reload_a refused
grep -q "Configuration $tmp/A.conf not usable - nothing changed" "$tmp/A.log" ||
	vrrp_fail "the unbalanced config was not refused for what it is"
sed -i 's/interface ethA/interface nosuchif0/' "$tmp/A.good"
cp "$tmp/A.good" "$tmp/A.conf"
sed -i "/$VIP_ADDED/d" "$tmp/A.conf"
reload_a refused
grep -q "nosuchif0.* - reload refused, nothing changed" "$tmp/A.log" ||
	vrrp_fail "the missing interface did not refuse the reload"
settled
has A "$VIP_ADDED" || vrrp_fail "a config with a missing interface changed the addresses"

# The address removed again from both.
conf A 150
conf B 100
kill -HUP "$PID_B"
reload_a finished
lacks A "$VIP_ADDED" || vrrp_fail "the removed virtual_ipaddress stayed on the master after the reload"

# An added instance starts (nobody else has VRID 52: it becomes master
# after its master-down timer).
conf A 150 "" "$other_instance"
reload_a finished
vrrp_until 10 has A "$VIP_OTHER" || vrrp_fail "the added instance did not start and take its VIP"
vrrp_until 10 grep -q "INSTANCE VI_2 MASTER" "$tmp/notified" || vrrp_fail "the added instance did not notify MASTER"

# A removed one drops its address and notifies as deleted (FAULT).
conf A 150
reload_a finished
lacks A "$VIP_OTHER" || vrrp_fail "the removed instance left its VIP after the reload"
vrrp_until 10 grep -q "INSTANCE VI_2 FAULT" "$tmp/notified" || vrrp_fail "the removed instance did not notify FAULT"
settled

touch "$tmp/stop_watch"
wait "$watcher"
if [ -s "$tmp/watch" ]; then
	vrrp_fail "mastership moved during the reloads:"
	head -5 "$tmp/watch"
fi
[ "$(cat "$tmp/A.vrrp.pid" 2>/dev/null)" = "$vrrp_pid" ] || vrrp_fail "the VRRP process was restarted"
[ "$(vrrp_said A "(VI_1) Entering MASTER STATE")" = 1 ] || vrrp_fail "VI_1 entered MASTER more than once"
vrrp_says B "(VI_1) Entering MASTER STATE" "$b_masters" && vrrp_fail "the backup became master during the reloads"
grep -qx "51 0" "$tmp/B.adverts" && vrrp_fail "A resigned VI_1 (priority 0) during the reloads"

# Priority: below the backup's, the backup preempts; back up, A preempts.
conf A 50
reload_a finished
vrrp_wait_holder B 10 >/dev/null || vrrp_fail "a lower priority did not hand the VIP to the backup"
vrrp_until 10 lacks A "$VIP4" || vrrp_fail "A kept the VIP at priority 50"
conf A 150
reload_a finished
vrrp_wait_holder A 10 >/dev/null || vrrp_fail "the restored priority did not preempt"
vrrp_until 10 lacks B "$VIP4" || vrrp_fail "B kept the VIP after A preempted"

vrrp_end "vrrp reload"
