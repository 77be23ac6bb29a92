# Helpers for lab guest scripts (sourced). The root namespace is the
# director; every other host is a network namespace joined to it by a veth
# pair on its own /24: 10.0.N.1 on the director side, 10.0.N.2 inside.

# busybox sh prefers its own ip applet, which has no netns or veth.
ip() { /usr/bin/ip "$@"; }

REF_IPVSADM=/oracle/bin/ipvsadm
REF_KEEPALIVED=/oracle/bin/keepalived

# Ours, always: a test never falls back to the peer it is compared with.
IPVSADM=/usr/sbin/ipvsadm

fail() {
	echo "FAIL: $*"
	exit 1
}

# check WHAT EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then
		echo "ok: $1"
	else
		fail "$1: expected '$2', got '$3'"
	fi
}

# polled TENTHS COMMAND...: until COMMAND succeeds, tried every 0.1 s,
# TENTHS times more at most; false if it never did. Every wait below is
# one of these, bounded only to catch a hang.
polled() {
	_tries=$1
	shift
	until "$@"; do
		[ "$_tries" -gt 0 ] || return 1
		_tries=$((_tries - 1))
		sleep 0.1
	done
}

# prints EXPECTED COMMAND...: COMMAND prints EXPECTED.
prints() {
	_want=$1
	shift
	[ "$("$@")" = "$_want" ]
}

# wait_check WHAT EXPECTED COMMAND...: until COMMAND prints EXPECTED (20 s
# at most), then check's verdict on what it prints.
wait_check() {
	what=$1 want=$2
	shift 2
	polled 200 prints "$want" "$@"
	check "$what" "$want" "$("$@")"
}

# listening NS tcp|udp PORT: a socket in NS is bound to PORT (IPv4 or IPv6).
listening() {
	in_ns "$1" cat "/proc/net/$2" "/proc/net/${2}6" 2>/dev/null |
		awk -v p="$(printf ':%04X ' "$3")" 'index($2 " ", p) { f = 1 } END { exit !f }'
}

# wait_listen NS tcp|udp PORT: until a server in NS listens on PORT; fails
# after 20 s.
wait_listen() {
	polled 200 listening "$@" || fail "nothing listens on $2 port $3 in $1"
}

# uptime_s: seconds since boot, to the hundredth; since T0: seconds from T0.
uptime_s() { cut -d ' ' -f 1 /proc/uptime; }
since() { echo "$1 $(uptime_s)" | awk '{ printf "%.2f", $2 - $1 }'; }

# tcp_stat NS FIELD: the counter FIELD (OutSegs, RetransSegs, OutRsts...)
# of the Tcp lines of NS's /proc/net/snmp.
tcp_stat() {
	in_ns "$1" cat /proc/net/snmp | awk -v f="$2" '
		$1 == "Tcp:" && !names { for (i = 2; i <= NF; i++) col[$i] = i; names = 1; next }
		$1 == "Tcp:" { print $col[f] }'
}

# lab_host NAME N: namespace NAME at 10.0.N.2, default route via the director.
lab_host() {
	ip netns add "$1"
	ip link add "v$1" type veth peer name eth0 netns "$1"
	ip addr add "10.0.$2.1/24" dev "v$1"
	ip link set "v$1" up
	ip -n "$1" link set lo up
	ip -n "$1" addr add "10.0.$2.2/24" dev eth0
	ip -n "$1" link set eth0 up
	ip -n "$1" route add default via "10.0.$2.1"
}

# lab_peer NAME ADDR: a host at ADDR in the /24 of an existing lab_host,
# on its own veth pair, which the director reaches by a host route.
lab_peer() {
	ip netns add "$1"
	ip link add "v$1" type veth peer name eth0 netns "$1"
	ip link set "v$1" up
	ip route add "$2/32" dev "v$1"
	ip -n "$1" link set lo up
	ip -n "$1" addr add "$2/24" dev eth0
	ip -n "$1" link set eth0 up
	ip -n "$1" route add default via "${2%.*}.1"
}

