# Draining (R-DRAIN-1, R-DRAIN-2): a real server removed from a service
# with tcp_draining_timeout stays at weight 0 while it has connections,
# new connections go to the others, and it is deleted when its time is up
# if still busy; one with no connection in the kernel's table is deleted
# as soon as the drain is polled.
. /lab/lib.sh

VIP=10.0.100.5
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log

lab_web_pair
lab_host rs3 4
lab_httpd rs3
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

# put_config RS...: the config in one step, then a reload applied.
reloads=0
put_config() {
	config "$@" >"$CONF.new" && mv "$CONF.new" "$CONF"
	reloads=$((reloads + 1))
	kill -HUP "$(cat /run/keepalived.pid)"
	wait_log "$LOG" "Reload applied" $reloads
}

# column ADDR N: column N (4 weight, 5 active, 6 inactive) of ADDR:80.
column() { $IPVSADM -Ln -t "$VIP:80" | awk -v a="$1:80" -v n="$2" '$2 == a { print $n }'; }
total() { $IPVSADM -Ln -t "$VIP:80" | awk '$1 == "->" { n += $5 + $6 } END { print n + 0 }'; }

# hold: one more connection to the service, its request not yet sent, so
# the server holds it open.
hold() {
	n=$(($(total) + 1))
	(sleep 60 | in_ns client nc "$VIP" 80 >/dev/null 2>&1) &
	wait_check "connection $n open" $n total
}

config 2 3 >"$CONF"
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1

# Busy until its time is up: one open connection on each server (round
# robin), then rs2 removed.
hold
hold
check "rs2 has a connection" 1 "$(column 10.0.3.2 5)"
put_config 2
wait_log "$LOG" "draining real server 10.0.3.2:80 of TCP $VIP:80 for up to 6 s" 1
check "rs2 drains: weight 0, still there" 0 "$(column 10.0.3.2 4)"
check "new connections go to rs1 only" "rs1 4" "$(tally client "http://$VIP/" 4)"
wait_log "$LOG" "10.0.3.2:80 of TCP $VIP:80 still busy when its draining time ran out: deleted" 1
check "rs2 deleted after tcp_draining_timeout" "" "$(column 10.0.3.2 4)"
check "the table is the config" "-A -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.2.2:80 -m -w 1" "$($IPVSADM -Sn)"

# Idle: rs3 added, never used, removed: deleted as drained, not when its
# 6 s are up.
put_config 2 4
check "rs3 in" 1 "$(column 10.0.4.2 4)"
put_config 2
wait_log "$LOG" "draining real server 10.0.4.2:80 of TCP $VIP:80 for up to 6 s" 1
wait_log "$LOG" "10.0.4.2:80 of TCP $VIP:80 drained: deleted" 1
check "rs3 was deleted as idle, not at its deadline" 0 \
	"$(grep -c '10.0.4.2:80 .*still busy when its draining time ran out' "$LOG")"
check "the table is the config again" "-A -t $VIP:80 -s rr
-a -t $VIP:80 -r 10.0.2.2:80 -m -w 1" "$($IPVSADM -Sn)"
kill -TERM "$(cat /run/keepalived.pid)"
