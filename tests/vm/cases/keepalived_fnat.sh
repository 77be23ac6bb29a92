# Our keepalived with full NAT on ip_vs_fnat: a virtual server with
# lb_kind FNAT and laddr_group_name takes its local address pool from a
# local_address_group. The real servers have no route to the client, only
# to the local addresses, so a request is answered only if it was fully
# NATed: the client reaches both through the VIP, the servers see a pool
# address as their peer, and ipvsadm -G lists the pool. A real server whose
# listener dies fails its TCP_CHECK, leaves the kernel's table and the
# survivor takes every request. A reload that adds one address to the group
# and removes another changes the kernel's pool in place (two operations):
# new connections come only from the new pool, while a connection opened
# on the removed address before the reload still carries its request.
. /lab/lib.sh

VIP=10.0.100.1
LIP1=10.0.200.1
LIP2=10.0.200.2
LIP3=10.0.200.3
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log

lab_fnat_mode
lab_director
lab_host client 1
# keepalived puts the group into the service's pool, not onto an
# interface: the director holds the addresses (the new one too) itself.
for a in $VIP $LIP1 $LIP2 $LIP3; do
	ip addr add "$a/32" dev lo
done

# peer_cgi NAME: a CGI page that names the server and the address it saw.
peer_cgi() {
	mkdir -p "/tmp/www-$1/cgi-bin"
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\necho "%s $REMOTE_ADDR"\n' "$1" \
		>"/tmp/www-$1/cgi-bin/peer"
	chmod +x "/tmp/www-$1/cgi-bin/peer"
}

for i in 1 2; do
	lab_host "rs$i" $((i + 1))
	# No way back to the client: only the local addresses are reachable.
	ip -n "rs$i" route del default
	ip -n "rs$i" route add 10.0.200.0/24 via "10.0.$((i + 1)).1"
	in_ns "rs$i" ip route get 10.0.1.2 >/dev/null 2>&1 && fail "rs$i has a route to the client"
	lab_httpd "rs$i"
	peer_cgi "rs$i"
done
mkdir -p /etc/keepalived

# config LIP...: the lab's config, its local_address_group holding LIP...
# A dead listener fails TCP_CHECK within delay_loop + 2 x connect_timeout
# + delay_before_retry.
config() {
	printf 'local_address_group lab_pool {\n'
	printf '\t%s\n' "$@"
	printf '}\n'
	cat <<EOF
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name lab_pool
	real_server 10.0.2.2 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server 10.0.3.2 80 {
		TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
}
EOF
}

# table LIP...: what ipvsadm -Sn must say (sorted), both servers in.
table() {
	{
		printf '%s\n' "-A -t $VIP:80 -s rr" \
			"-a -t $VIP:80 -r 10.0.2.2:80 --fullnat -w 1" \
			"-a -t $VIP:80 -r 10.0.3.2:80 --fullnat -w 1"
		for a; do
			echo "-P -t $VIP:80 -z $a"
		done
	} | sort
}

kernel() { $IPVSADM -Sn | sort; }

# pool: the service's local addresses in the kernel, sorted.
pool() { lab_laddrs -t "$VIP:80" | awk '{ print $1 }' | sort; }

# peers N: N requests from the client, each answered with "server peer"
# (busybox httpd names IPv4 peers as [::ffff:A.B.C.D]), or "none -".
peers() {
	i=0
	while [ $i -lt "$1" ]; do
		fetch client "http://$VIP/cgi-bin/peer" || echo "none -"
		i=$((i + 1))
	done | sed 's/\[::ffff:\(.*\)\]/\1/'
}

# seen PEERS: the distinct peer addresses in peers' output, sorted.
seen() { echo "$1" | awk '{ print $2 }' | sort -u; }

