# Benchmark (guest script): SERVICES services (default 16,000) x DESTS
# destinations (default 4); -R, -Sn and -Ln of that table with Debian's
# ipvsadm 1.31 and ours, same kernel, same run, ROUNDS rounds (default 5)
# alternating the two tools; prints each median with its min and max, and
# the ratios of the medians. On the stock ip_vs (where a listing costs a
# dump per service for both tools) and on our ip_vs_fnat (where ours lists
# with one GET_TABLE dump and Debian's still asks per service).
#
#   tests/vm/lab.sh run bench/ipvsadm [SERVICES=N] [DESTS=N] [ROUNDS=N]
. /lab/lib.sh
. /lab/bench/lib.sh

SERVICES=${SERVICES:-16000}
DESTS=${DESTS:-4}

ref() { PATH=/oracle/bin:/bin ipvsadm "$@"; }
ours() { PATH=/usr/sbin:/bin ipvsadm "$@"; }

# timed NAME TOOL ARGS... <INPUT: runs once, records its ms as a sample
# of NAME; the tool's own output is dropped.
timed() {
	name=$1
	shift
	t0=$(now_ms)
	"$@" >/dev/null || echo "warning: $name exited $?"
	sample "$name" $(($(now_ms) - t0))
}

awk -v n=$SERVICES -v d=$DESTS 'BEGIN {
	for (i = 0; i < n; i++) {
		vip = sprintf("10.%d.%d.%d", 100 + int(i / 65536), int(i / 256) % 256, i % 256)
		printf "-A -t %s:80 -s wlc\n", vip
		for (j = 0; j < d; j++)
			printf "-a -t %s:80 -r 192.168.%d.%d:8080 -m -w %d\n", vip, j, 1 + i % 250, j + 1
	}
}' >/tmp/table.rules
echo "table: $SERVICES services x $DESTS destinations ($(wc -l </tmp/table.rules) rules)"

# measure KERNEL: -R, -Sn and -Ln by both tools on KERNEL (stock or fnat);
# in the first round, that both tools list the same and restore the same.
measure() {
	k=$1
	fresh_ipvs "$k"
	timed "$k.ref.R" ref -R </tmp/table.rules
	timed "$k.ref.Sn" ref -Sn
	timed "$k.ours.Sn" ours -Sn
	timed "$k.ref.Ln" ref -Ln
	timed "$k.ours.Ln" ours -Ln
	if [ $r = 1 ]; then
		ref -Sn >/tmp/ref.save
		ours -Sn >/tmp/ours.save
		cmp -s /tmp/ref.save /tmp/ours.save || fail "$k: ours -Sn differs from Debian's on the big table"
		ref -Ln >/tmp/ref.list
		ours -Ln >/tmp/ours.list
		cmp -s /tmp/ref.list /tmp/ours.list || fail "$k: ours -Ln differs from Debian's on the big table"
	fi

	fresh_ipvs "$k"
	timed "$k.ours.R" ours -R </tmp/table.rules
	if [ $r = 1 ]; then
		ref -Sn >/tmp/after.save
		cmp -s /tmp/ref.save /tmp/after.save || fail "$k: the table restored by ours differs from Debian's"
	fi
	echo "round $r, $k: done"
}

both() {
	measure stock
	measure fnat
}
each_round both
ref -C

echo
echo "medians of $ROUNDS rounds (min–max), ms:"
for k in stock fnat; do
	for op in R Sn Ln; do
		printf '%-6s -%-3s Debian %-28s ours %-28s ratio %s\n' $k $op "$(summary $k.ref.$op)" \
			"$(summary $k.ours.$op)" "$(ratio $k.ref.$op $k.ours.$op)"
	done
done
