# Our keepalived daemon against the kernel's IPVS: start programs the
# config (NAT and DR services carry HTTP; alpha keeps a server whose
# check cannot pass out); a SIGHUP with one change sends exactly that change and leaves the
# other services' counters alone; a bad config changes nothing; a checker
# process killed with -9 is respawned and its reconcile removes a service
# added by hand and restores one deleted by hand; a storm of 20 SIGHUPs
# ends on the final config; SIGTERM empties the table, -I keeps it.
. /lab/lib.sh

NAT_VIP=10.0.100.1
DR_VIP=10.0.100.2
ALPHA_VIP=10.0.100.3
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log

lab_director
lab_host client 1
for rs in rs1 rs2; do
	lab_host "$rs" $((${rs#rs} + 1))
	lab_httpd "$rs"
	lab_dr_rs "$rs" "$DR_VIP"
	sysctl -q -w "net.ipv4.conf.v$rs.rp_filter=0" "net.ipv4.conf.v$rs.accept_local=1"
done
sysctl -q -w net.ipv4.conf.all.rp_filter=0
for vip in $NAT_VIP $DR_VIP $ALPHA_VIP; do
	ip addr add "$vip/32" dev lo
done
mkdir -p /etc/keepalived

# config DR_RS1_WEIGHT ALPHA_SCHED: the lab's config, with the two values
# the reloads change.
config() {
	cat <<EOF
global_defs {
	router_id lab
}
virtual_server $NAT_VIP 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.2.2 80 {
	}
	real_server 10.0.3.2 80 {
	}
}
virtual_server $DR_VIP 80 {
	lb_algo wrr
	lb_kind DR
	protocol TCP
	real_server 10.0.2.2 80 {
		weight $1
	}
	real_server 10.0.3.2 80 {
		weight 3
	}
}
virtual_server $ALPHA_VIP 80 {
	lb_algo $2
	lb_kind NAT
	protocol TCP
	alpha
	real_server 10.0.2.2 80 {
		TCP_CHECK {
			connect_port 81
			connect_timeout 3
		}
	}
	real_server 10.0.3.2 80 {
	}
}
EOF
}

# table DR_RS1_WEIGHT ALPHA_SCHED: what ipvsadm -Sn must say (sorted),
# the alpha server left out: nothing listens where its TCP_CHECK connects.
table() {
	sort <<EOF
-A -t $NAT_VIP:80 -s rr
-a -t $NAT_VIP:80 -r 10.0.2.2:80 -m -w 1
-a -t $NAT_VIP:80 -r 10.0.3.2:80 -m -w 1
-A -t $DR_VIP:80 -s wrr
-a -t $DR_VIP:80 -r 10.0.2.2:80 -g -w $1
-a -t $DR_VIP:80 -r 10.0.3.2:80 -g -w 3
-A -t $ALPHA_VIP:80 -s $2
-a -t $ALPHA_VIP:80 -r 10.0.3.2:80 -m -w 1
EOF
}

kernel() { $IPVSADM -Sn | sort; }

# put_config TEXT: replaces the config in one step, as an editor's save does.
put_config() {
	printf '%s\n' "$1" >"$CONF.new" && mv "$CONF.new" "$CONF"
}

# conns VIP: the connections the kernel counted for the service.
conns() {
	$IPVSADM -Ln --stats -t "$1:80" | awk '$1 == "TCP" { print $3 }'
}

put_config "$(config 1 rr)"
keepalived -G -D -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1
parent=$(cat /run/keepalived.pid)
child=$(cat /run/checkers.pid)
check "start: the table is the config" "$(table 1 rr)" "$(kernel)"
check "NAT carries HTTP, round robin" "rs1 5
rs2 5" "$(tally client "http://$NAT_VIP/" 10)"
check "DR carries HTTP, weighted 1:3" "rs1 2
rs2 6" "$(tally client "http://$DR_VIP/" 8)"
tally client "http://$ALPHA_VIP/" 4 >/dev/null
sleep 3
check "NAT counters" 10 "$(conns $NAT_VIP)"

# One weight changed: one operation, in place; other counters untouched.
put_config "$(config 2 rr)"
read -r hup _ </proc/uptime
kill -HUP "$parent"
wait_log "$LOG" "Reload applied" 1
read -r seen _ </proc/uptime
grep "Reload applied" "$LOG" | tail -n 1
check "reload: exactly one operation" 1 "$(grep "Reload applied" "$LOG" | tail -n 1 | sed 's/.*applied: \([0-9]*\) operations.*/\1/')"
# The line says when the kernel's last ACK came, on /proc/uptime's clock
# (which counts whole centiseconds): after the kill, before the line.
acked=$(grep "Reload applied" "$LOG" | tail -n 1 | sed -n 's/.*last ACK [0-9.]* ms from SIGHUP, at \([0-9.]*\) s since boot.*/\1/p')
check "reload: the last ACK is logged between the SIGHUP and the line" yes \
	"$(awk -v a="${acked:-0}" -v h="$hup" -v s="$seen" 'BEGIN { print (a >= h && a < s + 0.01 ? "yes" : a " not in [" h ", " s "]") }')"
check "reload: the table is the new config" "$(table 2 rr)" "$(kernel)"
sleep 3
check "reload: NAT counters untouched" 10 "$(conns $NAT_VIP)"
check "reload: the alpha service's counters untouched" 4 "$(conns $ALPHA_VIP)"
check "DR after the reload, weighted 2:3" "rs1 4
rs2 6" "$(tally client "http://$DR_VIP/" 10)"

# A config whose braces do not balance changes nothing.
put_config "$(config 5 wlc | sed '$d')"
kill -HUP "$parent"
wait_log "$LOG" "not usable - nothing changed" 1
check "bad config: the table is unchanged" "$(table 2 rr)" "$(kernel)"
put_config "$(config 2 rr)"

# A service added and one deleted by hand, then the checker process
# killed: the new one reconciles both away.
$IPVSADM -A -t 10.0.100.9:80 -s rr
$IPVSADM -D -t "$NAT_VIP:80"
kill -9 "$child"
wait_log "$LOG" "IPVS table reconciled" 2
new_child=$(cat /run/checkers.pid)
[ "$new_child" != "$child" ] || fail "no new checker process (pid $child)"
echo "ok: checker process $child respawned as $new_child"
grep "Healthcheck child process($child) died: Respawning" "$LOG" >/dev/null || fail "no respawn logged"
grep "IPVS table reconciled" "$LOG" | tail -n 1
check "respawn: stale service removed, deleted one restored" "$(table 2 rr)" "$(kernel)"
check "NAT carries HTTP again" "rs1 2
rs2 2" "$(tally client "http://$NAT_VIP/" 4)"

# 20 SIGHUPs, the config alternating between two versions while they come.
reloads=$(grep -c "Reload applied" "$LOG")
i=1
while [ $i -le 20 ]; do
	if [ $((i % 2)) -eq 1 ]; then put_config "$(config 7 wlc)"; else put_config "$(config 1 sh)"; fi
	kill -HUP "$parent"
	i=$((i + 1))
done
# Quiet for two seconds: every reload is done.
last=-1
while [ "$last" != "$(grep -c "Reload" "$LOG")" ]; do
	last=$(grep -c "Reload" "$LOG")
	sleep 2
done
echo "ok: 20 SIGHUPs gave $(($(grep -c "Reload applied" "$LOG") - reloads)) reloads"
check "storm: the table is the final config" "$(table 1 sh)" "$(kernel)"

# SIGTERM removes what was installed, pid files go.
lab_stop "$parent"
check "stop: the table is empty" "" "$(kernel)"
[ ! -e /run/keepalived.pid ] && [ ! -e /run/checkers.pid ] || fail "pid files left behind"
echo "ok: pid files removed"

# -I keeps the table at stop; the next start reconciles it without churn.
keepalived -G -I -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 3
parent=$(cat /run/keepalived.pid)
kill -TERM "$parent"
wait_log "$LOG" "the IPVS table stays" 1
sleep 1
check "-I: the table stays" "$(table 1 sh)" "$(kernel)"
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 4
grep "IPVS table reconciled" "$LOG" | tail -n 1
check "restart over a kept table: no operation" 0 "$(grep "IPVS table reconciled" "$LOG" | tail -n 1 | sed 's/.* \([0-9]*\) operations.*/\1/')"
kill -TERM "$(cat /run/keepalived.pid)"
