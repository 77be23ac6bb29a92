# R-ADM-2: listings stay whole while services come and go. On ip_vs_fnat
# our ipvsadm lists with one GET_TABLE dump and reads it again when the
# table changed between two of its parts, so every listing shows each of
# the services that never change exactly once, with all its destinations,
# however fast the churn around them. A listing pieced together from
# per-service dumps resumed by position (1.31's way, and ours on the stock
# ip_vs) can skip or repeat services; Debian's is counted for comparison.
. /lab/lib.sh

STABLE=600
ROUNDS=30

lab_fnat_mode

awk -v n=$STABLE 'BEGIN {
	for (i = 0; i < n; i++) {
		v = sprintf("10.1.%d.%d:80", int(i / 256), i % 256)
		print "-A -t " v " -s rr"
		print "-a -t " v " -r 192.168.0.1:80 -m"
		print "-a -t " v " -r 192.168.0.2:80 -m -w 2"
	}
}' >/tmp/stable.rules
$IPVSADM -R </tmp/stable.rules || fail "cannot load the stable services"

# A service with more destinations than one dump datagram holds is sent
# in parts, each headed by the service again: listed once, all there.
awk 'BEGIN {
	print "-A -u 10.3.0.1:53 -s rr"
	for (i = 0; i < 1200; i++)
		printf "-a -u 10.3.0.1:53 -r 192.168.%d.%d:53 -m\n", 10 + int(i / 250), 1 + i % 250
}' | $IPVSADM -R || fail "cannot load the big service"
$IPVSADM -Ln >/tmp/ours.list
$REF_IPVSADM -Ln >/tmp/ref.list
cmp -s /tmp/ref.list /tmp/ours.list || fail "ours -Ln differs from Debian's with a 1200-server service"
check "servers of the big service saved" 1200 "$($IPVSADM -Sn | grep -c '^-a -u 10\.3\.0\.1:53 ')"
$IPVSADM -D -u 10.3.0.1:53

# The churn: 300 other services, spread over the same hash buckets, added
# and deleted in turns until the listings are done.
awk 'BEGIN {
	for (i = 0; i < 300; i++) {
		v = sprintf("10.2.%d.%d:80", int(i / 256), i % 256)
		print "-A -t " v " -s wrr" >"/tmp/churn.add"
		print "-a -t " v " -r 192.168.0.3:80 -m" >"/tmp/churn.add"
		print "-D -t " v >"/tmp/churn.del"
	}
}'
(
	while [ ! -e /tmp/stop ]; do
		$IPVSADM -R </tmp/churn.add
		$IPVSADM -R </tmp/churn.del
	done
) &
churn=$!

# whole FILE: 0 when FILE (an -Sn listing) has every stable service once
# with both its destinations, and no line twice.
whole() {
	services=$(grep -c '^-A -t 10\.1\.' "$1")
	dests=$(grep -c '^-a -t 10\.1\.' "$1")
	repeats=$(sort "$1" | uniq -d | wc -l)
	[ "$services" -eq $STABLE ] && [ "$dests" -eq $((STABLE * 2)) ] && [ "$repeats" -eq 0 ]
}

ours_bad=0
ref_bad=0
churned=0
for i in $(seq $ROUNDS); do
	$IPVSADM -Sn >/tmp/ours.save || fail "our ipvsadm -Sn failed during churn"
	whole /tmp/ours.save || {
		ours_bad=$((ours_bad + 1))
		cp /tmp/ours.save /tmp/ours.bad
	}
	$REF_IPVSADM -Sn >/tmp/ref.save 2>/dev/null
	whole /tmp/ref.save || ref_bad=$((ref_bad + 1))
	# Ours reads again until no change came during its dump, so on an
	# idle machine it may only ever finish between two bursts of churn:
	# the witness that the churn overlapped the listings is either tool's.
	cat /tmp/ours.save /tmp/ref.save | grep -q '^-A -t 10\.2\.' && churned=$((churned + 1))
done
touch /tmp/stop
wait $churn

echo "listings during churn: ours inconsistent $ours_bad of $ROUNDS, Debian's $ref_bad of $ROUNDS"
# The churn must really have overlapped the listings.
[ $churned -gt 0 ] || fail "no listing saw a churned service: the test raced nothing"
if [ $ours_bad -ne 0 ]; then
	echo "first inconsistent listing of ours: $(grep -c '^-A -t 10\.1\.' /tmp/ours.bad) stable services"
	fail "our listing lost or repeated services while the table changed"
fi
echo "ok: every listing of ours was whole"
$IPVSADM -C
