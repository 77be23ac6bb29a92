# Differential test: Debian's ipvsadm 1.31 and ours run the same command
# sequences against the same real kernel, each from an empty table; stdout,
# stderr and exit status of every command must be identical, and so must
# the table each leaves behind, read back by both tools.
. /lab/lib.sh
set -f # corpus lines hold [v6]:port words, which are not globs

ip link add eth0 type dummy # the sync daemon's default interface
ip link set eth0 up
printf '10.0.0.7\tweb1\n192.168.20.1\trs1\n192.168.20.2\trs2\n' >>/etc/hosts

corpus=/lab/ipvsadm/corpus.txt
fuzz=/tmp/fuzz.txt
awk -v seed="${IPVSADM_FUZZ_SEED:-1}" -v count=300 -f /lab/ipvsadm/fuzz.awk >"$fuzz"

ref() { PATH=/oracle/bin:/bin ipvsadm "$@"; }
ours() { PATH=/usr/sbin:/bin ipvsadm "$@"; }

# A clean kernel table, always by the reference tool.
reset_table() {
	ref -C
	ref --set 900 120 300
	ref --stop-daemon master 2>/dev/null
	ref --stop-daemon backup 2>/dev/null
}

# Everything that can be listed, by one tool.
dump() {
	for args in -Sn -S -Ln -L "-Ln --stats --exact" "-Ln --rate" "-Ln --thresholds" \
		"-Ln --persistent-conn" "-Ln --tun-info" "-L --timeout" "-L --daemon"; do
		echo "# ipvsadm $args"
		# shellcheck disable=SC2086
		$1 $args 2>&1
		echo "# exit=$?"
	done
}

# transcript TOOL FILE: run FILE's blocks with TOOL; table dumps by both tools.
transcript() {
	tool=$1
	: >/tmp/stdin
	block=
	while IFS= read -r line; do
		case $line in
		'#'* | '') continue ;;
		'== '*)
			[ -n "$block" ] && end_block
			block=${line#== }
			echo "=== $block"
			reset_table
			continue
			;;
		'<'*)
			line=${line#<}
			echo "${line# }" >>/tmp/stdin
			continue
			;;
		esac
		echo "### \$ ipvsadm $line"
		eval "set -- $line"
		$tool "$@" </tmp/stdin >/tmp/out 2>/tmp/err
		rc=$?
		cat /tmp/out
		echo "--- stderr:"
		cat /tmp/err
		echo "--- exit=$rc"
		: >/tmp/stdin
	done <"$2"
	end_block
}
end_block() {
	dump ref >/tmp/dump.ref
	dump ours >/tmp/dump.ours
	echo "=== table after '$block', read by Debian's ipvsadm"
	cat /tmp/dump.ref
	# Both transcripts would carry the same difference: record it apart.
	if ! diff /tmp/dump.ref /tmp/dump.ours >/tmp/dump.diff; then
		echo "=== after '$block' our reading of the table differs (- Debian, + ours):" >>/tmp/readings
		cat /tmp/dump.diff >>/tmp/readings
	fi
}

: >/tmp/readings
status=0
for input in "$corpus" "$fuzz"; do
	name=$(basename "$input")
	transcript ref "$input" >"/tmp/ref.$name"
	transcript ours "$input" >"/tmp/ours.$name"
	if diff -u "/tmp/ref.$name" "/tmp/ours.$name" >"/tmp/diff.$name"; then
		echo "ok: $name: $(grep -c '^### ' "/tmp/ref.$name") commands identical"
	else
		echo "FAIL: $name: ours differs from Debian's ipvsadm 1.31 (- Debian, + ours):"
		head -n 300 "/tmp/diff.$name"
		status=1
	fi
done
if [ -s /tmp/readings ]; then
	echo "FAIL: the same table read by both tools differs:"
	head -n 200 /tmp/readings
	status=1
else
	echo "ok: every table left behind reads the same with both tools"
fi
reset_table

# Our local-address extensions on the stock ip_vs, which has no such
# commands: each says what it needs, with an empty table too (and -S,
# read above by both tools, saves no -P lines).
needs_fnat="Local addresses need the full-NAT module (ipvs-switch fnat)
255"
for table in empty one; do
	[ $table = one ] && ref -A -t 10.0.0.1:80 -s rr
	for args in "-P -t 10.0.0.1:80 -z 127.0.0.1" "-Q -t 10.0.0.1:80 -z 127.0.0.1" "-G" "-G --json"; do
		got=$(ours $args 2>&1; echo $?)
		if [ "$got" = "$needs_fnat" ]; then
			echo "ok: ipvsadm $args ($table table) needs the full-NAT module"
		else
			echo "FAIL: ipvsadm $args ($table table) on the stock ip_vs: $got"
			status=1
		fi
	done
done
got=$(ours -G -t 10.0.0.1:80 2>&1; echo $?)
if [ "$got" = "$needs_fnat" ]; then
	echo "ok: ipvsadm -G -t needs the full-NAT module"
else
	echo "FAIL: ipvsadm -G -t on the stock ip_vs: $got"
	status=1
fi
reset_table

# Connections are only listed from a table that carries traffic.
VIP=10.0.100.1
lab_director
lab_host client 1
lab_host rs1 2
lab_httpd rs1
ip addr add "$VIP/32" dev lo
ref -A -t "$VIP:80" -s rr -p 60
ref -a -t "$VIP:80" -r 10.0.2.2:80 -m
tally client "http://$VIP/" 3 >/dev/null
# Expiry counts down each second and each entry ticks on its own, so rows
# are compared with the expiry masked, and each expiry must be within a
# second of Debian's reading.
mask_expiry() { sed -E 's/^(... )[0-9]{2}:[0-9]{2} /\1MM:SS /'; }
seconds() { awk 'NR > 2 { split($2, t, ":"); print t[1] * 60 + t[2] }'; }
for args in -Lnc -Lc "-Lnc --persistent-conn" "-Lc --persistent-conn"; do
	# shellcheck disable=SC2086
	r=$(ref $args 2>&1) o=$(ours $args 2>&1)
	echo "$r" | seconds >/tmp/r.sec
	echo "$o" | seconds >/tmp/o.sec
	far=$(paste -d ' ' /tmp/r.sec /tmp/o.sec | awk '{ d = $1 - $2; if (d > 1 || d < -1) n++ } END { print n + 0 }')
	if [ "$(echo "$r" | mask_expiry)" = "$(echo "$o" | mask_expiry)" ] && [ "$far" = 0 ]; then
		echo "ok: ipvsadm $args identical"
	else
		echo "FAIL: ipvsadm $args differs; Debian's:"
		echo "$r"
		echo "ours:"
		echo "$o"
		status=1
	fi
done
exit $status
