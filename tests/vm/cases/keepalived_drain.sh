# Draining (R-DRAIN-1, R-DRAIN-2): a real server removed from a service
# with tcp_draining_timeout stays at weight 0 while it has connections,
# new connections go to the others, and it is deleted when its time is up.
. /lab/lib.sh

VIP=10.0.100.5
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log

lab_web_pair
ip addr add "$VIP/32" dev lo
mkdir -p /etc/keepalived

# config RS...: the service with those real servers (10.0.N.2).
config() {
	printf 'virtual_server %s 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n tcp_draining_timeout 6\n' "$VIP"
	for n in "$@"; do
		printf ' real_server 10.0.%s.2 80 {\n }\n' "$n"
	done
	printf '}\n'
}

rs2_weight() { $IPVSADM -Ln -t "$VIP:80" | awk '$2 == "10.0.3.2:80" { print $4 }'; }

config 2 3 >"$CONF"
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1

# Two open connections, one on each server (round robin): requests not
# yet sent, so the servers hold them open.
for i in 1 2; do
	(sleep 30 | in_ns client nc "$VIP" 80 >/dev/null 2>&1) &
	sleep 0.5
done
check "rs2 has a connection" 1 "$($IPVSADM -Ln -t "$VIP:80" | awk '$2 == "10.0.3.2:80" { print $5 }')"

config 2 >"$CONF.new" && mv "$CONF.new" "$CONF"
kill -HUP "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Reload applied" 1
grep "draining real server" "$LOG"
check "rs2 drains: weight 0, still there" 0 "$(rs2_weight)"
check "new connections go to rs1 only" "rs1 4" "$(tally client "http://$VIP/" 4)"

wait_log "$LOG" "10.0.3.2:80 of TCP $VIP:80 still busy when its draining time ran out: deleted" 1
check "rs2 deleted after tcp_draining_timeout" "" "$(rs2_weight)"
check "the table is the config" "-A -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.2.2:80 -m -w 1" "$($IPVSADM -Sn)"
kill -TERM "$(cat /run/keepalived.pid)"
