# Direct routing with weighted round robin: the real servers hold the VIP
# on lo and answer the client themselves; weights 1 and 3 split 1:3.
. /lab/lib.sh

VIP=10.0.100.1
lab_director
lab_host client 1
lab_host rs1 2
lab_host rs2 3
for rs in rs1 rs2; do
	lab_httpd "$rs"
	lab_dr_rs "$rs" "$VIP"
	sysctl -q -w "net.ipv4.conf.v$rs.rp_filter=0" "net.ipv4.conf.v$rs.accept_local=1"
done
sysctl -q -w net.ipv4.conf.all.rp_filter=0
ip addr add "$VIP/32" dev lo

$IPVSADM -A -t "$VIP:80" -s wrr
$IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -g -w 1
$IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -g -w 3
check "weighted split 1:3" "rs1 4
rs2 12" "$(tally client "http://$VIP/" 16)"

check "forwarding method" "Route Route" "$($IPVSADM -Ln | awk '$1 == "->" && $3 == "Route" { printf "%s%s", sep, $3; sep = " " }')"

# DR leaves the destination address alone: without the VIP on its lo, rs2
# drops what the director sends it.
ip -n rs2 addr del "$VIP/32" dev lo
check "rs2 without the VIP answers nothing" "(no answer) 3
rs1 1" "$(tally client "http://$VIP/" 4)"
