# Differential test of the full-NAT module's control plane: Debian's
# ipvsadm 1.31 runs the same commands against the stock ip_vs (first half of
# the boot) and against ip_vs_fnat (after swapping the modules); every
# command's output and exit status, every listing and /proc/net/ip_vs must
# be identical.
. /lab/lib.sh
set -f

# One command per line; "#" lines are comments.
cat >/tmp/commands <<'EOF'
-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.10.1:80 -m
-a -t 10.0.0.1:80 -r 192.168.10.2:8080 -m -w 3
-a -t 10.0.0.1:80 -r 192.168.10.3 -g -w 0
-a -t 10.0.0.1:80 -r 192.168.10.1:80 -m
-A -t 10.0.0.1:80 -s wlc
-A -u 10.0.0.1:53 -s wrr -p 360 -M 255.255.255.0
-a -u 10.0.0.1:53 -r 192.168.10.1:53 -g -w 2
-a -u 10.0.0.1:53 -r 192.168.10.4:53 -m -x 100 -y 10
-a -u 10.0.0.1:53 -r 192.168.10.5:53 -m -x 10 -y 100
-A -t 10.0.0.2:443 -s lc -p 300
-a -t 10.0.0.2:443 -r 192.168.10.5 -g
-E -t 10.0.0.2:443 -s wlc -p 60
-E -t 10.0.0.2:443 -s nosuch
-e -t 10.0.0.1:80 -r 192.168.10.2:8080 -m -w 5
-e -t 10.0.0.1:80 -r 192.168.10.9:80 -m
-d -t 10.0.0.1:80 -r 192.168.10.3:80
-d -t 10.0.0.1:80 -r 192.168.10.3:80
-D -t 10.0.0.9:80
-a -t 10.0.0.9:80 -r 192.168.10.1 -m
-E -t 10.0.0.9:80 -s rr
-A -f 7 -s rr
-a -f 7 -r 192.168.10.6:0 -g
-a -f 7 -r 192.168.10.7:0 -g -w 4
-A -t 10.0.0.3:80 -s nosuch
-A -t 10.0.0.4:0 -s rr -p
-A -t 10.0.0.5:80 -s wrr -b flag-1,flag-3
-a -t 10.0.0.5:80 -r 127.0.0.1:80 -m
-a -t 10.0.0.5:80 -r 224.0.0.1:80 -m
-a -t 10.0.0.5:80 -r 10.9.9.9:80 -m -w 2147483647
-A -t 10.0.0.6:8080 -s consh
-a -t 10.0.0.6:8080 -r 192.168.10.8:80 -m
# sh (with stock 6.1's flags), dh, lblc, persistence with netmasks
-A -t 10.0.0.7:80 -s sh -b sh-fallback,sh-port
-a -t 10.0.0.7:80 -r 192.168.10.1:80 -m -w 2
-a -t 10.0.0.7:80 -r 192.168.10.2:80 -m -x 50 -y 20
-E -t 10.0.0.7:80 -s sh -b sh-port -p 30 -M 255.255.0.0
-A -u 10.0.0.8:53 -s dh -p 120 -M 255.255.255.128
-a -u 10.0.0.8:53 -r 192.168.10.3:53 -g
-E -u 10.0.0.8:53 -s lblc -p 600
-A -f 9 -s lblc -p 45 -M 255.255.255.0
-a -f 9 -r 192.168.10.4:0 -g -w 3
-E -f 9 -s dh
-A -t 10.0.0.10:0 -s sh -p 20 -M 255.0.0.0
-a -t 10.0.0.10:0 -r 192.168.10.5 -m
--set 100 20 30
-L --timeout
--set 0 0 40
-L --timeout
-Z
-Z -t 10.0.0.1:80
-Z -t 10.0.0.9:80
-D -u 10.0.0.1:53
-L -n -t 10.0.0.1:80
-L -n -t 10.0.0.9:80
-D -f 7
-A -f 8 -s lc
EOF

# /proc/net/ip_vs with each service's block as one line, blocks sorted:
# the service order is the hash table's, which differs between modules.
proc_blocks() {
	awk 'NR <= 3 { print; next }
	     /^  ->/ { block = block "|" $0; next }
	     { if (block != "") print block; block = $0 }
	     END { if (block != "") print block }' /proc/net/ip_vs | sort
}

