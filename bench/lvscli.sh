# Benchmark (guest script): one virtual server added over JSON-RPC against
# the same change made by a SIGHUP reload, with SERVICES virtual servers
# (default 50,000) loaded by our keepalived on ip_vs_fnat:
#
#   tests/vm/lab.sh run bench/lvscli [SERVICES=N] [ROUNDS=N] [CALLS=N]
#
# Each of ROUNDS rounds (default 5) makes CALLS/ROUNDS calls (CALLS default
# 200) and then one reload, alternating: `lvscli keep add` of a full-NAT
# service with 4 real servers and 2 local addresses (7 operations), then
# `lvscli keep del` of it; and the same service appended to keepalived.conf
# with kill -HUP, then taken out with another. The figures are the
# daemon's own, from its log, on one clock: for a call, from the request
# read off the socket to the kernel's last ACK (the reply follows at
# once); for a reload, from SIGHUP to the reload's last ACK. A call is
# reported as p50 and p99 over all calls (the target: p50 < 2 ms, p99 <
# 10 ms), a reload as its median (min–max, n). The lab runs under TCG:
# both sides are slowed alike.
. /lab/lib.sh
. /lab/bench/lib.sh

SERVICES=${SERVICES:-50000}
CALLS=${CALLS:-200}
VIP=10.0.100.1
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log

fresh_ipvs fnat
ip addr add 10.0.200.1/32 dev lo
ip addr add 10.0.200.2/32 dev lo
mkdir -p /etc/keepalived
{
	printf 'local_address_group pool {\n\t10.0.200.1-2\n}\n'
	awk -v n="$SERVICES" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "virtual_server 10.%d.%d.%d 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n",
				101 + int(i / 65536), int(i / 256) % 256, i % 256
			printf " real_server 192.168.1.%d 8080 {\n }\n}\n", 1 + i % 250
		}
	}'
} >/tmp/base.conf
cat >/tmp/svc.conf <<EOT
virtual_server $VIP 80 {
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name pool
	real_server 10.0.2.2 80 {
	}
	real_server 10.0.3.2 80 {
	}
	real_server 10.0.4.2 80 {
	}
	real_server 10.0.5.2 80 {
	}
}
EOT
cat /tmp/base.conf /tmp/svc.conf >/tmp/with.conf
cp -p /tmp/base.conf "$CONF"
echo "config: $SERVICES services; $ROUNDS rounds of $((CALLS / ROUNDS)) add+del calls and one reload each"

keepalived -n -l -G -C -D --rpc-state-dir=/tmp/lvscli-state -f "$CONF" >"$LOG" 2>&1 &
polled 3000 logged_times "$LOG" "IPVS table reconciled" 1 || { tail "$LOG"; fail "keepalived did not start"; }
grep "IPVS table reconciled" "$LOG"

reloads=0
# reload FILE: FILE as the config, kill -HUP, until the reload is done;
# prints its "last ACK N ms from SIGHUP".
reload() {
	cp "$1" "$CONF"
	reloads=$((reloads + 1))
	kill -HUP "$(cat /run/keepalived.pid)"
	polled 3000 logged_times "$LOG" "Reload applied" $reloads || fail "reload $reloads did not end"
	grep "Reload applied" "$LOG" | tail -n 1 | sed 's/.*last ACK \([0-9.]*\) ms from SIGHUP.*/\1/'
}

round() {
	i=0
	while [ $i -lt $((CALLS / ROUNDS)) ]; do
		lvscli keep add /tmp/svc.conf >/dev/null || fail "add refused"
		lvscli keep del $VIP 80 >/dev/null || fail "del refused"
		i=$((i + 1))
	done
	sample reload.add "$(reload /tmp/with.conf)"
	reload /tmp/base.conf >/dev/null
}
each_round round

grep -o "JSON-RPC virtual_server.add TCP $VIP:80: [0-9]* operations in [0-9.]* ms" "$LOG" >/tmp/adds
check "every add sent its 7 operations" "$CALLS" "$(grep -c ': 7 operations' /tmp/adds)"
awk '{ print $(NF - 1) }' /tmp/adds | sort -n >/tmp/add_ms
# percentile P: the nearest-rank percentile of the sorted samples.
percentile() { awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); print v[r < 1 ? 1 : r] }' /tmp/add_ms; }
p50=$(percentile 50)
p99=$(percentile 99)
echo "add over JSON-RPC, request to last ACK: p50 $p50 ms, p99 $p99 ms (min $(head -n 1 /tmp/add_ms), max $(tail -n 1 /tmp/add_ms), n=$(wc -l </tmp/add_ms))"
echo "the same add by SIGHUP reload, SIGHUP to last ACK: $(summary reload.add ms 1)"
awk -v r="$(median reload.add)" -v p="$p50" 'BEGIN { printf "reload / call (medians): %.0fx\n", r / p }'
awk -v p50="$p50" -v p99="$p99" 'BEGIN { printf "target p50 < 2 ms, p99 < 10 ms: %s\n", (p50 < 2 && p99 < 10) ? "met" : "not met" }'
lab_stop "$(cat /run/keepalived.pid)"
