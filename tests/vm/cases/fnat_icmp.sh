# ICMP errors of tracked connections, translated both ways. The client sits
# behind a router whose link to it carries 1400 bytes, while the client
# advertises an MSS of 1460 (as on an Ethernet behind that hop): a real
# server's full-size replies make the router send "fragmentation needed"
# to the virtual address, which must reach the real server, translated,
# or the transfer stalls (path MTU black hole). A real server with no
# listener answers a UDP query with "port unreachable", which must reach
# the client's connected socket as ECONNREFUSED. NAT and DR on the stock
# ip_vs and on ip_vs_fnat alike; then full NAT, where the real server
# talks to a local address only. icmpcatch checks what arrives byte for
# byte, checksums included; icmpforge sends broken errors, which must not
# pass (nor break anything).
. /lab/lib.sh

VIP=10.0.100.1
LIP=10.0.200.1
CLIENT=10.0.9.2
lab_director
lab_host router 1
lab_host rs1 2
lab_host rs2 3
in_ns router sysctl -q -w net.ipv4.ip_forward=1
ip netns add client
ip link add rclient netns router type veth peer name eth0 netns client
ip -n router addr add 10.0.9.1/24 dev rclient
ip -n router link set rclient mtu 1400 up
ip -n client link set lo up
ip -n client addr add "$CLIENT/24" dev eth0
ip -n client link set eth0 mtu 1400 up
ip -n client route add default via 10.0.9.1 advmss 1460
# The client's checksums are computed as it sends (a veth would leave
# them to an offload that never happens), so that quotes of its packets
# can be checked.
in_ns client offload eth0 tx off || fail "cannot turn tx checksumming off"
ip route add 10.0.9.0/24 via 10.0.1.2
ip addr add "$VIP/32" dev lo
ip addr add "$LIP/32" dev lo

dd if=/dev/urandom of=/tmp/big bs=1024 count=2048 2>/dev/null
lab_httpd rs1
lab_httpd rs2 81
cp /tmp/big /tmp/www-rs1/big
cp /tmp/big /tmp/www-rs2/big
in_ns rs1 udpprobe serve 5353 rs1 &
# rs2 is rs1's DR twin: it holds the VIP; its replies pass the director.
lab_dr_rs rs2 "$VIP"
sysctl -q -w net.ipv4.conf.vrs2.rp_filter=0 net.ipv4.conf.vrs2.accept_local=1
sysctl -q -w net.ipv4.conf.all.rp_filter=0
wait_listen rs1 udp 5353

# forget_pmtu NS: the host forgets the path MTUs it learnt (they hang
# off its default route).
forget_pmtu() {
	gw=$(ip -n "$1" route show default | awk '{ print $3 }')
	ip -n "$1" route del default
	ip -n "$1" route add default via "$gw"
}

# pmtu NS DST: the path MTU NS learnt towards DST, or "none".
pmtu() {
	in_ns "$1" ip route get "$2" | sed -n 's/.* mtu \([0-9]*\).*/\1/p' | grep . || echo none
}

# transfer WHAT URL: the 2 MB file through the 1400-byte hop, intact.
transfer() {
	rm -f /tmp/got
	in_ns client timeout 30 wget -q -O /tmp/got "$2" ||
		fail "$1: the 2 MB transfer through the 1400-byte hop stalled"
	check "$1: the 2 MB transfer through the 1400-byte hop is intact" \
		"$(md5sum </tmp/big)" "$(md5sum </tmp/got)"
}

# asked URL: udpprobe's exit status for one query from the client.
asked() {
	in_ns client udpprobe ask "$1" 3 >/dev/null 2>&1
	echo $?
}

# catching NS: icmpcatch waits in NS for the next ICMP error. caught
# WHAT EXPECTED: once it came, checks what icmpcatch printed (ephemeral
# ports as P).
catching() {
	in_ns "$1" icmpcatch 40 >/tmp/caught &
	catcher=$!
	wait_listen "$1" raw 1 # its raw ICMP socket is open
}

caught() {
	wait $catcher
	check "$1" "$2" "$(sed -E 's/:[0-9]{4,5} /:P /g' /tmp/caught)"
}

scenario() {
	$REF_IPVSADM -C
	$REF_IPVSADM -A -t "$VIP:80" -s rr
	$REF_IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -m
	$REF_IPVSADM -A -t "$VIP:81" -s rr
	$REF_IPVSADM -a -t "$VIP:81" -r 10.0.3.2:81 -g
	$REF_IPVSADM -A -u "$VIP:53" -s rr
	$REF_IPVSADM -a -u "$VIP:53" -r 10.0.2.2:5353 -m
	$REF_IPVSADM -A -u "$VIP:54" -s rr
	$REF_IPVSADM -a -u "$VIP:54" -r 10.0.2.2:5354 -m
	forget_pmtu rs1
	forget_pmtu rs2
	check "NAT: rs1 knows no path MTU to the client yet" none "$(pmtu rs1 $CLIENT)"
	transfer NAT "http://$VIP/big"
	check "NAT: rs1 learnt the hop's MTU from the translated error" 1400 "$(pmtu rs1 $CLIENT)"
	check "DR: rs2 knows no path MTU to the client yet" none "$(pmtu rs2 $CLIENT)"
	transfer DR "http://$VIP:81/big"
	check "DR: rs2 learnt the hop's MTU from the forwarded error" 1400 "$(pmtu rs2 $CLIENT)"
	check "NAT: a UDP query is answered" 0 "$(asked "$VIP:53")"
	check "NAT: a closed UDP port is refused at the client" 3 "$(asked "$VIP:54")"
}

