# Full NAT over TCP through ip_vs_fnat: the client reaches the VIP, the two
# real servers have no route back to the client (only to the local
# addresses) and see a local address as the source; round robin splits
# requests evenly; a 2 MB transfer arrives intact; /proc and ipvsadm show
# the connections; the module unloads cleanly with connections in its table.
# Our ipvsadm sets up the full-NAT servers (--fullnat) and the local
# addresses (-P, -Q, -G), and its -Sn/-R carry the pool over.
. /lab/lib.sh

VIP=10.0.100.1
LIP1=10.0.200.1
LIP2=10.0.200.2
lab_fnat_mode
lab_director
lab_host client 1
ip addr add "$VIP/32" dev lo
ip addr add "$LIP1/32" dev lo
ip addr add "$LIP2/32" dev lo

# peer_cgi NAME: a CGI page that names the server and the address it saw.
peer_cgi() {
	mkdir -p "/tmp/www-$1/cgi-bin"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "%s $REMOTE_ADDR"\n' "$1" \
		>"/tmp/www-$1/cgi-bin/peer"
	chmod +x "/tmp/www-$1/cgi-bin/peer"
}

dd if=/dev/urandom of=/tmp/big bs=1024 count=2048 2>/dev/null
for i in 1 2; do
	lab_host "rs$i" $((i + 1))
	# No way back to the client: only the local addresses are reachable.
	ip -n "rs$i" route del default
	ip -n "rs$i" route add 10.0.200.0/24 via "10.0.$((i + 1)).1"
	lab_httpd "rs$i"
	peer_cgi "rs$i"
	cp /tmp/big "/tmp/www-rs$i/big"
done
in_ns rs1 ip route get 10.0.1.2 >/dev/null 2>&1 && fail "rs1 has a route to the client"

$REF_IPVSADM -A -t "$VIP:80" -s rr || fail "cannot add the service"
$IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 --fullnat || fail "cannot add rs1"
$IPVSADM -a -t "$VIP:80" -r 10.0.3.2:80 --fullnat || fail "cannot add rs2"
$IPVSADM -P -t "$VIP:80" -z "$LIP1" || fail "cannot add $LIP1"
$IPVSADM -P -t "$VIP:80" -z "$LIP2" || fail "cannot add $LIP2"
check "a second add of a local address is refused" "Local address already exists
255" "$($IPVSADM -P -t "$VIP:80" -z "$LIP1" 2>&1; echo $?)"
check "the pool lists both local addresses" "$LIP1 0 0
$LIP2 0 0" "$(lab_laddrs -t "$VIP:80" | sort)"
check "-Q of an address not in the pool" "No such local address
255" "$($IPVSADM -Q -t "$VIP:80" -z 10.0.200.9 2>&1; echo $?)"
check "-P to a service that does not exist" "Service not defined
255" "$($IPVSADM -P -t "$VIP:81" -z "$LIP1" 2>&1; echo $?)"
check "-G of a service that does not exist" "No such service
255" "$($IPVSADM -G -t "$VIP:81" 2>&1; echo $?)"
$IPVSADM -G
# Save and restore carry the pool (and the full-NAT servers) over.
saved=$($IPVSADM -Sn)
check "-Sn saves the pool as -P lines" "-P -t $VIP:80 -z $LIP1
-P -t $VIP:80 -z $LIP2" "$(echo "$saved" | grep '^-P ')"
$IPVSADM -C
echo "$saved" | $IPVSADM -R || fail "-R of the saved table failed"
check "-R restores the table -Sn saved" "$saved" "$($IPVSADM -Sn)"

check "round robin over two servers" "rs1 10
rs2 10" "$(tally client "http://$VIP/" 20)"

# busybox httpd names IPv4 peers as [::ffff:A.B.C.D]
peers=$(i=0; while [ $i -lt 6 ]; do fetch client "http://$VIP/cgi-bin/peer"; i=$((i + 1)); done |
	sed 's/\[::ffff:\(.*\)\]/\1/')
echo "$peers" | sed 's/^/  seen: /'
check "every request answered" 6 "$(echo "$peers" | grep -c '^rs[12] ')"
check "the real servers see only local addresses" 0 \
	"$(echo "$peers" | awk '{ print $2 }' | grep -v -c -e "^$LIP1\$" -e "^$LIP2\$")"
check "both local addresses are used" 2 "$(echo "$peers" | awk '{ print $2 }' | sort -u | wc -l)"

in_ns client timeout 20 wget -q -O /tmp/got "http://$VIP/big" || fail "the 2 MB transfer failed"
check "the 2 MB transfer is intact" "$(md5sum </tmp/big)" "$(md5sum </tmp/got)"

conns=$(grep -c ' - - 0A00C80[12] ' /proc/net/ip_vs_conn)
[ "$conns" -ge 27 ] || fail "/proc/net/ip_vs_conn lists $conns full-NAT connections, expected 27"
echo "ok: /proc/net/ip_vs_conn lists $conns full-NAT connections with their local address"
head -n 3 /proc/net/ip_vs_conn
$REF_IPVSADM -Lnc | head -n 4
$REF_IPVSADM -Ln --stats
check "the kernel counted 27 connections" 27 \
	"$($REF_IPVSADM -Ln --stats | awk '$1 == "TCP" { print $3 }')"
$IPVSADM -G -t "$VIP:80"
check "-G counts the pool's connections as /proc does" "$conns" \
	"$(lab_laddrs -t "$VIP:80" | awk '{ n += $2 } END { print n }')"

# An established connection stays in the table while the module goes.
(sleep 30 | in_ns client nc "$VIP" 80 >/dev/null 2>&1) &
established() { grep -c ' ESTABLISHED ' /proc/net/ip_vs_conn; }
wait_check "an established connection to unload with" 1 established
check "ipvsadm counts it active" 1 \
	"$($REF_IPVSADM -Ln | awk '$1 == "->" { n += $5 } END { print n }')"
rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat with live connections"
lsmod | grep -q '^ip_vs_fnat' && fail "ip_vs_fnat is still loaded"
echo "ok: ip_vs_fnat unloads with $conns connections in its table"
