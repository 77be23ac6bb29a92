# Benchmark (guest script; run with
# `LAB_TIMEOUT=5400 tests/vm/lab.sh run bench/keepalived_quorum`): the
# guide's 35,000 virtual servers with quorum_up (R-KA-QUORUM), where it saw
# keepalived stall. Without alpha each runs quorum_up at start. One more
# virtual server has two live web servers behind TCP_CHECKs; once it is
# programmed, one web server is killed while the quorum_up scripts still
# run. For our keepalived and then Debian's 2.2.7, same config, same
# kernel: the time to a programmed table, the time until the killed server
# leaves the kernel (checking must not wait for the scripts), and the time
# until every quorum_up has run.
. /lab/lib.sh

SERVICES=${SERVICES:-35000}
CONF=/etc/keepalived/keepalived.conf
MARKS=/tmp/quorum-marks
PROBE=10.0.100.1:80
mkdir -p /etc/keepalived
lab_web_pair
lab_marker_script /etc/keepalived/up.sh "$MARKS"

awk -v n="$SERVICES" 'BEGIN {
	print "global_defs {\n enable_script_security\n script_user root\n}"
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
echo "config: $SERVICES virtual servers with quorum_up, and the probe $PROBE"

now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# until_true SECONDS CMD...: ms until CMD succeeds, or "timeout".
until_true() {
	limit=$(($1 * 1000))
	shift
	t0=$(now_ms)
	until "$@"; do
		if [ $(($(now_ms) - t0)) -gt "$limit" ]; then
			echo timeout
			return
		fi
		sleep 0.05
	done
	echo $(($(now_ms) - t0))
}

# sum MS...: their sum, or "timeout" if one is.
sum() {
	case "$*" in
	*timeout*) echo timeout ;;
	*) echo "$@" | awk '{ for (i = 1; i <= NF; i++) n += $i; print n }' ;;
	esac
}

both_dests() { [ "$(lab_dests $PROBE 2>/dev/null | wc -l)" = 2 ]; }
rs1_gone() { [ "$(lab_dests $PROBE)" = "10.0.3.2:80 1" ]; }
all_ran() { [ "$(wc -l <"$MARKS")" -ge "$SERVICES" ]; }

# run WHO: start (already done by the caller), probe, count the scripts.
run() {
	programmed=$(sum "$(until_true 1800 both_dests)" "$started")
	echo "$1: start to a programmed table: $programmed ms ($(wc -l <"$MARKS") quorum_up run by then)"
	kill $(ip netns pids rs1)
	gone=$(until_true 60 rs1_gone)
	echo "$1: killed real server out of the kernel after $gone ms ($(wc -l <"$MARKS") quorum_up run by then)"
	ran=$(until_true 1800 all_ran)
	echo "$1: every quorum_up run $ran ms after the kill"
	all=$(sum "$programmed" "$gone" "$ran")
}

t0=$(now_ms)
keepalived -G -D -g/tmp/ours.log -f "$CONF"
started=$(($(now_ms) - t0))
run ours
grep -E "Real server|Health changes|reconciled" /tmp/ours.log | sed 's/^/  /'
ours_programmed=$programmed ours_all=$all
lab_stop "$(cat /run/keepalived.pid)"
$IPVSADM -C
lab_httpd rs1
: >"$MARKS"

t0=$(now_ms)
$REF_KEEPALIVED -n -l -C -f "$CONF" -p /run/ref-keepalived.pid -c /run/ref-checkers.pid >/tmp/ref.log 2>&1 &
ref=$!
started=$(($(now_ms) - t0))
run "Debian's keepalived"
kill -TERM $ref
case "$programmed $ours_programmed $all $ours_all" in
*timeout*) echo "ratio: none (a timeout)" ;;
*) awk -v a="$programmed" -v b="$ours_programmed" -v c="$all" -v d="$ours_all" 'BEGIN {
	printf "ratio: Debian keepalived / ours: to a programmed table %.1fx, until every quorum_up ran %.1fx\n", a / b, c / d }' ;;
esac
