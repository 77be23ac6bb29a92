# Benchmark (guest script): new TCP connections per second and UDP
# datagrams per second from one client, with the same load generator
# (tests/vm/tools/lbload.c) and the same topology in one boot, through:
#   none           no load balancer: the client straight to rs1, routed by
#                  the director as every other packet is
#   stock NAT, DR  the kernel's ip_vs, one virtual service, rs1 and rs2
#   fnat NAT, DR, FULLNAT  our ip_vs_fnat, the same service (FULLNAT with
#                  two local addresses)
# ROUNDS rounds (default 5) of SECS s (default 10) per load, each round
# taking every path in turn, switching the module both ways with
# ipvs-switch; prints each median with its min and max, and the ratios of
# the medians.
#
#   tests/vm/lab.sh run bench/fnat [SECS=N] [ROUNDS=N]
. /lab/lib.sh
. /lab/bench/lib.sh

SECS=${SECS:-10}
VIP=10.0.100.1
MODES="none stock.nat stock.dr fnat.nat fnat.dr fnat.fullnat"

lab_director
lab_host client 1
ip addr add "$VIP/32" dev lo
ip addr add 10.0.200.1/32 dev lo
ip addr add 10.0.200.2/32 dev lo
for i in 1 2; do
	lab_host "rs$i" $((i + 1))
	lab_dr_rs "rs$i" "$VIP"
	# DR: the servers answer from the VIP, a local address of the
	# director too, which must forward their answers all the same.
	sysctl -q -w "net.ipv4.conf.vrs$i.rp_filter=0" "net.ipv4.conf.vrs$i.accept_local=1"
	in_ns "rs$i" lbload tcp-sink 80 &
	in_ns "rs$i" udpprobe serve 53 "rs$i" &
done
sysctl -q -w net.ipv4.conf.all.rp_filter=0

# answer_from_vip yes|no: whether the servers' replies (UDP's, from an
# unbound socket) leave from the VIP, as DR needs, or from their own
# address, as NAT and FULLNAT need.
answer_from_vip() {
	for i in 1 2; do
		if [ "$1" = yes ]; then
			ip -n "rs$i" route replace default via "10.0.$((i + 1)).1" src "$VIP"
		else
			ip -n "rs$i" route replace default via "10.0.$((i + 1)).1"
		fi
	done
}

# service MODE: the TCP and the UDP virtual service for MODE (stock.nat ...).
service() {
	case $1 in
	*.nat) fwd=-m ;;
	*.dr) fwd=-g ;;
	*.fullnat) fwd=--fullnat ;;
	esac
	for proto in -t -u; do
		port=80
		[ $proto = -u ] && port=53
		$IPVSADM -A $proto "$VIP:$port" -s rr || fail "$1: cannot add the service"
		for i in 1 2; do
			$IPVSADM -a $proto "$VIP:$port" -r "10.0.$((i + 1)).2:$port" $fwd ||
				fail "$1: cannot add rs$i"
		done
		[ "$fwd" = --fullnat ] || continue
		for lip in 10.0.200.1 10.0.200.2; do
			$IPVSADM -P $proto "$VIP:$port" -z $lip || fail "$1: cannot add a local address"
		done
	done
}

# measure MODE TARGET: one run of each load against TARGET.
measure() {
	tcp=$(in_ns client lbload tcp-rate "$2:80" "$SECS" 64) || fail "$1: no TCP connection made"
	udp=$(in_ns client lbload udp-rate "$2:53" "$SECS" 32) || fail "$1: no UDP answer"
	echo "round $r, $1: $tcp; $udp"
	sample "$1.tcp" "${tcp%% *}"
	sample "$1.udp" "${udp%% *}"
}

# through MODE: measure MODE through the VIP.
through() {
	case $1 in
	*.dr) answer_from_vip yes ;;
	esac
	service "$1"
	measure "$1" "$VIP"
	$IPVSADM -Ln --stats -t "$VIP:80" | awk '$1 == "TCP" { print "  kernel: " $3 " connections" }'
	$IPVSADM -C
	answer_from_vip no
}

echo "$ROUNDS rounds of $SECS s per load and path: $MODES"
every_path() {
	measure none 10.0.2.2
	through stock.nat
	through stock.dr
	lab_fnat_mode
	through fnat.nat
	through fnat.dr
	through fnat.fullnat
	ipvs-switch orig >/dev/null || fail "ipvs-switch orig failed"
}
each_round every_path

echo
echo "medians of $ROUNDS rounds (min–max):"
for load in tcp udp; do
	[ $load = tcp ] && echo "TCP connections/s (64 in flight):" || echo "UDP datagrams/s (32 flows):"
	for m in $MODES; do
		printf '  %-13s %s\n' "$m" "$(summary "$m.$load")"
	done
	echo "  ratios: fnat NAT / stock NAT $(ratio fnat.nat.$load stock.nat.$load)," \
		"fnat DR / stock DR $(ratio fnat.dr.$load stock.dr.$load)," \
		"fnat FULLNAT / stock NAT $(ratio fnat.fullnat.$load stock.nat.$load);" \
		"against none: stock NAT $(ratio stock.nat.$load none.$load), fnat FULLNAT $(ratio fnat.fullnat.$load none.$load)"
done
