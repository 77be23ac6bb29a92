# The main job's live demo: a virtual service with two real servers in the
# lab, traffic from a client namespace, and the kernel's table afterwards.
. /lab/lib.sh

VIP=10.0.100.1
lab_director
lab_host client 1
lab_host rs1 2
lab_host rs2 3
lab_httpd rs1
lab_httpd rs2
ip addr add "$VIP/32" dev lo

echo "== virtual service $VIP:80, round robin, NAT to rs1 and rs2 (configured with $IPVSADM)"
$IPVSADM -A -t "$VIP:80" -s rr
$IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -m
$IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -m
echo "== 10 requests from the client namespace: which real server answered"
tally client "http://$VIP/" 10

echo "== the same service with our consistent-hash scheduler (ip_vs_consh.ko):"
echo "   each client address sticks to one real server"
$IPVSADM -E -t "$VIP:80" -s consh
for src in 10.0.1.2 10.0.1.3 10.0.1.4 10.0.1.5; do
	[ "$src" = 10.0.1.2 ] || ip -n client addr add "$src/24" dev eth0
	ip -n client route replace "$VIP" via 10.0.1.1 src "$src"
	printf '   client %s -> %s\n' "$src" "$(tally client "http://$VIP/" 3 | tr '\n' ' ')"
done

sleep 2 # IPVS refreshes its counters every 2 s
echo "== ipvsadm -Ln"
$IPVSADM -Ln
echo "== ipvsadm -Ln --stats"
$IPVSADM -Ln --stats
