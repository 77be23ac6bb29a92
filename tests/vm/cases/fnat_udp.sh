# Full NAT over UDP through ip_vs_fnat: each query from a new client port is
# a new connection, spread round robin; the real servers (no route to the
# client) see a local address; answers reach the client; the module unloads
# with the connections still in its table. Our ipvsadm sets up the full-NAT
# servers and the local address; udpprobe serves and asks.
. /lab/lib.sh

VIP=10.0.100.1
LIP=10.0.200.1
lab_fnat_director "$VIP" "$LIP"
for i in 1 2; do
	lab_fnat_rs "rs$i" $((i + 1)) "$LIP"
	in_ns "rs$i" udpprobe serve 5353 "rs$i" &
	wait_listen "rs$i" udp 5353
done

$REF_IPVSADM -A -u "$VIP:53" -s rr || fail "cannot add the service"
$IPVSADM -a -u "$VIP:53" -r 10.0.2.2:5353 --fullnat || fail "cannot add rs1"
$IPVSADM -a -u "$VIP:53" -r 10.0.3.2:5353 --fullnat || fail "cannot add rs2"
$IPVSADM -P -u "$VIP:53" -z "$LIP" || fail "cannot add $LIP"

answers=$(i=0; while [ $i -lt 10 ]; do
	in_ns client udpprobe ask "$VIP:53" 3 || echo "(no answer)"
	i=$((i + 1))
done)
echo "$answers" | head -n 4 | sed 's/^/  seen: /'
check "round robin over two servers" "rs1 5
rs2 5" "$(echo "$answers" | awk '{ print $1 }' | sort | uniq -c | awk '{ print $2, $1 }')"
check "the real servers see only the local address" 10 \
	"$(echo "$answers" | grep -c " $LIP:")"
check "UDP connections in /proc/net/ip_vs_conn" 10 \
	"$(grep -c '^UDP .* UDP .* - - 0A00C801 ' /proc/net/ip_vs_conn)"
check "ipvsadm counts them inactive" "0 5
0 5" "$($REF_IPVSADM -Ln | awk '$1 == "->" && $2 ~ /:5353$/ { print $5, $6 }')"
check "the udp timeout" "Timeout (tcp tcpfin udp): 900 120 300" "$($REF_IPVSADM -L --timeout)"
check "the local address carries the 10 connections" "$LIP 10 0" "$(lab_laddrs -u "$VIP:53")"

# --set reaches new connections; expiry frees them and their ports.
$REF_IPVSADM --set 0 0 4
check "the new udp timeout" "Timeout (tcp tcpfin udp): 900 120 4" "$($REF_IPVSADM -L --timeout)"
in_ns client udpprobe ask "$VIP:53" 3 >/dev/null || fail "no answer after --set"
check "a new connection expires in 4 s" 1 \
	"$($REF_IPVSADM -Lnc | awk '$1 == "UDP" && $2 <= "00:04" { n++ } END { print n + 0 }')"
check "the local address carries 11 connections" "$LIP 11 0" "$(lab_laddrs -u "$VIP:53")"
$REF_IPVSADM --set 0 0 2
udp_conns() { grep -c '^UDP' /proc/net/ip_vs_conn; }
wait_check "the new connection expired, the first ones are still there (300 s)" 10 udp_conns
check "the port of the expired one is free again" "$LIP 10 0" "$(lab_laddrs -u "$VIP:53")"

rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
echo "ok: ip_vs_fnat unloads with 10 UDP connections in its table"