lab_stock_vs_fnat "translates ICMP errors for NAT and DR"

# What the client gets is exact, checksums and all (the stock ip_vs leaves
# the quoted UDP checksum as it was).
catching client
check "NAT: a closed UDP port is refused at the client" 3 "$(asked "$VIP:54")"
caught "NAT: port unreachable, as the client sees it" \
	"3/3 $VIP > $CLIENT: UDP $CLIENT:P > $VIP:54 icmp=ok ip=ok l4=ok"

# Full NAT: rs1 answers the local address; what it learns is about it.
$IPVSADM -C
$IPVSADM -A -t "$VIP:82" -s rr
$IPVSADM -a -t "$VIP:82" -r 10.0.2.2:80 --fullnat
$IPVSADM -P -t "$VIP:82" -z "$LIP"
$IPVSADM -A -u "$VIP:53" -s rr
$IPVSADM -a -u "$VIP:53" -r 10.0.2.2:5353 --fullnat
$IPVSADM -P -u "$VIP:53" -z "$LIP"
$IPVSADM -A -u "$VIP:54" -s rr
$IPVSADM -a -u "$VIP:54" -r 10.0.2.2:5354 --fullnat
$IPVSADM -P -u "$VIP:54" -z "$LIP"
forget_pmtu rs1
check "FNAT: rs1 knows no path MTU to the local address yet" none "$(pmtu rs1 $LIP)"
catching rs1
transfer FNAT "http://$VIP:82/big"
caught "FNAT: fragmentation needed, as rs1 sees it" \
	"3/4 $LIP > 10.0.2.2: TCP 10.0.2.2:80 > $LIP:P icmp=ok ip=ok l4=part"
check "FNAT: rs1 learnt the hop's MTU, towards the local address" 1400 "$(pmtu rs1 $LIP)"
check "FNAT: rs1 learnt nothing about the client" none "$(pmtu rs1 $CLIENT)"
# With the director's own link to the router narrower still, the director
# says so itself: from the local address, about the reply as it came.
ip link set vrouter mtu 1300
forget_pmtu rs1
transfer "FNAT, a 1300-byte link at the director" "http://$VIP:82/big"
check "FNAT: rs1 learnt the director's MTU, towards the local address" 1300 "$(pmtu rs1 $LIP)"
ip link set vrouter mtu 1500
check "FNAT: a UDP query is answered" 0 "$(asked "$VIP:53")"
catching client
check "FNAT: a closed UDP port is refused at the client" 3 "$(asked "$VIP:54")"
caught "FNAT: port unreachable, as the client sees it" \
	"3/3 $VIP > $CLIENT: UDP $CLIENT:P > $VIP:54 icmp=ok ip=ok l4=ok"

# Forged errors about the full-NAT connection just used, from either side:
# broken ones (bad checksum, a quote too short, of a later fragment, not
# IPv4) and one about no connection are not passed on; the last, well
# formed, is, so it is the first the other side sees.
conn=$(awk '$1 == "TCP" && $5 == "0052" { print $3, $13; exit }' /proc/net/ip_vs_conn)
cport=$(printf %d "0x${conn% *}")
lport=$(printf %d "0x${conn#* }")
FLAWS="csum short noports frag ihl version"
catching rs1
for flaw in $FLAWS; do
	in_ns client icmpforge "$VIP" 3 4 tcp "$VIP:82" "$CLIENT:$cport" $flaw
done
in_ns client icmpforge "$VIP" 3 4 tcp "$VIP:82" "$CLIENT:1"
in_ns client icmpforge "$VIP" 12 0 tcp "$VIP:82" "$CLIENT:$cport"
caught "FNAT: of forged errors from the client's side, rs1 sees the sound one" \
	"12/0 $LIP > 10.0.2.2: TCP 10.0.2.2:80 > $LIP:P icmp=ok ip=ok l4=part"
catching client
for flaw in $FLAWS; do
	in_ns rs1 icmpforge "$LIP" 3 3 tcp "$LIP:$lport" 10.0.2.2:80 $flaw
done
in_ns rs1 icmpforge "$LIP" 3 3 tcp "$LIP:1" 10.0.2.2:80
in_ns rs1 icmpforge "$LIP" 3 1 tcp "$LIP:$lport" 10.0.2.2:80
caught "FNAT: of forged errors from rs1's side, the client sees the sound one" \
	"3/1 $VIP > $CLIENT: TCP $CLIENT:P > $VIP:82 icmp=ok ip=ok l4=part"
$REF_IPVSADM -Ln --stats

# An error about no connection is the director's own business.
udpprobe ask 10.0.2.2:5399 3 2>/dev/null
check "an error about no connection reaches the director's socket" 3 $?

rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
echo "ok: ip_vs_fnat unloads"