# run NAME: the command list, then every listing, by Debian's ipvsadm.
run() {
	$REF_IPVSADM -C
	$REF_IPVSADM --set 900 120 300
	while IFS= read -r line; do
		case $line in '#'* | '') continue ;; esac
		echo "### ipvsadm $line"
		# shellcheck disable=SC2086
		$REF_IPVSADM $line 2>&1
		echo "--- exit=$?"
	done </tmp/commands
	for args in -Ln -Sn -L -S "-Ln --stats" "-Ln --stats --exact" "-Ln --rate" \
		"-Ln --thresholds" "-Ln --persistent-conn" "-L --timeout" \
		"-L --daemon" "-Lnc"; do
		echo "### ipvsadm $args"
		# shellcheck disable=SC2086
		$REF_IPVSADM $args 2>&1
		echo "--- exit=$?"
	done
	echo "### /proc/net/ip_vs"
	proc_blocks
	$REF_IPVSADM -C
	echo "### after -C"
	$REF_IPVSADM -Ln
	proc_blocks
}

ip link set lo up
run >/tmp/stock.txt 2>&1
# Both own the IPVS interfaces: ours refuses to load beside the stock one.
# (The other way round the stock ip_vs refuses too, but only after procfs
# warned about /proc/net/ip_vs: ipvs-switch must unload before it loads.)
modprobe ip_vs_fnat 2>/dev/null && fail "ip_vs_fnat loads beside the stock ip_vs"
dmesg | grep -q 'IPVS is taken' || fail "ip_vs_fnat did not say why it refused"
echo "ok: ip_vs_fnat refuses to load beside the stock ip_vs"
lab_fnat_mode
lsmod | grep -q '^ip_vs_fnat' || fail "ip_vs_fnat is not loaded"
lsmod | grep -q '^ip_vs ' && fail "the stock ip_vs is still loaded"
run >/tmp/fnat.txt 2>&1

echo "commands: $(grep -c '^### ipvsadm' /tmp/stock.txt), of which failing: $(grep -c -- '--- exit=[1-9]' /tmp/stock.txt)"
if diff -u /tmp/stock.txt /tmp/fnat.txt >/tmp/diff.txt; then
	echo "ok: Debian's ipvsadm sees the same on ip_vs_fnat as on the stock ip_vs"
else
	echo "FAIL: listings differ (- stock ip_vs, + ip_vs_fnat):"
	cat /tmp/diff.txt
	exit 1
fi
sed -n '/^### ipvsadm -Ln$/,/^--- exit/p' /tmp/fnat.txt

# What ip_vs_fnat cannot forward yet it refuses, in the words Debian's
# ipvsadm prints, where the stock ip_vs accepts it: tunnel destinations
# and one-packet scheduling; nothing of them is left in the table.
said() { out=$($REF_IPVSADM "$@" 2>&1); rc=$?; echo "$out (exit $rc)"; }
$REF_IPVSADM -A -t 10.0.0.1:80 -s rr
check "a tunnel destination is refused" "Protocol not supported (exit 255)" \
	"$(said -a -t 10.0.0.1:80 -r 192.168.10.1:80 -i)"
$REF_IPVSADM -a -t 10.0.0.1:80 -r 192.168.10.1:80 -m
check "a destination cannot become a tunnel" "Protocol not supported (exit 255)" \
	"$(said -e -t 10.0.0.1:80 -r 192.168.10.1:80 -i)"
check "one-packet scheduling is refused" "Protocol not supported (exit 255)" \
	"$(said -A -u 10.0.0.1:53 -s rr -o)"
$REF_IPVSADM -A -u 10.0.0.1:53 -s rr
check "... and cannot be set later" "Protocol not supported (exit 255)" \
	"$(said -E -u 10.0.0.1:53 -s rr -o)"
check "the table keeps only what was accepted" "-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 192.168.10.1:80 -m -w 1
-A -u 10.0.0.1:53 -s rr" "$($REF_IPVSADM -Sn)"
$REF_IPVSADM -C

# Each network namespace has its own table; one can go away with services.
$REF_IPVSADM -A -t 10.0.0.1:80 -s rr
ip netns add other
ip netns exec other $REF_IPVSADM -A -t 10.0.0.2:80 -s wlc || fail "no IPVS in another namespace"
check "the other namespace sees its own table" "-A -t 10.0.0.2:80 -s wlc" \
	"$(ip netns exec other $REF_IPVSADM -Sn)"
check "the root namespace sees its own table" "-A -t 10.0.0.1:80 -s rr" "$($REF_IPVSADM -Sn)"
ip netns del other

rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
echo "ok: ip_vs_fnat unloads"
