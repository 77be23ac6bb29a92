# Our keepalived daemon against the kernel's IPVS: start programs the
# config (NAT and DR services carry HTTP; alpha keeps a server whose
# check cannot pass out); a SIGHUP with one change sends exactly that
# change and leaves the other services' counters alone; a bad config
# changes nothing; a SIGHUP after ipvsadm -C restores the table and removes
# a service added by hand; a checker process killed with -9 is respawned
# and its reconcile removes a service added by hand and restores one
# deleted by hand; one that dies young comes back after 1 s, then 2, then
# 4 (backoff); a storm of 20 SIGHUPs ends on the final config; SIGTERM
# empties the table with one FLUSH when it is all ours and removes only
# our services when it is not, -I keeps it; a checker process that
# overruns its stop is killed and the parent flushes the table.
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
# The stock estimator folds its per-CPU counters into the totals every 2 s.
counters() { echo "$(conns $NAT_VIP) $(conns $ALPHA_VIP)"; }
wait_check "NAT and alpha counters" "10 4" counters

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
# A service deleted and added again would read 0 at once.
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

# The table flushed by hand and a service added: the next SIGHUP, with
# the same config, plans against what the kernel holds and puts it back.
$IPVSADM -C
$IPVSADM -A -t 10.0.100.9:80 -s rr
kill -HUP "$parent"
wait_log "$LOG" "Reload applied" 2
check "reload after ipvsadm -C: the table is the config again" "$(table 2 rr)" "$(kernel)"

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

# Backoff: each new checker process killed as soon as it is there died
# young, so it comes back after twice the last delay (at least 1 s, at
# most 30 s): 1, 2, 4 s when the one before came back at once.
delay_of() { # the delay the parent logged for the death of PID
	sed -n "s/.*child process($1) died: Respawning in \([0-9]*\) s$/\1/p" "$LOG"
}
last=$(delay_of "$child")
for round in 1 2 3; do
	expect=$((${last:-0} * 2))
	[ $expect -ge 1 ] || expect=1
	child=$(cat /run/checkers.pid)
	killed=$(uptime_s)
	kill -9 "$child"
	wait_log "$LOG" "Healthcheck child process($child) died: Respawning in $expect s" 1
	reconciled=$(grep -c "IPVS table reconciled" "$LOG")
	i=0
	while [ "$(cat /run/checkers.pid 2>/dev/null)" = "$child" ] || [ ! -s /run/checkers.pid ]; do
		i=$((i + 1))
		[ $i -le 400 ] || fail "no checker process after $child died"
		sleep 0.05
	done
	took=$(since "$killed")
	[ "$(echo "$took $expect" | awk '{ print ($1 >= $2) }')" = 1 ] ||
		fail "backoff: the checker process came back after $took s, before its $expect s"
	echo "ok: backoff round $round: back after $took s (delay $expect s)"
	last=$expect
done
wait_log "$LOG" "IPVS table reconciled" $((reconciled + 1))
check "after the backoff: the table is the config" "$(table 2 rr)" "$(kernel)"
check "NAT carries HTTP again" "rs1 2
rs2 2" "$(tally client "http://$NAT_VIP/" 4)"

# 20 SIGHUPs, the config alternating between two versions while they
# come; the last one is a third. Reloads run one at a time, so once the
# table is the last config, no reload of an older file is still to come:
# one that read the last file started after every earlier one ended.
unusable=$(grep -c "not usable" "$LOG")
i=1
while [ $i -le 20 ]; do
	if [ $i -eq 20 ]; then
		put_config "$(config 1 sh)"
	elif [ $((i % 2)) -eq 1 ]; then
		put_config "$(config 7 wlc)"
	else
		put_config "$(config 4 wrr)"
	fi
	kill -HUP "$parent"
	i=$((i + 1))
done
wait_check "storm: the table is the final config" "$(table 1 sh)" kernel
check "storm: every reload read a usable config" "$unusable" "$(grep -c "not usable" "$LOG")"

# SIGTERM removes what was installed, with one FLUSH as the table is all
# ours; pid files go.
lab_stop "$parent"
check "stop: the table is empty" "" "$(kernel)"
check "stop: one operation (a FLUSH) for a table that is all ours" \
	"removed the IPVS table (what was installed): 1 operations (0 failed)" \
	"$(grep -o "removed the IPVS table.*failed)" "$LOG" | tail -n 1)"
[ ! -e /run/keepalived.pid ] && [ ! -e /run/checkers.pid ] || fail "pid files left behind"
echo "ok: pid files removed"

# -I keeps the table at stop; the next start reconciles it without churn.
reconciled=$(grep -c "IPVS table reconciled" "$LOG")
keepalived -G -I -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" $((reconciled + 1))
lab_stop "$(cat /run/keepalived.pid)"
wait_log "$LOG" "the IPVS table stays" 1
check "-I: the table stays" "$(table 1 sh)" "$(kernel)"
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" $((reconciled + 2))
check "restart over a kept table: no operation" 0 "$(grep "IPVS table reconciled" "$LOG" | tail -n 1 | sed 's/.* \([0-9]*\) operations.*/\1/')"

# A service of someone else's in the table: the stop removes our three
# services one by one and leaves it.
$IPVSADM -A -t 10.0.100.9:80 -s rr
lab_stop "$(cat /run/keepalived.pid)"
check "stop beside a foreign service: one operation per service of ours" \
	"removed the IPVS table (what was installed): 3 operations (0 failed)" \
	"$(grep -o "removed the IPVS table.*failed)" "$LOG" | tail -n 1)"
check "stop beside a foreign service: it stays" "-A -t 10.0.100.9:80 -s rr" "$(kernel)"
$IPVSADM -D -t 10.0.100.9:80

# A checker process that does not stop: the parent kills it after
# child_wait_time (5 s) and flushes the table itself.
keepalived -G -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" $((reconciled + 3))
child=$(cat /run/checkers.pid)
kill -STOP "$child"
lab_stop "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Healthcheck child process($child) did not stop within 5 s: killed" 1
wait_log "$LOG" "Flushed the IPVS table, so that no half-removed table stays" 1
check "overrun: the parent flushed the table" "" "$(kernel)"
