# Shared by tests/host/vrrp_*_test.sh and bench/vrrp_failover.sh: two
# network namespaces (nodes A and B, 10.9.0.1 and .2) joined by a bridge in
# a third, a config writer, and starting, killing and watching keepalived
# (ours or Debian's 2.2.7) on each node, with the adverts a node receives
# counted from the wire. Source it; call vrrp_setup first (it sets the
# EXIT trap that removes everything).
#
# Needs: LVSBOX (our binary), root, `ip netns`, python3 (the advert counter).

VIP4=10.9.0.100
VIP6=fd00:9::100
DEBIAN=/usr/sbin/keepalived

# A test that cannot run here says so and exits 77, ctest's SKIP_RETURN_CODE.
vrrp_skip() { echo "SKIP: $*"; exit 77; }

vrrp_setup()
{
	[ "$(id -u)" -eq 0 ] || vrrp_skip "needs root (network namespaces)"
	ip netns add "vrrpT$$" 2>/dev/null || vrrp_skip "ip netns is unavailable"
	ip netns del "vrrpT$$"
	tmp=$(mktemp -d)
	# A copy, not a link: vrrp_stats_test.sh mounts a private /tmp, which
	# would hide a binary built in a checkout under /tmp.
	cp "$(readlink -f "$LVSBOX")" "$tmp/keepalived"
	NS_A=vrrpA$$ NS_B=vrrpB$$ NS_S=vrrpS$$
	# A signal ends the script (a trap alone would resume it after the
	# teardown); the exit runs the teardown.
	trap vrrp_teardown EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	for ns in $NS_A $NS_B $NS_S; do
		ip netns add "$ns"
		ip -n "$ns" link set lo up
		# Link-local IPv6 addresses at once: no duplicate detection wait.
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
	done
	ip -n "$NS_S" link add br0 type bridge
	ip -n "$NS_S" link set br0 up
	i=1
	for n in A B; do
		eval ns=\$NS_$n
		ip link add "eth$n" netns "$ns" type veth peer name "p$n" netns "$NS_S"
		ip -n "$NS_S" link set "p$n" master br0 up
		ip -n "$ns" addr add "10.9.0.$i/24" dev "eth$n"
		ip -n "$ns" link set "eth$n" up
		i=$((i + 1))
	done
}

# vrrp_begin: the start of a test against Debian's keepalived: skipped
# without it; the nodes set up; failures counted by vrrp_fail.
vrrp_begin()
{
	[ -x "$DEBIAN" ] || vrrp_skip "no Debian keepalived at $DEBIAN"
	vrrp_setup
	failures=0
}

vrrp_fail()
{
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# vrrp_end NAME: after failures, the nodes' logs and status 1; else "NAME: ok".
vrrp_end()
{
	if [ "$failures" -ne 0 ]; then
		for n in A B; do
			[ -e "$tmp/$n.log" ] || continue
			echo "--- $n.log"
			tail -40 "$tmp/$n.log"
		done
		exit 1
	fi
	echo "$1: ok"
}

vrrp_teardown()
{
	for n in A B; do vrrp_kill "$n" KILL; done
	for pid in ${WATCH_A:-} ${WATCH_B:-}; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	for ns in $NS_A $NS_B $NS_S; do ip netns del "$ns" 2>/dev/null; done
	rm -rf "$tmp"
}

# vrrp_conf NODE PRIORITY VERSION CAST FAMILY [EXTRA-LINES]: writes
# $tmp/NODE.conf. CAST: mcast|ucast; FAMILY: 4|6. v3 advertises every
# 0.5 s (a fraction), v2 every second.
vrrp_conf()
{
	node=$1 prio=$2 version=$3 cast=$4 family=$5 extra=${6:-}
	if [ "$node" = A ]; then peer=10.9.0.2; else peer=10.9.0.1; fi
	advert=1
	[ "$version" = 3 ] && advert=0.5
	vip=$VIP4/24
	[ "$family" = 6 ] && vip=$VIP6/64
	{
		echo "global_defs {;enable_script_security;script_user root;vrrp_version $version;}"
		echo "vrrp_instance VI_1 {"
		echo "  interface eth$node"
		echo "  virtual_router_id 51"
		echo "  priority $prio"
		echo "  advert_int $advert"
		[ "$version" = 2 ] && echo "  authentication {;auth_type PASS;auth_pass secret;}"
		[ "$cast" = ucast ] && echo "  unicast_peer {;$peer;}"
		echo "  virtual_ipaddress {;$vip;}"
		printf '%s\n' "$extra"
		echo "}"
	} | tr ';' '\n' >"$tmp/$node.conf"
}

# vrrp_start NODE ours|debian: keepalived in the foreground in NODE's namespace.
vrrp_start()
{
	node=$1 who=$2
	eval ns=\$NS_$node
	bin=$DEBIAN
	[ "$who" = ours ] && bin=$tmp/keepalived
	# Both fork a VRRP process (-R: never respawned), whose pid file tells
	# vrrp_kill which process is the master that dies.
	rm -f "$tmp/$node.vrrp.pid"
	# VRRP_WRAP: a command that runs it (vrrp_stats_test.sh: a private /tmp);
	# VRRP_DETAIL: -D unless set (vrrp_detail_test.sh: empty).
	ip netns exec "$ns" ${VRRP_WRAP:-} "$bin" -n -l ${VRRP_DETAIL--D} -R -P -f "$tmp/$node.conf" -p "$tmp/$node.pid" \
		-r "$tmp/$node.vrrp.pid" >>"$tmp/$node.log" 2>&1 &
	eval "PID_$node=$!"
}

# vrrp_kill NODE [SIGNAL]: TERM resigns cleanly; KILL is a dead master
# (its VIP stays on its dead interface, as after a crash).
vrrp_kill()
{
	eval pid=\${PID_$1:-}
	[ -n "$pid" ] || return 0
	# The VRRP child is the master that dies; the parent goes after it.
	if [ -s "$tmp/$1.vrrp.pid" ]; then
		kill -"${2:-TERM}" "$(cat "$tmp/$1.vrrp.pid")" 2>/dev/null
		rm -f "$tmp/$1.vrrp.pid"
	fi
	kill -"${2:-TERM}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	eval "PID_$1="
}

# vrrp_holds NODE: the VIP is on NODE's interface.
vrrp_holds()
{
	eval ns=\$NS_$1
	ip -n "$ns" -o addr show dev "eth$1" | grep -qE " ($VIP4|$VIP6)/"
}

# vrrp_drop_vip NODE: what a reboot of a killed node would do.
vrrp_drop_vip()
{
	eval ns=\$NS_$1
	ip -n "$ns" addr flush dev "eth$1" scope global 2>/dev/null
	ip -n "$ns" addr add "10.9.0.$([ "$1" = A ] && echo 1 || echo 2)/24" dev "eth$1"
}

now() { date +%s.%N; }

# vrrp_until SECONDS COMMAND...: runs COMMAND until it succeeds; fails
# after SECONDS, a bound that only catches a hang.
vrrp_until()
{
	end=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -le "$end" ] || return 1
		sleep 0.05
	done
}

