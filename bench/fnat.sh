# Benchmark (guest script; run with `tests/vm/lab.sh run bench/fnat`): new
# TCP connections per second and UDP datagrams per second through one
# virtual service with two real servers, on the stock ip_vs with NAT and on
# our ip_vs_fnat with full NAT: same topology, same load generator
# (tests/vm/tools/lbload.c), same boot; prints the ratios.
. /lab/lib.sh

SECS=10
VIP=10.0.100.1

lab_director
lab_host client 1
ip addr add "$VIP/32" dev lo
ip addr add 10.0.200.1/32 dev lo
ip addr add 10.0.200.2/32 dev lo
for i in 1 2; do
	lab_host "rs$i" $((i + 1))
	in_ns "rs$i" lbload tcp-sink 80 &
	in_ns "rs$i" udpprobe serve 53 "rs$i" &
done
sleep 1

# service KERNEL FWD: the TCP and the UDP service, real servers by FWD.
service() {
	for proto in -t -u; do
		port=80
		[ $proto = -u ] && port=53
		$IPVSADM -A $proto "$VIP:$port" -s rr || fail "$1: cannot add the service"
		for i in 1 2; do
			$IPVSADM -a $proto "$VIP:$port" -r "10.0.$((i + 1)).2:$port" "$2" ||
				fail "$1: cannot add rs$i"
		done
		[ "$1" = stock ] && continue
		$IPVSADM -P $proto "$VIP:$port" -z 10.0.200.1 || fail "cannot add a local address"
		$IPVSADM -P $proto "$VIP:$port" -z 10.0.200.2 || fail "cannot add a local address"
	done
}

# measure KERNEL: one run of each load, recorded as "KERNEL.tcp N" lines.
measure() {
	tcp=$(in_ns client lbload tcp-rate "$VIP:80" $SECS 64) || fail "$1: no TCP connection made"
	echo "$1 tcp: $tcp"
	udp=$(in_ns client lbload udp-rate "$VIP:53" $SECS 32) || fail "$1: no UDP answer"
	echo "$1 udp: $udp"
	echo "$1.tcp ${tcp%% *}" >>/tmp/r
	echo "$1.udp ${udp%% *}" >>/tmp/r
}

: >/tmp/r
service stock -m
measure stock
$IPVSADM -C
lab_fnat_mode
service fnat --fullnat
measure fnat
$IPVSADM -Ln --stats | head -4

awk '{ v[$1] = $2 }
END {
	printf "%-22s %12s %12s %8s\n", "load", "stock NAT", "fnat", "ratio"
	printf "%-22s %12d %12d %7.2fx\n", "TCP connections/s", v["stock.tcp"], v["fnat.tcp"],
	       (v["stock.tcp"] > 0 ? v["fnat.tcp"] / v["stock.tcp"] : 0)
	printf "%-22s %12d %12d %7.2fx\n", "UDP datagrams/s", v["stock.udp"], v["fnat.udp"],
	       (v["stock.udp"] > 0 ? v["fnat.udp"] / v["stock.udp"] : 0)
}' /tmp/r
