# NAT (masquerading) and DR through ip_vs_fnat, configured by Debian's
# ipvsadm: real TCP, split by rr and wrr as stock IPVS splits it, counted
# in the statistics; then lc and wlc, and consh keeping a client on one
# server.
. /lab/lib.sh

VIP=10.0.100.1
lab_fnat_mode
lab_director
lab_host client 1
lab_host rs1 2
lab_host rs2 3
lab_host rs3 4
for i in 1 2 3; do
	lab_httpd "rs$i"
done
ip addr add "$VIP/32" dev lo

# NAT, round robin
$REF_IPVSADM -A -t "$VIP:80" -s rr
$REF_IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -m
$REF_IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -m
check "NAT: round robin over two servers" "rs1 10
rs2 10" "$(tally client "http://$VIP/" 20)"
conns() { $REF_IPVSADM -Ln --stats | awk '$1 == "TCP" { print $3 }'; }
wait_check "NAT: the kernel counted 20 connections" 20 conns

# NAT, weighted round robin 3:1
$REF_IPVSADM -E -t "$VIP:80" -s wrr
$REF_IPVSADM -e -t "$VIP:80" -r 10.0.2.2:80 -m -w 3
check "NAT: weighted round robin 3:1" "rs1 15
rs2 5" "$(tally client "http://$VIP/" 20)"

# A server of weight 0 gets no new connections.
$REF_IPVSADM -e -t "$VIP:80" -r 10.0.3.2:80 -m -w 0
check "NAT: weight 0 takes a server out" "rs1 6" "$(tally client "http://$VIP/" 6)"
$REF_IPVSADM -D -t "$VIP:80"

# DR, weighted round robin 2:1
$REF_IPVSADM -A -t "$VIP:80" -s wrr
$REF_IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -g -w 2
$REF_IPVSADM -a -t "$VIP:80" -r 10.0.4.2:80 -g -w 1
for i in 2 3; do
	lab_dr_rs "rs$i" "$VIP"
	# The real servers answer from the VIP, a local address here.
	sysctl -q -w "net.ipv4.conf.vrs$i.rp_filter=0" "net.ipv4.conf.vrs$i.accept_local=1"
done
sysctl -q -w net.ipv4.conf.all.rp_filter=0
check "DR: weighted round robin 2:1" "rs2 8
rs3 4" "$(tally client "http://$VIP/" 12)"
check "DR: no out tuples, so no replies seen" 0 \
	"$($REF_IPVSADM -Ln --stats | awk '$1 == "TCP" { print $5 }')"
$REF_IPVSADM -D -t "$VIP:80"

# NAT, least connections (all connections end, so they share evenly)
for s in lc wlc; do
	$REF_IPVSADM -A -t "$VIP:80" -s $s
	$REF_IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -m
	$REF_IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -m
	out=$(tally client "http://$VIP/" 10)
	check "NAT: $s answers every request" 10 "$(echo "$out" | awk '{ n += $2 } END { print n }')"
	echo "  $s: $(echo "$out" | tr '\n' ' ')"
	$REF_IPVSADM -D -t "$VIP:80"
done

# consh: a client sticks to its server
$REF_IPVSADM -A -t "$VIP:80" -s consh
for i in 1 2 3; do
	$REF_IPVSADM -a -t "$VIP:80" -r "10.0.$((i + 1)).2:80" -m
done
check "consh: one client, one server" 1 "$(tally client "http://$VIP/" 8 | wc -l)"
$REF_IPVSADM -Ln

rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
echo "ok: ip_vs_fnat unloads"
