# The benchmarks' samples and how they are reported (sourced; POSIX sh and
# awk only, so the lab's busybox guest runs it as the host does).
#
# A benchmark runs ROUNDS rounds (default 5), each measuring every side
# once in turn (ours, the peer, ours, the peer...), and records one sample
# per measure and round. A measure is reported as its median with the
# spread beside it, "1923 ms (1850–2010, n=5)", never as a best run; a
# ratio is that of two medians.
#
#   each_round CMD...          runs CMD ROUNDS times, r the round (1, 2...)
#   sample NAME VALUE          records one sample; a VALUE that is not a
#                              number (e.g. "timeout") is counted as missing
#   stats NAME DEC             "median min max n missing" (DEC decimals)
#   summary NAME [UNIT [DEC]]  its median (min–max, n=N), DEC decimals (0)
#   median NAME                the median alone, or "none"
#   ratio A B                  median(A) / median(B) as "2.31x", or "none"
#   now_ms                     milliseconds since boot (/proc/uptime)
#   ms_until T0 SECONDS CMD... polls CMD every $POLL s (0.05) until it
#                              succeeds; prints the ms from T0 (a now_ms)
#                              to then, or "timeout" after SECONDS
#   fresh_ipvs [fnat]          (lab) the table flushed and the IPVS module
#                              loaded afresh: ip_vs_fnat, or the stock ip_vs

ROUNDS=${ROUNDS:-5}
POLL=${POLL:-0.05}
BENCH_SAMPLES=${BENCH_SAMPLES:-/tmp/bench-samples.$$}
: >"$BENCH_SAMPLES"

each_round() {
	r=1
	while [ $r -le "$ROUNDS" ]; do
		"$@"
		r=$((r + 1))
	done
}

sample() {
	echo "$1 $2" >>"$BENCH_SAMPLES"
}

stats() {
	awk -v name="$1" -v dec="$2" '
		$1 != name { next }
		$2 ~ /^-?[0-9]+(\.[0-9]*)?$/ { v[n++] = $2 + 0; next }
		{ missing++ }
		END {
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
					t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
				}
			f = "%." dec "f"
			if (n == 0)
				printf "none none none 0 %d\n", missing
			else
				printf f " " f " " f " %d %d\n", (v[int((n - 1) / 2)] + v[int(n / 2)]) / 2,
					v[0], v[n - 1], n, missing
		}' "$BENCH_SAMPLES"
}

summary() {
	stats "$1" "${3:-0}" | {
		read -r med min max n missing
		unit=${2:+ $2}
		if [ "$n" = 0 ]; then
			printf 'none (%s missing)\n' "$missing"
		elif [ "$missing" = 0 ]; then
			printf '%s%s (%s–%s, n=%s)\n' "$med" "$unit" "$min" "$max" "$n"
		else
			printf '%s%s (%s–%s, n=%s; %s missing)\n' "$med" "$unit" "$min" "$max" "$n" "$missing"
		fi
	}
}

median() {
	stats "$1" 6 | {
		read -r med _
		echo "$med"
	}
}

ratio() {
	awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN {
		if (a == "none" || b == "none" || b + 0 == 0)
			print "none"
		else
			printf "%.2fx\n", a / b
	}'
}

# /proc/uptime has centiseconds; read is a shell builtin, so this costs no
# program start (the guest's clock is read the same way for every side).
now_ms() {
	read -r up _ </proc/uptime
	echo $((${up%.*} * 1000 + (1${up#*.} - 100) * 10))
}

ms_until() {
	_ms_t0=$1 _ms_limit=$(($2 * 1000))
	shift 2
	until "$@"; do
		if [ $(($(now_ms) - _ms_t0)) -gt "$_ms_limit" ]; then
			echo timeout
			return
		fi
		sleep "$POLL"
	done
	echo $(($(now_ms) - _ms_t0))
}

# The stock ip_vs keeps deleted destinations in a trash list for minutes
# (IP_VS_DEST_TRASH_PERIOD, 120 s) and every destination added walks that
# list: a start right after the stop of a large table pays for the table
# before it (in the lab, 50,000 services x 2 started in 12 s on a fresh
# module, in 188 s right after such a table was removed). Every timed
# start begins on a fresh module.
fresh_ipvs() {
	$IPVSADM -C
	for m in $(lsmod | awk '$1 ~ /^ip_vs_/ { print $1 }'); do
		rmmod "$m"
	done
	! lsmod | grep -q '^ip_vs ' || rmmod ip_vs || fail "cannot unload ip_vs"
	if [ "$1" = fnat ]; then
		modprobe ip_vs_fnat || fail "cannot load ip_vs_fnat"
	else
		modprobe ip_vs && modprobe ip_vs_wlc || fail "cannot load ip_vs"
	fi
}
