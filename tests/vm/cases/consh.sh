# The consh scheduler (kmod/ip_vs_consh.ko) against the kernel's IPVS:
# sticky per client address, spread over all servers, independent of the
# order servers were added in, and only the clients of a server that goes
# away (removed, or weight 0) move.
. /lab/lib.sh

VIP=10.0.100.1
lab_director
sysctl -q -w net.ipv4.vs.expire_nodest_conn=1
lab_host client 1
for i in 1 2 3 4; do
	lab_host "rs$i" $((i + 1))
	lab_httpd "rs$i"
done
ip addr add "$VIP/32" dev lo
clients=$(seq 10 41)
for c in $clients; do
	ip -n client addr add "10.0.1.$c/24" dev eth0
done

# mapping: "client server" for every client address, one request each.
mapping() {
	for c in $clients; do
		ip -n client route replace "$VIP" via 10.0.1.1 src "10.0.1.$c"
		echo "$c $(fetch client "http://$VIP/")"
	done
}
service() {
	$IPVSADM -A -t "$VIP:80" -s consh
	for i in "$@"; do
		$IPVSADM -a -t "$VIP:80" -r "10.0.$((i + 1)).2:80" -m
	done
}
# moved BEFORE AFTER GONE: clients whose server changed although it was not
# GONE, plus clients of GONE that did not get another live server.
moved() {
	echo "$1" >/tmp/before
	echo "$2" >/tmp/after
	paste -d ' ' /tmp/before /tmp/after |
		awk -v gone="$3" '($2 != gone && $2 != $4) || ($2 == gone && ($4 == gone || $4 == "")) { n++ } END { print n + 0 }'
}

service 1 2 3 4
first=$(mapping)
echo "$first" | grep -q ' $' && fail "some client got no answer: $first"
check "every client sticks to its server" "$first" "$(mapping)"
check "all four servers get clients" 4 "$(echo "$first" | awk '{ print $2 }' | sort -u | wc -l)"

$IPVSADM -D -t "$VIP:80"
service 4 2 3 1
check "the same mapping whatever the insertion order" "$first" "$(mapping)"

$IPVSADM -e -t "$VIP:80" -r 10.0.3.2:80 -m -w 0
check "weight 0 on rs2 moves only rs2's clients" 0 "$(moved "$first" "$(mapping)" rs2)"
$IPVSADM -e -t "$VIP:80" -r 10.0.3.2:80 -m -w 1
check "weight back to 1 restores the mapping" "$first" "$(mapping)"

$IPVSADM -d -t "$VIP:80" -r 10.0.4.2:80
check "removing rs3 moves only rs3's clients" 0 "$(moved "$first" "$(mapping)" rs3)"
