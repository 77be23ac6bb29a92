# NAT (masquerading) with round robin: real TCP through the stock IPVS,
# split exactly evenly over two real servers.
. /lab/lib.sh

VIP=10.0.100.1
lab_web_pair
ip addr add "$VIP/32" dev lo

$IPVSADM -A -t "$VIP:80" -s rr
$IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 -m
$IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 -m
check "round robin over two servers" "rs1 10
rs2 10" "$(tally client "http://$VIP/" 20)"

# The stock estimator folds its per-CPU counters into the totals every 2 s.
conns() { $IPVSADM -Ln --stats | awk '$1 == "TCP" { print $3 }'; }
wait_check "the kernel counted 20 connections" 20 conns
