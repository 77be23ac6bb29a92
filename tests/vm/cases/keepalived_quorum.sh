# quorum, omega and vip_bind_dev in our keepalived daemon (issue 5).
# QVIP: quorum 2 over rs1 and rs2 (weight 1), omega, quorum_up marks and
# adds QVIP to lo as the EulerOS guide does, quorum_down marks. BVIP:
# vip_bind_dev lo. EVIP: no real servers, quorum_up and vip_bind_dev.
# Start: quorum_up runs (no alpha) and puts QVIP on lo, BVIP is bound,
# EVIP gets quorum_up but no bound address (guide §3.2 a). rs1 down:
# quorum lost, quorum_down runs, BVIP stays (rs2 lives) and carries
# traffic. rs2 down too: BVIP leaves lo. Both back: quorum_up again, BVIP
# back. SIGTERM: omega runs quorum_down, BVIP leaves lo, QVIP (put there
# by quorum_up alone) stays (guide §3.2 b).
. /lab/lib.sh

QVIP=10.0.100.1
BVIP=10.0.100.2
EVIP=10.0.100.3
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log
MARKS=/tmp/quorum-marks

lab_web_pair
lab_marker_script /etc/keepalived/mark.sh "$MARKS"

service='delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP'
real_servers='real_server 10.0.2.2 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
	real_server 10.0.3.2 80 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}'
cat >"$CONF" <<EOF
global_defs {
	enable_script_security
	script_user root
}
virtual_server $QVIP 80 {
	$service
	omega
	quorum 2
	hysteresis 0
	quorum_up "/etc/keepalived/mark.sh up Q; /usr/bin/ip addr add $QVIP/32 dev lo;"
	quorum_down "/etc/keepalived/mark.sh down Q"
	$real_servers
}
virtual_server $BVIP 80 {
	$service
	vip_bind_dev lo
	$real_servers
}
virtual_server $EVIP 80 {
	$service
	vip_bind_dev lo
	quorum_up "/etc/keepalived/mark.sh up E"
}
EOF

# on_lo ADDR: "yes" if ADDR/32 is on lo.
on_lo() {
	if ip -4 addr show dev lo | grep -q " $1/32 "; then echo yes; else echo no; fi
}

# wait_lo ADDR yes|no WHAT: until on_lo says so, 15 s at most; then checks.
wait_lo() {
	i=0
	while [ "$(on_lo "$1")" != "$2" ] && [ $i -lt 150 ]; do
		i=$((i + 1))
		sleep 0.1
	done
	check "$3" "$2" "$(on_lo "$1")"
}

marks() { grep -c "^$1\$" "$MARKS"; }

keepalived -G -D -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1
wait_log "$MARKS" "^up Q$" 1
echo "ok: quorum_up ran at start (no alpha)"
wait_lo $QVIP yes "start: quorum_up put QVIP on lo"
wait_lo $BVIP yes "start: vip_bind_dev put BVIP on lo"
wait_log "$MARKS" "^up E$" 1
echo "ok: a virtual server without real servers runs quorum_up"
check "start: vip_bind_dev binds nothing without real servers" no "$(on_lo $EVIP)"
check "the client reaches both through BVIP" "rs1 2
rs2 2" "$(tally client "http://$BVIP/" 4)"

# rs1's httpd dies: 1 < quorum 2.
kill $(ip netns pids rs1)
waited=$(wait_dests "$QVIP:80" "10.0.3.2:80 1")
check "rs1 down: out of QVIP (after $waited s)" "10.0.3.2:80 1" "$(lab_dests "$QVIP:80")"
wait_log "$MARKS" "^down Q$" 1
echo "ok: quorum lost, quorum_down ran"
grep "Lost quorum" "$LOG"
check "rs1 down: BVIP stays on lo while rs2 lives" yes "$(on_lo $BVIP)"
# BVIP checks rs1 on its own schedule, so it may see the death later.
waited=$(wait_dests "$BVIP:80" "10.0.3.2:80 1")
check "rs1 down: out of BVIP (after $waited s)" "10.0.3.2:80 1" "$(lab_dests "$BVIP:80")"
check "BVIP carries traffic to rs2" "rs2 3" "$(tally client "http://$BVIP/" 3)"

# rs2's too: BVIP has no live real server.
kill $(ip netns pids rs2)
waited=$(wait_dests "$BVIP:80" "")
check "both down: BVIP has no destination (after $waited s)" "" "$(lab_dests "$BVIP:80")"
wait_lo $BVIP no "both down: BVIP removed from lo"
check "both down: quorum_down ran once" 1 "$(marks "down Q")"

# Both back.
lab_httpd rs1
lab_httpd rs2
wait_log "$MARKS" "^up Q$" 2
echo "ok: quorum gained again, quorum_up ran"
grep "Gained quorum" "$LOG"
wait_lo $BVIP yes "both back: BVIP on lo again"
waited=$(wait_dests "$QVIP:80" "10.0.2.2:80 1
10.0.3.2:80 1")
check "both back in QVIP (after $waited s)" "10.0.2.2:80 1
10.0.3.2:80 1" "$(lab_dests "$QVIP:80")"

# SIGTERM: omega's quorum_down, the bound address goes, quorum_up's stays.
lab_stop "$(cat /run/keepalived.pid)"
check "stop: omega ran quorum_down" 2 "$(marks "down Q")"
check "stop: vip_bind_dev's BVIP removed" no "$(on_lo $BVIP)"
check "stop: QVIP from quorum_up alone stays" yes "$(on_lo $QVIP)"
grep -E "quorum|vip_bind_dev" "$LOG"