# vrrp_watch_adverts NODE: from now on, each VRRP advert NODE's interface
# receives (the other node's) is a line in $tmp/NODE.adverts: its virtual
# router id and priority ("51 150"). Returns once the counter listens.
vrrp_watch_adverts()
{
	eval ns=\$NS_$1
	rm -f "$tmp/$1.adverts"
	ip netns exec "$ns" python3 -c '
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3)) # ETH_P_ALL
s.bind((sys.argv[1], 0))
out = open(sys.argv[2], "w", buffering=1)
while True:
    frame, addr = s.recvfrom(65536)
    if addr[2] == socket.PACKET_OUTGOING:
        continue
    if frame[12:14] == b"\x08\x00" and frame[23] == 112: # IPv4, protocol 112
        vrrp = frame[14 + (frame[14] & 15) * 4:]
    elif frame[12:14] == b"\x86\xdd" and frame[20] == 112: # IPv6, next header 112
        vrrp = frame[54:]
    else:
        continue
    out.write("%d %d\n" % (vrrp[1], vrrp[2]))
' "eth$1" "$tmp/$1.adverts" &
	eval "WATCH_$1=$!"
	vrrp_until 10 test -e "$tmp/$1.adverts"
}

# vrrp_said NODE TEXT: how many lines of NODE's log have TEXT (0 before
# the log exists, where grep -c of the file would print nothing).
vrrp_said() { cat "$tmp/$1.log" 2>/dev/null | grep -cF -- "$2"; }

# vrrp_says NODE TEXT N: more than N lines of NODE's log have TEXT.
vrrp_says() { [ "$(vrrp_said "$1" "$2")" -gt "$3" ]; }

# vrrp_reload_ends NODE: the lines by which our VRRP process on NODE has
# said that a reload is over, one per reload.
vrrp_reload_ends()
{
	grep -E 'Keepalived_vrrp\[[0-9]+\]: (Reload finished|.* - reload refused, nothing changed)$' "$tmp/$1.log"
}

vrrp_reloads_over() { [ "$(vrrp_reload_ends "$1" | wc -l)" -gt "$2" ]; }

# vrrp_reload NODE: SIGHUP to our keepalived on NODE; returns when its VRRP
# process has ended that reload, printing how ("Reload finished" or
# why it was refused); fails if it never ends.
vrrp_reload()
{
	eval pid=\$PID_$1
	ended=$(vrrp_reload_ends "$1" | wc -l)
	kill -HUP "$pid"
	vrrp_until 20 vrrp_reloads_over "$1" "$ended" || return 1
	vrrp_reload_ends "$1" | sed -n "$((ended + 1))p"
}

# vrrp_adverts NODE ["VRID PRIORITY"]: how many adverts NODE has received
# (of that router at that priority only, if given).
vrrp_adverts()
{
	if [ -n "${2:-}" ]; then
		grep -cx "$2" "$tmp/$1.adverts"
	else
		wc -l <"$tmp/$1.adverts"
	fi
}

# vrrp_adverts_reach NODE COUNT ["VRID PRIORITY"]: NODE has received COUNT adverts.
vrrp_adverts_reach() { [ "$(vrrp_adverts "$1" "${3:-}")" -ge "$2" ]; }

# vrrp_wait_holder NODE SECONDS: waits until NODE holds the VIP; prints the
# seconds it took; fails after SECONDS.
vrrp_wait_holder()
{
	start=$(now)
	while :; do
		if vrrp_holds "$1"; then
			echo "$(now) $start" | awk '{printf "%.3f\n", $1 - $2}'
			return 0
		fi
		if [ "$(echo "$(now) $start $2" | awk '{print ($1 - $2 > $3)}')" = 1 ]; then
			return 1
		fi
		sleep 0.02
	done
}

# RFC bound on failover: 3 intervals + skew ((256 - priority) / 256 of the
# interval for v3, of a second for v2).
vrrp_bound()
{
	version=$1 prio=$2
	awk -v v="$version" -v p="$prio" 'BEGIN {
		i = v == 3 ? 0.5 : 1; s = v == 3 ? i : 1
		printf "%.3f\n", 3 * i + (256 - p) / 256 * s }'
}
