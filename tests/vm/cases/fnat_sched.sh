# The schedulers sh, dh and lblc and the overload flag (-x), on the stock
# ip_vs and then on ip_vs_fnat in the same boot: the same scenario on
# both, checked on both, and its record (which server each client or
# destination got) identical, since sh and dh build and hash their tables
# as the stock ones do. Six clients c1..c6 share 10.0.1.0/24 (c2..c6 on
# their own veths, by host routes); three real servers; NAT.
. /lab/lib.sh

VIP=10.0.100.1
lab_director
lab_host c1 1
for n in 2 3 4 5 6; do
	lab_peer "c$n" "10.0.1.$((n + 1))"
done
for i in 1 2 3; do
	lab_host "rs$i" $((i + 1))
	lab_httpd "rs$i"
done
for v in 1 2 3 4 5 6; do
	ip addr add "10.0.100.$v/32" dev lo
done

# service ADDR:PORT SCHED [OPTIONS]: a NAT service on the three servers.
service() {
	addr=$1
	shift
	$REF_IPVSADM -A -t "$addr" "$@"
	for i in 1 2 3; do
		$REF_IPVSADM -a -t "$addr" -r "10.0.$((i + 1)).2:80" -m
	done
}

# one NS URL COUNT: the one server that answered all COUNT requests.
one() {
	t=$(tally "$1" "$2" "$3")
	case $t in
	*"
"*) echo "several: $t" | tr '\n' ' ' ;;
	*" $3") echo "${t% *}" ;;
	*) echo "partly: $t" ;;
	esac
}

scenario() {
	$REF_IPVSADM -C
	service "$VIP:80" -s sh
	seen=
	for n in 1 2 3 4 5 6; do
		s=$(one "c$n" "http://$VIP/" 4)
		echo "sh: c$n -> $s"
		case $s in rs?) ;; *) fail "sh: c$n is not kept on one server: $s" ;; esac
		seen="$seen$s
"
	done
	used=$(printf %s "$seen" | sort -u | wc -l)
	[ "$used" -ge 2 ] || fail "sh: six clients all on one server"
	echo "ok: sh keeps each client on one server, six clients on $used servers"

	# sh-fallback: the client's server at weight 0 sends it to another.
	s1=$(one c1 "http://$VIP/" 1)
	$REF_IPVSADM -e -t "$VIP:80" -r "10.0.$((${s1#rs} + 1)).2:80" -m -w 0
	check "sh: c1's server at weight 0 leaves c1 without one" "(no answer) 1" \
		"$(tally c1 "http://$VIP/" 1)"
	$REF_IPVSADM -E -t "$VIP:80" -s sh -b sh-fallback
	s=$(one c1 "http://$VIP/" 3)
	echo "sh-fallback: c1 -> $s"
	case $s in rs?) [ "$s" != "$s1" ] ;; *) false ;; esac ||
		fail "sh-fallback: c1 is not moved to one other server: $s"
	echo "ok: sh-fallback moves c1 to another server"
	# sh-port: the client's port counts too, so one client spreads.
	$REF_IPVSADM -E -t "$VIP:80" -s sh -b sh-port
	$REF_IPVSADM -e -t "$VIP:80" -r "10.0.$((${s1#rs} + 1)).2:80" -m -w 1
	t=$(tally c1 "http://$VIP/" 12)
	[ "$(echo "$t" | wc -l)" -ge 2 ] || fail "sh-port: c1 stays on one server: $t"
	echo "ok: sh-port spreads one client over servers"

	# dh: by destination address, whoever the client.
	$REF_IPVSADM -C
	for v in 1 2 3 4 5 6; do
		service "10.0.100.$v:80" -s dh
	done
	seen=
	for v in 1 2 3 4 5 6; do
		s=$(one "c$v" "http://10.0.100.$v/" 2)
		check "dh: 10.0.100.$v from another client" "$s" \
			"$(one "c$((v % 6 + 1))" "http://10.0.100.$v/" 2)"
		echo "dh: 10.0.100.$v -> $s"
		seen="$seen$s
"
	done
	used=$(printf %s "$seen" | sort -u | wc -l)
	[ "$used" -ge 2 ] || fail "dh: six destinations all on one server"
	echo "ok: dh keeps each destination on one server, six on $used servers"

	# lblc: a destination stays on the server wlc first gave it, where
	# plain wlc spreads the same requests.
	$REF_IPVSADM -C
	service "$VIP:80" -s lblc
	service "10.0.100.2:80" -s wlc
	s=$(one c1 "http://$VIP/" 6)
	echo "lblc: $VIP -> $s"
	case $s in rs?) ;; *) fail "lblc: $VIP is not kept on one server: $s" ;; esac
	check "lblc: from other clients too" "$s" "$(one c4 "http://$VIP/" 3)"
	t=$(tally c1 "http://10.0.100.2/" 6)
	[ "$(echo "$t" | wc -l)" -ge 2 ] || fail "wlc does not spread: $t"
	echo "ok: lblc keeps a destination on one server; wlc spreads"

	# -x: a server at its upper threshold takes no new connections. A port
	# not used before: the servers of a service deleted and added again
	# come back from the kernel's trash with their connections counted,
	# and rs1's many closed ones would overload it by themselves.
	$REF_IPVSADM -C
	$REF_IPVSADM -A -t "$VIP:8080" -s rr
	$REF_IPVSADM -a -t "$VIP:8080" -r 10.0.3.2:80 -m
	$REF_IPVSADM -a -t "$VIP:8080" -r 10.0.2.2:80 -m -x 1
	(sleep 20 | in_ns c1 nc "$VIP" 8080 >/dev/null 2>&1) &
	rs1_conns() { $REF_IPVSADM -Ln -t "$VIP:8080" | awk '$2 == "10.0.2.2:80" { print $5, $6 }'; }
	wait_check "rs1 holds one connection, active, and no other" "1 0" rs1_conns
	check "-x 1: rs1 holds one connection and gets no more" "rs2 4" \
		"$(tally c2 "http://$VIP:8080/" 4)"
	$REF_IPVSADM -C
}

ip link set lo up
lab_stock_vs_fnat schedules
rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
