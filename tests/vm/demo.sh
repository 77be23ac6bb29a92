# The main job's live demo: our keepalived programs a NAT virtual service
# with two health-checked real servers in the lab; requests from a client
# namespace follow the kernel's table when a real server dies and when it
# comes back; then the same service with our consistent-hash scheduler.
. /lab/lib.sh

VIP=10.0.100.1
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log
lab_web_pair
ip addr add "$VIP/32" dev lo
mkdir -p /etc/keepalived

# config SCHEDULER: the demo's keepalived.conf.
config() {
	cat <<EOF
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo $1
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.2 80 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 10.0.3.2 80 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOF
}

# show WHAT EXPECTED: waits for the service's destinations to be EXPECTED,
# then shows the table and where 10 requests from the client went.
show() {
	waited=$(wait_dests "$VIP:80" "$2")
	check "$1 (after $waited s)" "$2" "$(lab_dests "$VIP:80")"
	$IPVSADM -Ln
	echo "   10 requests from the client namespace:"
	tally client "http://$VIP/" 10 | sed 's/^/   /'
}

echo "== /etc/keepalived/keepalived.conf: NAT to rs1 and rs2, round robin, TCP_CHECK"
config rr | tee "$CONF"
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1
show "our keepalived programmed the kernel" "10.0.2.2:80 1
10.0.3.2:80 1"

echo "== rs1's web server is killed"
kill $(ip netns pids rs1)
show "rs1 failed its check and left the table" "10.0.3.2:80 1"

echo "== rs1's web server is back"
lab_httpd rs1
show "rs1 passed its check and came back" "10.0.2.2:80 1
10.0.3.2:80 1"

echo "== reload (SIGHUP) with our consistent-hash scheduler (ip_vs_consh.ko):"
echo "   each client address sticks to one real server"
config consh >"$CONF"
kill -HUP "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Reload applied" 1
for src in 10.0.1.2 10.0.1.3 10.0.1.4 10.0.1.5; do
	[ "$src" = 10.0.1.2 ] || ip -n client addr add "$src/24" dev eth0
	ip -n client route replace "$VIP" via 10.0.1.1 src "$src"
	printf '   client %s -> %s\n' "$src" "$(tally client "http://$VIP/" 3 | tr '\n' ' ')"
done

sleep 2 # IPVS refreshes its counters every 2 s
echo "== ipvsadm -Ln --stats"
$IPVSADM -Ln --stats
echo "== what keepalived logged about the real servers"
grep -E "Real server|applied" "$LOG" | sed 's/^.*: Keepalived_healthcheckers\[[0-9]*\]: /   /'
kill -TERM "$(cat /run/keepalived.pid)"
