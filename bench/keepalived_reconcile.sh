# Benchmark (guest script): what our keepalived pays to read the kernel's
# table back, the first step of every start, respawn and reload. SERVICES
# NAT services (default 50,000) x 2 real servers are programmed, then the
# checker process is killed (-9) and the respawned one reconciles the full
# table: it reads it and finds nothing to change. On the stock ip_vs and on
# ip_vs_fnat, ROUNDS rounds (default 5) alternating the two modules, each
# round on a fresh module:
#
#   tests/vm/lab.sh run bench/keepalived_reconcile [SERVICES=N] [ROUNDS=N]
#
# Figures from the respawned process's "IPVS table reconciled" line: the
# read, and the whole reconcile (read, plan, send, books). The binary is
# the one the lab was prepared with, so the same script measures two
# builds (lab.sh prepare OLD; run; prepare NEW; run).
. /lab/lib.sh
. /lab/bench/lib.sh

SERVICES=${SERVICES:-50000}
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/reconcile.log
mkdir -p /etc/keepalived
awk -v n="$SERVICES" 'BEGIN {
	for (i = 0; i < n; i++) {
		vip = sprintf("10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256)
		printf "virtual_server %s 80 {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n", vip
		printf " real_server 192.168.1.%d 8080 {\n weight 2\n }\n", 1 + i % 250
		printf " real_server 192.168.2.%d 8080 {\n weight 1\n }\n}\n", 1 + i % 250
	}
}' >"$CONF"
echo "config: $SERVICES services x 2 real servers; $ROUNDS rounds, the stock ip_vs then ip_vs_fnat"

# field NAME: from the last "reconciled" line, the figure before " ms" of
# NAME ("read", "in all").
field() {
	grep "IPVS table reconciled" "$LOG" | tail -n 1 |
		sed -n "s/.* \([0-9.]*\) ms $1.*/\1/p; s/.*$1 \([0-9.]*\) ms.*/\1/p" | head -n 1
}

# round MODULE: start, respawn, stop on a fresh MODULE (stock or fnat).
round() {
	fresh_ipvs "$1"
	: >"$LOG"
	keepalived -n -l -G -C -f "$CONF" -p /run/rc.pid -c /run/rc-checkers.pid >"$LOG" 2>&1 &
	pid=$!
	wait_log_long 1
	child=$(cat /run/rc-checkers.pid)
	kill -9 "$child"
	wait_log_long 2
	grep "IPVS table reconciled" "$LOG" | tail -n 1 | grep -q " 0 operations" ||
		{ cat "$LOG"; fail "$1: the respawned process found something to change"; }
	sample "$1.read" "$(field read)"
	sample "$1.all" "$(field "in all")"
	echo "round $r, $1: read $(field read) ms, reconcile $(field "in all") ms"
	kill -TERM "$pid"
	wait "$pid"
}

# wait_log_long N: the Nth "reconciled" line, however long the start takes
# (minutes under TCG; the lab's timeout bounds it).
wait_log_long() {
	until logged_times "$LOG" "IPVS table reconciled" "$1"; do
		sleep 1
	done
}

every_pass() {
	round stock
	round fnat
}
each_round every_pass

echo
echo "medians of $ROUNDS rounds (min–max), the respawned checker process reconciling $SERVICES services x 2:"
echo "stock ip_vs: read $(summary stock.read ms 1), reconcile $(summary stock.all ms 1)"
echo "ip_vs_fnat:  read $(summary fnat.read ms 1), reconcile $(summary fnat.all ms 1)"
