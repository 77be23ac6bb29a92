# Benchmark (guest script; run with
# `LAB_TIMEOUT=3600 tests/vm/lab.sh run bench/keepalived_reload`): our
# keepalived with 50,000 NAT services x 2 real servers. Times the start
# (read back, plan, program), three reloads that each change one real
# server's weight (from SIGHUP to applied, from the daemon's own log
# line, and the operations sent), and the stop (SIGTERM to an empty
# table). Then Debian's keepalived 2.2.7 with the same config on the same
# kernel: its start and one such reload, timed from outside (until the
# kernel shows the last service, the changed weight), to print the ratio.
. /lab/lib.sh

SERVICES=50000
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log
mkdir -p /etc/keepalived

# config CHANGED: every service, the second real server of service
# CHANGED with weight 7.
config() {
	awk -v n=$SERVICES -v changed="$1" 'BEGIN {
		for (i = 0; i < n; i++) {
			vip = sprintf("10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256)
			printf "virtual_server %s 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n", vip
			printf " real_server 192.168.1.%d 8080 {\n weight 2\n }\n", 1 + i % 250
			printf " real_server 192.168.2.%d 8080 {\n weight %d\n }\n}\n", 1 + i % 250, (i == changed ? 7 : 1)
		}
	}'
}

now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

vip_of() { awk -v i="$1" 'BEGIN { printf "10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256 }'; }

# weight SERVICE: the kernel's weight for its second real server, if any.
weight() {
	$IPVSADM -Ln -t "$(vip_of "$1"):80" 2>/dev/null | awk '$2 ~ /^192\.168\.2\./ { print $4 }'
}

# until_weight SERVICE WEIGHT: ms until the kernel has it (give up after
# 30 minutes: "timeout").
until_weight() {
	t0=$(now_ms)
	while [ "$(weight "$1")" != "$2" ]; do
		if [ $(($(now_ms) - t0)) -gt 1800000 ]; then
			echo timeout
			return
		fi
		sleep 0.05
	done
	echo $(($(now_ms) - t0))
}

# until_logged PATTERN N: until the log has N lines matching PATTERN (the
# lab's own timeout bounds it: a start of 50,000 services takes long).
until_logged() {
	while [ "$(grep -c "$1" "$LOG" 2>/dev/null)" -lt "$2" ]; do
		sleep 0.2
	done
}

config -1 >"$CONF"
echo "config: $SERVICES services x 2 real servers, $(wc -l <"$CONF") lines"
t0=$(now_ms)
keepalived -G -g"$LOG" -f "$CONF"
until_logged "IPVS table reconciled" 1
echo "start: $(($(now_ms) - t0)) ms to a programmed table"
grep "IPVS table reconciled" "$LOG" | sed 's/.*: IPVS/  IPVS/'
echo "kernel: $($IPVSADM -Ln | grep -c '^TCP') services"

for changed in 31337 4242 31337; do
	config "$changed" >"$CONF.new"
	mv "$CONF.new" "$CONF"
	sleep 1 # past the file time's clock tick: no re-read for a fresh file
	n=$(grep -c "Reload applied" "$LOG")
	kill -HUP "$(cat /run/keepalived.pid)"
	until_logged "Reload applied" $((n + 1))
	grep "Reload applied" "$LOG" | tail -n 1 | sed 's/.*: Reload/  reload (service '"$changed"'):/'
done
ours=$(grep "Reload applied" "$LOG" | awk '{ for (i = 1; i <= NF; i++) if ($i == "from") print $(i - 2) }' |
	sed 's/ms//' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "reload, SIGHUP to applied: median $ours ms (target < 200 ms)"

t0=$(now_ms)
parent=$(cat /run/keepalived.pid)
kill -TERM "$parent"
while kill -0 "$parent" 2>/dev/null; do
	sleep 0.1
done
echo "stop: $(($(now_ms) - t0)) ms to an empty table ($($IPVSADM -Ln | grep -c '^TCP') services left)"
grep "Stopping" "$LOG" | sed 's/.*: Stopping/  stopping/'

# Debian's keepalived 2.2.7: same config, same kernel, timed from outside.
config -1 >"$CONF"
t0=$(now_ms)
$REF_KEEPALIVED -n -l -C -f "$CONF" -p /run/ref-keepalived.pid -c /run/ref-checkers.pid >/tmp/ref.log 2>&1 &
ref=$!
start=$(until_weight $((SERVICES - 1)) 1)
echo "Debian's keepalived: start: $start ms to the last service programmed"
config 31337 >"$CONF.new"
mv "$CONF.new" "$CONF"
sleep 1
kill -HUP $ref
theirs=$(until_weight 31337 7)
echo "Debian's keepalived: reload (service 31337), SIGHUP to the new weight in the kernel: $theirs ms"
if [ "$theirs" != timeout ]; then
	awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "reload ratio: Debian keepalived / ours = %.1fx\n", a / b }'
fi
t0=$(now_ms)
kill -TERM $ref
while kill -0 $ref 2>/dev/null && [ $(($(now_ms) - t0)) -lt 1800000 ]; do
	sleep 0.1
done
echo "Debian's keepalived: stop: $(($(now_ms) - t0)) ms to exit ($($IPVSADM -Ln | grep -c '^TCP') services left)"
