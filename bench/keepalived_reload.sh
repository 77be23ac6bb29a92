# Benchmark (guest script): SERVICES NAT services (default 50,000) x 2 real
# servers under our keepalived and under Debian's keepalived 2.2.7, on the
# same kernel, ROUNDS rounds (default 5) alternating ours and theirs:
#
#   tests/vm/lab.sh run bench/keepalived_reload [SERVICES=N] [ROUNDS=N] [POLL=S]
#
# Both sides are started alike (-n -l -G -C: the log on stderr into a file
# of /tmp, no syslog, which in the guest would go to the serial console),
# from the same file (with lvs_flush_on_stop, which 2.2.7 has), and watched
# alike: one poller reads the kernel's table every POLL s (0.05) with one
# ipvsadm. Per round and side:
#   start    launch to the last service in the kernel
#   reload   kill -HUP, with one weight changed, to the new weight in the
#            kernel
#   stop     kill -TERM to the exit of the process, and what it left
# For ours also, from its "Reload applied" line: kill -HUP to the last
# netlink ACK of the reload (the line gives that moment on the clock the
# script reads), and SIGHUP to that ACK in the checker process. Under TCG
# the poller itself slows the daemon it watches, so each round ends with
# ours once more, unwatched: the same reload timed by its log line alone,
# the target's figure. Last, on the same guest, keepalived_reload_bench
# (when built before the lab was prepared): the same reload's user-space
# steps against a kernel that only counts, which on the host take what the
# emulation here multiplies.
. /lab/lib.sh
. /lab/bench/lib.sh

SERVICES=${SERVICES:-50000}
CHANGED=$((SERVICES * 5 / 8))
CONF=/etc/keepalived/keepalived.conf
mkdir -p /etc/keepalived

# config CHANGED: every service, the second real server of service
# CHANGED with weight 7 (none: -1).
config() {
	awk -v n="$SERVICES" -v changed="$1" 'BEGIN {
		print "global_defs {\n lvs_flush_on_stop\n}"
		for (i = 0; i < n; i++) {
			vip = sprintf("10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256)
			printf "virtual_server %s 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n", vip
			printf " real_server 192.168.1.%d 8080 {\n weight 2\n }\n", 1 + i % 250
			printf " real_server 192.168.2.%d 8080 {\n weight %d\n }\n}\n", 1 + i % 250, (i == changed ? 7 : 1)
		}
	}'
}

vip_of() { awk -v i="$1" 'BEGIN { printf "10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256 }'; }
LAST=$(vip_of $((SERVICES - 1))):80
CHANGED_VS=$(vip_of $CHANGED):80
CHANGED_RS=192.168.2.$((1 + CHANGED % 250)):8080

