# Benchmark (guest script): the guide's 35,000 virtual servers with
# quorum_up (R-KA-QUORUM), where it saw keepalived stall. Without alpha
# each runs quorum_up at start. One more virtual server has two live web
# servers behind TCP_CHECKs; once it is programmed, one web server is
# killed while the quorum_up scripts still run. Our keepalived and Debian's
# 2.2.7, same config, same kernel, ROUNDS rounds (default 5) alternating
# ours and theirs:
#
#   tests/vm/lab.sh run bench/keepalived_quorum [SERVICES=N] [ROUNDS=N]
#
# Both are started alike (-n -l -G -C: the log on stderr into a file of
# /tmp, no syslog, which in the guest would go to the serial console) and
# watched alike, by one poller (every POLL s, 0.05) of the kernel's table
# and of the scripts' marks. Per round and side: launch to the probe
# service programmed (the last in the file), the kill to the killed server
# out of the kernel (checking must not wait for the scripts), and launch
# to every quorum_up run.
. /lab/lib.sh
. /lab/bench/lib.sh

SERVICES=${SERVICES:-35000}
CONF=/etc/keepalived/keepalived.conf
MARKS=/tmp/quorum-marks
PROBE=10.0.100.1:80
mkdir -p /etc/keepalived
lab_web_pair
lab_marker_script /etc/keepalived/up.sh "$MARKS"

awk -v n="$SERVICES" 'BEGIN {
	print "global_defs {\n enable_script_security\n script_user root\n lvs_flush_on_stop\n}"
	for (i = 0; i < n; i++) {
		printf "virtual_server 10.%d.%d.%d 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n",
			100 + int(i / 65536), int(i / 256) % 256, i % 256
		printf " quorum_up \"/etc/keepalived/up.sh %d\"\n real_server 192.168.1.%d 8080 {\n }\n}\n", i, 1 + i % 250
	}
	print "virtual_server 10.0.100.1 80 {\n delay_loop 1\n lb_algo rr\n lb_kind NAT\n protocol TCP"
	for (rs = 2; rs <= 3; rs++)
		printf " real_server 10.0.%d.2 80 {\n  TCP_CHECK {\n   connect_timeout 1\n   retry 0\n  }\n }\n", rs
	print "}"
}' >"$CONF"
echo "config: $SERVICES virtual servers with quorum_up, and the probe $PROBE; $ROUNDS rounds, ours then Debian's"

both_dests() { [ "$(lab_dests $PROBE 2>/dev/null | wc -l)" = 2 ]; }
rs1_gone() { [ "$(lab_dests $PROBE)" = "10.0.3.2:80 1" ]; }
all_ran() { [ "$(wc -l <"$MARKS")" -ge "$SERVICES" ]; }

# round SIDE BINARY: one start, kill and wait for the scripts, recorded as
# SIDE.programmed, SIDE.out and SIDE.all (ms).
round() {
	side=$1 log=/tmp/$1.log
	t0=$(now_ms)
	"$2" -n -l -G -C -f "$CONF" -p "/run/$side.pid" -c "/run/$side-checkers.pid" >"$log" 2>&1 &
	pid=$!
	programmed=$(ms_until "$t0" 1800 both_dests)
	ran_then=$(wc -l <"$MARKS")
	[ "$programmed" != timeout ] || { cat "$log"; fail "$side: the probe was not programmed in 30 minutes"; }
	t1=$(now_ms)
	kill $(ip netns pids rs1)
	out=$(ms_until "$t1" 60 rs1_gone)
	ran_out=$(wc -l <"$MARKS")
	all=$(ms_until "$t0" 1800 all_ran)
	sample "$side.programmed" "$programmed"
	sample "$side.out" "$out"
	sample "$side.all" "$all"
	echo "round $r, $side: programmed after $programmed ms ($ran_then quorum_up run by then); killed server out after $out ms ($ran_out run by then); every quorum_up run after $all ms"
	kill -TERM $pid
	wait $pid
	fresh_ipvs
	lab_httpd rs1
	: >"$MARKS"
}

both() {
	round ours keepalived
	round debian "$REF_KEEPALIVED"
}
each_round both
echo "ours, the last round:"
grep -E "Real server|Health changes|reconciled" /tmp/ours.log | sed 's/^/  /'

echo
echo "medians of $ROUNDS rounds (min–max), each side watched by the same poller:"
echo "launch to a programmed table: Debian $(summary debian.programmed ms), ours $(summary ours.programmed ms); ratio $(ratio debian.programmed ours.programmed)"
echo "a killed server out of the kernel: Debian $(summary debian.out ms), ours $(summary ours.out ms)"
echo "launch to every quorum_up run: Debian $(summary debian.all ms), ours $(summary ours.all ms); ratio $(ratio debian.all ours.all)"