# servers PEERS: "server count" per server that answered, as tally says.
servers() { echo "$1" | awk '{ print $1 }' | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2 \1/'; }

config "$LIP1" "$LIP2" >"$CONF"
keepalived -G -D -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1
check "start: the table is the config, full NAT, the group as the pool" \
	"$(table "$LIP1" "$LIP2")" "$(kernel)"
$IPVSADM -G -t "$VIP:80"

# 1. Full NAT with the group's addresses as the source.
got=$(peers 8)
echo "$got" | sed 's/^/  seen: /'
check "both real servers answer through the VIP, in turn" "rs1 4
rs2 4" "$(servers "$got")"
check "the real servers see the group's two addresses, never the client" "$LIP1
$LIP2" "$(seen "$got")"
# The 8 connections are still in the table (TIME_WAIT and the like), the
# pool's addresses taken in turn.
check "-G: the group's addresses, 4 connections on each" "$LIP1 4
$LIP2 4" "$(lab_laddrs -t "$VIP:80" | awk '{ print $1, $2 }' | sort)"

# 2. rs1's listener dies (httpd, the only process in its namespace): its
# TCP_CHECK fails and it leaves the kernel's table.
kill $(ip netns pids rs1)
waited=$(wait_dests "$VIP:80" "10.0.3.2:80 1")
check "rs1 down: out of the kernel's table (after $waited s)" "10.0.3.2:80 1" "$(lab_dests "$VIP:80")"
wait_log "$LOG" "TCP_CHECK to \[10.0.2.2\]:80 failed" 1
got=$(peers 6)
check "rs1 down: every request goes to rs2" "rs2 6" "$(servers "$got")"
check "rs1 down: still from the group's addresses" "$LIP1
$LIP2" "$(seen "$got")"

# rs1 comes back, so that the new pool below is seen by both servers.
lab_httpd rs1
waited=$(wait_dests "$VIP:80" "10.0.2.2:80 1
10.0.3.2:80 1")
check "rs1 back in the kernel's table (after $waited s)" "10.0.2.2:80 1
10.0.3.2:80 1" "$(lab_dests "$VIP:80")"

# Two connections held open across the reload, their requests not yet
# sent (each waits for /tmp/go): consecutive connections take the pool's
# addresses in turn, so one of them leaves from LIP1, which the reload
# removes.
rm -f /tmp/go
for n in 1 2; do
	(polled 600 test -e /tmp/go && printf 'GET /cgi-bin/peer HTTP/1.0\r\n\r\n') |
		in_ns client nc "$VIP" 80 >"/tmp/held$n" 2>&1 &
done
# held ADDR: established connections through the local address ADDR, as
# /proc/net/ip_vs_conn shows them (hex, at the end of the line).
held() {
	hex=$(printf '%02X%02X%02X%02X' $(echo "$1" | tr . ' '))
	grep -c " ESTABLISHED .* - - $hex " /proc/net/ip_vs_conn
}
both_held() { echo "$(held "$LIP1") $(held "$LIP2")"; }
wait_check "two held connections, one on each address" "1 1" both_held

# 3. The group edited in one step (LIP1 out, LIP3 in), then a reload.
config "$LIP2" "$LIP3" >"$CONF.new" && mv "$CONF.new" "$CONF"
kill -HUP "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Reload applied" 1
# The service deleted and added again would take six.
check "reload: two operations (one address out, one in), the service kept" \
	"Reload applied: 2 operations (0 failed)" \
	"$(grep -o "Reload applied: [0-9]* operations ([0-9]* failed)" "$LOG")"
check "reload: the table is the new config" "$(table "$LIP2" "$LIP3")" "$(kernel)"
check "reload: -G lists the new pool" "$LIP2
$LIP3" "$(pool)"
$IPVSADM -G -t "$VIP:80"
got=$(peers 8)
echo "$got" | sed 's/^/  seen: /'
check "after the reload: both real servers answer" "rs1 4
rs2 4" "$(servers "$got")"
check "after the reload: new connections come from the new pool only" "$LIP2
$LIP3" "$(seen "$got")"

# The connection on the removed address was left alone: its request goes
# through now and is answered over LIP1.
touch /tmp/go
# held_peers: the peers the held connections' answers name.
held_peers() { cat /tmp/held1 /tmp/held2 | sed -n 's/^rs[12] \[::ffff:\(.*\)\]$/\1/p' | sort; }
wait_check "the held connections are answered, one over the removed address" "$LIP1
$LIP2" held_peers

lab_stop "$(cat /run/keepalived.pid)"
check "stop: the table is empty" "" "$(kernel)"
