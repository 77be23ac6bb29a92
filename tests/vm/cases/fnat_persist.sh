# Persistence (-p, -M) and the sysctls expire_quiescent_template and
# expire_nodest_conn, on the stock ip_vs and then on ip_vs_fnat in the same
# boot: the same scenario on both, checked on both, and its record (which
# server each client got, the PersistConn column, the template rows of
# /proc/net/ip_vs_conn without their Expires column) identical.
# Two clients share a /24 (c1, and c2 on its own veth by a host route),
# c3 is in another, c4 (marked 7 by tc) uses the firewall-mark service;
# NAT, so that the stock kernel carries it too.
. /lab/lib.sh

VIP=10.0.100.1
VIP0=10.0.100.2
VIPF=10.0.100.3
lab_director
lab_host c1 1
lab_peer c2 10.0.1.3
lab_host c3 5
# c4's packets arrive marked 7, for the firewall-mark service.
lab_peer c4 10.0.5.3
/usr/bin/tc qdisc add dev vc4 ingress
/usr/bin/tc filter add dev vc4 ingress matchall action skbedit mark 7
for i in 1 2; do
	lab_host "rs$i" $((i + 1))
	lab_httpd "rs$i"
	lab_httpd "rs$i" 8080
	in_ns "rs$i" udpprobe serve 53 "rs$i" &
	wait_listen "rs$i" udp 53
done
ip addr add "$VIP/32" dev lo
ip addr add "$VIP0/32" dev lo
ip addr add "$VIPF/32" dev lo

rs_addr() { echo "10.0.$((${1#rs} + 1)).2"; }
other() { if [ "$1" = rs1 ]; then echo rs2; else echo rs1; fi; }

# persist_conns SVC: "server PersistConn" per real server of SVC.
persist_conns() {
	$REF_IPVSADM -Ln --persistent-conn "$@" |
		awk '$1 == "->" && $2 != "RemoteAddress:Port" { print $2, $4 }' | sort
}

# The template rows of /proc/net/ip_vs_conn (client port 0), no Expires.
templates() {
	awk 'NR > 1 && $3 == "0000" { $9 = ""; print }' /proc/net/ip_vs_conn | sort
}

# established SERVER: established connections through VIP:8080 to
# SERVER's port 80 (the fetches of VIP:80 are not counted).
established() {
	awk -v rs="$(printf '%02X%02X%02X%02X' $(rs_addr "$1" | tr . ' '))" \
		'$4 == "0A006401" && $5 == "1F90" && $6 == rs && $7 == "0050" && $8 == "ESTABLISHED" { n++ } END { print n + 0 }' \
		/proc/net/ip_vs_conn
}

both_established() { echo "$(established rs1) $(established rs2)"; }

# client_of SERVER: c1 or c3, whichever holds the long connection to
# SERVER through VIP:8080 (the fetches of VIP:80 just before may still
# be listed as established to the same server).
client_of() {
	from=$(awk -v rs="$(printf '%02X%02X%02X%02X' $(rs_addr "$1" | tr . ' '))" \
		'$4 == "0A006401" && $5 == "1F90" && $6 == rs && $7 == "0050" && $8 == "ESTABLISHED" { print $2 }' \
		/proc/net/ip_vs_conn)
	if [ "$from" = 0A000102 ]; then echo c1; else echo c3; fi
}

# unacked CLIENT: the send queue (hex) of CLIENT's established
# connection to VIP:8080 (its fetches of VIP:8080 before left sockets in
# TIME_WAIT, listed with an empty queue).
unacked() {
	in_ns "$1" cat /proc/net/tcp |
		awk '$3 == "0164000A:1F90" && $4 == "01" { split($5, q, ":"); print q[1] }'
}