in_ns() {
	ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# lab_director: forwards between the hosts, as an LVS director must.
lab_director() {
	sysctl -q -w net.ipv4.ip_forward=1
	sysctl -q -w net.ipv4.vs.conntrack=0 2>/dev/null || true
}

# lab_httpd NAME [PORT]: an HTTP server in NAME whose page is its own name.
lab_httpd() {
	mkdir -p "/tmp/www-$1"
	echo "$1" >"/tmp/www-$1/index.html"
	in_ns "$1" httpd -p "${2:-80}" -h "/tmp/www-$1"
}

# lab_web_pair: the director, a client at 10.0.1.2 and two real servers,
# rs1 at 10.0.2.2 and rs2 at 10.0.3.2, serving HTTP on port 80.
lab_web_pair() {
	lab_director
	lab_host client 1
	lab_host rs1 2
	lab_host rs2 3
	lab_httpd rs1
	lab_httpd rs2
}

# lab_dr_rs NAME VIP: make NAME a direct-routing real server for VIP.
lab_dr_rs() {
	ip -n "$1" addr add "$2/32" dev lo
	in_ns "$1" sysctl -q -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
	in_ns "$1" sysctl -q -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
}

# fetch NS URL: the page body, or nothing after 5 s.
fetch() {
	in_ns "$1" timeout 5 wget -q -O - "$2" 2>/dev/null
}

# tally NS URL COUNT: "name count" lines, one per server that answered.
tally() {
	i=0
	while [ $i -lt "$3" ]; do
		fetch "$1" "$2" || echo "(no answer)"
		i=$((i + 1))
	done | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2 \1/'
}

# wait_log FILE PATTERN N: until FILE has N lines matching PATTERN; fails
# (showing FILE) after 20 s.
wait_log() {
	polled 200 logged_times "$@" || { cat "$1"; fail "no '$2' #$3 in $1"; }
}

# logged_times FILE PATTERN N: FILE has N lines matching PATTERN (a FILE
# not yet written has none).
logged_times() {
	[ "$(grep -c "$2" "$1" 2>/dev/null || :)" -ge "$3" ] 2>/dev/null
}

# lab_marker_script PATH FILE: an executable PATH that appends its
# arguments as one line to FILE (emptied now), for keepalived's scripts.
lab_marker_script() {
	mkdir -p "${1%/*}"
	printf '#!/bin/sh\necho "$*" >>%s\n' "$2" >"$1"
	chmod 755 "$1"
	: >"$2"
}

# lab_stop PID: SIGTERM to PID, then until it has ended; fails after 10 s.
lab_stop() {
	kill -TERM "$1"
	polled 100 ended "$1" || fail "process $1 did not stop"
}

# ended PID: no process PID is left.
ended() { ! kill -0 "$1" 2>/dev/null; }

# lab_dests VIP:PORT: "address:port weight" per destination of the TCP
# service, sorted.
lab_dests() {
	$IPVSADM -Ln -t "$1" | awk '$1 == "->" && $2 != "RemoteAddress:Port" { print $2, $4 }' | sort
}

# wait_dests VIP:PORT EXPECTED: until lab_dests says EXPECTED, 15 s at
# most (the caller checks); prints how many seconds it waited.
wait_dests() {
	t0=$(date +%s)
	polled 150 prints "$2" lab_dests "$1" || :
	echo $(($(date +%s) - t0))
}

# lab_laddrs -t|-u VIP:PORT: the service's local addresses, one
# "LIP conns conflicts" line each, from our ipvsadm -G (whose rows after
# its title and service line are "LADDR CONFLICTS CONNS").
lab_laddrs() {
	$IPVSADM -G "$@" | awk 'NR > 2 { print $1, $3, $2 }'
}

# lab_fnat_mode: swap the stock IPVS for our full-NAT module (kmod/fnat).
lab_fnat_mode() {
	ipvs-switch fnat >/dev/null || fail "ipvs-switch fnat failed"
}

# lab_fnat_director VIP LIP: our full-NAT module, a director with the
# virtual address VIP and the local address LIP, and a client at 10.0.1.2.
lab_fnat_director() {
	lab_fnat_mode
	lab_director
	lab_host client 1
	ip addr add "$1/32" dev lo
	ip addr add "$2/32" dev lo
}

# lab_fnat_rs NAME N LIP: a full-NAT real server at 10.0.N.2 whose only
# route is to the local address LIP, so it cannot answer the client.
lab_fnat_rs() {
	lab_host "$1" "$2"
	ip -n "$1" route del default
	ip -n "$1" route add "$3/32" via "10.0.$2.1"
}

# lab_stock_vs_fnat WHAT: runs the case's function scenario on the stock
# ip_vs, then on ip_vs_fnat (left loaded); it must pass its checks on both
# and print the same on both ("ip_vs_fnat WHAT as the stock ip_vs does").
lab_stock_vs_fnat() {
	echo "### stock ip_vs"
	(scenario) >/tmp/stock.txt 2>&1 ||
		{ cat /tmp/stock.txt; fail "the scenario fails on the stock ip_vs"; }
	cat /tmp/stock.txt
	lab_fnat_mode
	echo "### ip_vs_fnat"
	(scenario) >/tmp/fnat.txt 2>&1 ||
		{ cat /tmp/fnat.txt; fail "the scenario fails on ip_vs_fnat"; }
	cat /tmp/fnat.txt
	diff -u /tmp/stock.txt /tmp/fnat.txt ||
		fail "ip_vs_fnat differs from the stock ip_vs (- stock, + fnat)"
	echo "ok: ip_vs_fnat $1 as the stock ip_vs does"
}