# weight_is VIP:PORT RS WEIGHT: the kernel gives RS of the service WEIGHT
# (read in the shell: the poll starts one program, ipvsadm).
weight_is() {
	set -- "$2" "$3" $($IPVSADM -Ln -t "$1" 2>/dev/null)
	rs=$1 w=$2
	shift 2
	while [ $# -ge 3 ]; do
		[ "$1" = "$rs" ] && [ "$2" = Masq ] && [ "$3" = "$w" ] && return 0
		shift
	done
	return 1
}

services_left() { $IPVSADM -Ln | grep -c '^TCP'; }

# Written before any daemon starts, so that no file time is as new as the
# read that takes it (our loader reads a file changed during its read
# again): copies keep these times (cp -p).
config $CHANGED >/tmp/changed.conf
config -1 >/tmp/base.conf
echo "config: $SERVICES services x 2 real servers, $(wc -l </tmp/base.conf) lines; $ROUNDS rounds, ours then Debian's"

# launch SIDE BINARY: the daemon on the base config, its log in
# /tmp/SIDE.log; t0 when it was started.
launch() {
	log=/tmp/$1.log
	cp -p /tmp/base.conf "$CONF"
	: >"$log"
	t0=$(now_ms)
	"$2" -n -l -G -C -f "$CONF" -p "/run/$1.pid" -c "/run/$1-checkers.pid" >"$log" 2>&1 &
	pid=$!
}

# change: the config with one weight changed, put in place in one step.
change() {
	cp -p /tmp/changed.conf "$CONF.new"
	mv "$CONF.new" "$CONF"
}

# acked NAME T0: from our "Reload applied" line, records NAME.hup_ack (the
# kill -HUP at T0 to the last ACK) and NAME.sighup_ack (the same in the
# checker process), also left in kill_to_ack and sighup_ack.
acked() {
	line=$(grep "Reload applied" "$log")
	at=$(echo "$line" | sed -n 's/.*last ACK \([0-9.]*\) ms from SIGHUP, at \([0-9.]*\) s since boot.*/\1 \2/p')
	[ -n "$at" ] || fail "$1: no last ACK in: $line"
	sighup_ack=${at% *}
	kill_to_ack=$(awk -v at="${at#* }" -v t0="$2" 'BEGIN { printf "%.0f", at * 1000 - t0 }')
	sample "$1.hup_ack" "$kill_to_ack"
	sample "$1.sighup_ack" "$sighup_ack"
}

# halt: kill -TERM to the exit, in ms in stop; then a fresh module.
halt() {
	t0=$(now_ms)
	kill -TERM $pid
	wait $pid
	stop=$(($(now_ms) - t0))
	left=$(services_left)
	fresh_ipvs
}

# round SIDE BINARY: one start, reload and stop, watched by the poller,
# recorded as SIDE.start, SIDE.reload and SIDE.stop (ms) and SIDE.left
# (services left).
round() {
	side=$1
	launch "$side" "$2"
	start=$(ms_until "$t0" 3600 weight_is "$LAST" "192.168.2.$((1 + (SERVICES - 1) % 250)):8080" 1)
	sample "$side.start" "$start"
	[ "$start" != timeout ] || { cat "$log"; fail "$side: no programmed table after an hour"; }

	change
	t0=$(now_ms)
	kill -HUP $pid
	reload=$(ms_until "$t0" 3600 weight_is "$CHANGED_VS" "$CHANGED_RS" 7)
	sample "$side.reload" "$reload"
	[ "$reload" != timeout ] || { cat "$log"; fail "$side: the new weight not in the kernel after an hour"; }
	note=""
	if [ "$side" = ours ]; then
		wait_log "$log" "Reload applied" 1
		acked ours "$t0"
		sample ours.lag $((reload - kill_to_ack))
		note=" (kill -HUP to the last ACK $kill_to_ack ms; in the checker process, SIGHUP to it $sighup_ack ms)"
	fi

	halt
	sample "$side.stop" "$stop"
	sample "$side.left" "$left"
	echo "round $r, $side: start $start ms, reload $reload ms$note, stop $stop ms ($left services left)"
}

# logged PATTERN: until the log has it, looked at once a second (the lab's
# timeout bounds the wait).
logged() {
	until grep -q "$1" "$log"; do
		sleep 1
	done
}

# alone: ours once more with no poller at work (under TCG one slows the
# daemon it watches): the reload's last ACK from its log line alone,
# recorded as alone.hup_ack and alone.sighup_ack.
alone() {
	launch alone keepalived
	logged "IPVS table reconciled"
	change
	t0=$(now_ms)
	kill -HUP $pid
	logged "Reload applied"
	acked alone "$t0"
	halt
	echo "round $r, ours unwatched: kill -HUP to the last ACK $kill_to_ack ms; in the checker process, SIGHUP to it $sighup_ack ms"
}

every_pass() {
	round ours keepalived
	round debian "$REF_KEEPALIVED"
	alone
}
each_round every_pass
echo "ours, start to a programmed table:"
grep "IPVS table reconciled" /tmp/ours.log | sed 's/.*: IPVS/  IPVS/'
echo "ours, the last reload:"
grep "Reload applied" /tmp/ours.log | sed 's/.*: Reload/  Reload/'

echo
echo "medians of $ROUNDS rounds (min–max), each side watched by the same poller of the kernel's table:"
echo "start to the last service in the kernel: Debian $(summary debian.start ms), ours $(summary ours.start ms); ratio $(ratio debian.start ours.start)"
echo "reload, kill -HUP to the new weight in the kernel: Debian $(summary debian.reload ms), ours $(summary ours.reload ms); ratio $(ratio debian.reload ours.reload)"
echo "ours, kill -HUP to the reload's last netlink ACK: $(summary ours.hup_ack ms)"
echo "ours, in the checker process, SIGHUP to that ACK: $(summary ours.sighup_ack ms 1)"
echo "the poller's lag behind that ACK (its resolution, for both sides): $(summary ours.lag ms)"
echo "ours unwatched (no poller at work), kill -HUP to the last ACK: $(summary alone.hup_ack ms) (target < 200 ms); in the checker process: $(summary alone.sighup_ack ms 1)"
echo "stop, kill -TERM to exit: Debian $(summary debian.stop ms) leaving $(summary debian.left services), ours $(summary ours.stop ms) leaving $(summary ours.left services)"

if command -v keepalived_reload_bench >/dev/null; then
	echo
	echo "the same reload's user-space steps on this guest, against a counting kernel (keepalived_reload_bench):"
	keepalived_reload_bench "$SERVICES" "$ROUNDS"
else
	echo "(keepalived_reload_bench was not built when the lab was prepared: no user-space figure from the guest)"
fi