scenario() {
	$REF_IPVSADM -C
	$REF_IPVSADM --set 900 120 3
	$REF_IPVSADM -A -t "$VIP:80" -s rr -p 60 -M 255.255.255.0
	$REF_IPVSADM -A -t "$VIP:8080" -s rr
	$REF_IPVSADM -A -t "$VIP0:0" -s rr -p 60
	$REF_IPVSADM -A -u "$VIP:53" -s rr -p 4
	$REF_IPVSADM -A -f 7 -s rr -p 60
	for i in 1 2; do
		a=$(rs_addr "rs$i")
		$REF_IPVSADM -a -t "$VIP:80" -r "$a:80" -m
		$REF_IPVSADM -a -t "$VIP:8080" -r "$a:80" -m
		$REF_IPVSADM -a -t "$VIP0:0" -r "$a" -m
		$REF_IPVSADM -a -u "$VIP:53" -r "$a:53" -m
		$REF_IPVSADM -a -f 7 -r "$a:0" -m
	done

	t1=$(tally c1 "http://$VIP/" 8)
	s1=${t1%% *}
	echo "c1: $t1"
	check "c1 stays on one server" "$s1 8" "$t1"
	check "c2, in c1's /24, goes where c1 goes" "$s1 8" "$(tally c2 "http://$VIP/" 8)"
	s3=$(other "$s1")
	check "c3, in another /24, stays on the next server" "$s3 8" "$(tally c3 "http://$VIP/" 8)"
	check "the service without persistence spreads" "rs1 4
rs2 4" "$(tally c1 "http://$VIP:8080/" 8)"
	check "one template per /24 and server" "$(rs_addr rs1):80 1
$(rs_addr rs2):80 1" "$(persist_conns -t "$VIP:80")"
	p80=$(fetch c3 "http://$VIP0/")
	check "a port-0 service keeps a client across ports" "$p80 $p80 $p80" \
		"$(fetch c3 "http://$VIP0:8080/") $(fetch c3 "http://$VIP0/") $(fetch c3 "http://$VIP0:8080/")"
	pf=$(fetch c4 "http://$VIPF/")
	check "a firewall-mark service keeps a client across ports" "$pf $pf $pf" \
		"$(fetch c4 "http://$VIPF:8080/") $(fetch c4 "http://$VIPF/") $(fetch c4 "http://$VIPF:8080/")"
	echo "templates:"
	templates

	# A quiescent server keeps its clients, unless expire_quiescent_template.
	$REF_IPVSADM -e -t "$VIP:80" -r "$(rs_addr "$s1"):80" -m -w 0
	check "weight 0: c1 still goes to its server" "$s1 4" "$(tally c1 "http://$VIP/" 4)"
	sysctl -q -w net.ipv4.vs.expire_quiescent_template=1
	check "weight 0 with expire_quiescent_template: c1 moves" "$s3 4" \
		"$(tally c1 "http://$VIP/" 4)"
	sysctl -q -w net.ipv4.vs.expire_quiescent_template=0
	$REF_IPVSADM -e -t "$VIP:80" -r "$(rs_addr "$s1"):80" -m -w 1
	# A removed server's template sends no one there.
	$REF_IPVSADM -d -t "$VIP:80" -r "$(rs_addr "$s3"):80"
	check "c3's server removed: c3 moves" "$s1 4" "$(tally c3 "http://$VIP/" 4)"

	# A template lives while its connection does, then for its timeout.
	u=$(in_ns c1 udpprobe ask "$VIP:53" 3)
	echo "udp: ${u%% *}"
	check "a UDP template while its connection lives" 1 \
		"$(templates | grep -c '^UDP 0A000102 0000 0A006401 0035')"
	udp_templates() { templates | grep -c '^UDP '; }
	wait_check "the UDP template expired after the connection and 4 s" 0 udp_templates
	check "no PersistConn left on the UDP service" "$(rs_addr rs1):53 0
$(rs_addr rs2):53 0" "$(persist_conns -u "$VIP:53")"

	# expire_nodest_conn: off, a removed server's connection is kept; on,
	# removed servers' connections are expired. c1 and c3 each hold a
	# connection, and a fifo for what they send later.
	for c in c1 c3; do
		rm -f "/tmp/$c.in"
		mkfifo "/tmp/$c.in"
		(in_ns "$c" timeout 60 nc "$VIP" 8080 <"/tmp/$c.in" >/dev/null 2>&1) &
	done
	exec 7>/tmp/c1.in 8>/tmp/c3.in
	wait_check "two long connections, one per server" "1 1" both_established
	$REF_IPVSADM -d -t "$VIP:8080" -r "$(rs_addr rs1):80"
	# Half a request on rs1's connection, so that the director handles a
	# packet of it: the stock ip_vs drops it (the client sends it again),
	# ip_vs_fnat carries it (rs1 acknowledges it; lvsbox(8)).
	c=$(client_of rs1)
	out0=$(tcp_stat "$c" OutSegs)
	re0=$(tcp_stat "$c" RetransSegs)
	if [ "$c" = c1 ]; then printf 'GET / HTTP/1.0\r\n' >&7; else printf 'GET / HTTP/1.0\r\n' >&8; fi
	if lsmod | grep -q '^ip_vs_fnat '; then
		handled() { [ "$(tcp_stat "$c" OutSegs)" -gt "$out0" ] && [ "$(unacked "$c")" = 00000000 ]; }
	else
		handled() { [ "$(tcp_stat "$c" RetransSegs)" -gt "$re0" ]; }
	fi
	i=0
	until handled; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "no packet of rs1's connection (from $c) was handled"
		sleep 0.1
	done
	check "expire_nodest_conn=0: rs1's connection is kept after a packet of it came" "1 1" \
		"$(both_established)"
	exec 7>&- 8>&-
	sysctl -q -w net.ipv4.vs.expire_nodest_conn=1
	$REF_IPVSADM -d -t "$VIP:8080" -r "$(rs_addr rs2):80"
	wait_check "expire_nodest_conn=1: removed servers' connections expire" "0 0" both_established
	sysctl -q -w net.ipv4.vs.expire_nodest_conn=0
	# The clients' ends of those connections stay open (no reset reaches
	# them): they must not be there when the scenario runs again, or
	# unacked would read their queues too.
	for c in c1 c3; do
		pids=$(ip netns pids "$c")
		# timeout may take its nc with it before nc's own signal comes.
		[ -z "$pids" ] || kill $pids 2>/dev/null
		polled 50 test -z "$(ip netns pids "$c")" || fail "$c's nc does not end"
	done
	$REF_IPVSADM -C
}

ip link set lo up
lab_stock_vs_fnat persists
check "ip_vs_fnat's sysctls" "expire_nodest_conn
expire_quiescent_template" "$(ls /proc/sys/net/ipv4/vs)"
rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
