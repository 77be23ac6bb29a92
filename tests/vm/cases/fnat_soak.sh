# Soak of ip_vs_fnat: full-NAT TCP and UDP traffic from parallel clients
# while destinations, local addresses, schedulers and other services are
# added and removed, and /proc/net/ip_vs*, ipvsadm -Ln/-Lnc and the laddr
# dump are read all the time. No request may fail, the kernel may not
# warn. Then a connection outlives the flush of the whole table, and the
# module unloads with connections in it. SOAK_SECONDS (default 60) long.
# Our ipvsadm drives the full-NAT servers and the local addresses.
. /lab/lib.sh

VIP=10.0.100.1
LIP1=10.0.200.1
LIP2=10.0.200.2
SECONDS_LEFT=${SOAK_SECONDS:-60}
lab_fnat_mode
lab_director
lab_host client 1
for a in "$VIP" "$LIP1" "$LIP2"; do
	ip addr add "$a/32" dev lo
done
dd if=/dev/urandom of=/tmp/big bs=1024 count=512 2>/dev/null
for i in 1 2 3; do
	lab_host "rs$i" $((i + 1))
	ip -n "rs$i" route del default
	ip -n "rs$i" route add 10.0.200.0/24 via "10.0.$((i + 1)).1"
	lab_httpd "rs$i"
	cp /tmp/big "/tmp/www-rs$i/big"
	in_ns "rs$i" udpprobe serve 5353 "rs$i" &
	wait_listen "rs$i" udp 5353
done

$REF_IPVSADM -A -t "$VIP:80" -s rr
$REF_IPVSADM -A -u "$VIP:53" -s rr
for i in 1 2 3; do
	$IPVSADM -a -t "$VIP:80" -r "10.0.$((i + 1)).2:80" --fullnat
	$IPVSADM -a -u "$VIP:53" -r "10.0.$((i + 1)).2:5353" --fullnat
done
for s in "-t $VIP:80" "-u $VIP:53"; do
	# shellcheck disable=SC2086
	$IPVSADM -P $s -z "$LIP1" && $IPVSADM -P $s -z "$LIP2" ||
		fail "cannot set up the local addresses"
done

pids=
end=$(($(date +%s) + SECONDS_LEFT))
running() { [ "$(date +%s)" -lt "$end" ]; }
: >/tmp/done
: >/tmp/missed

# Traffic: three HTTP clients (one fetching 512 KB at a time), one UDP.
for w in 1 2; do
	(while running; do
		if fetch client "http://$VIP/" >/dev/null; then echo t >>/tmp/done; else echo "http $w" >>/tmp/missed; fi
	done) &
	pids="$pids $!"
done
(while running; do
	if in_ns client timeout 10 wget -q -O /tmp/got "http://$VIP/big" && cmp -s /tmp/big /tmp/got; then
		echo b >>/tmp/done
	else
		echo "big" >>/tmp/missed
	fi
done) &
pids="$pids $!"
(while running; do
	if in_ns client udpprobe ask "$VIP:53" 3 >/dev/null; then echo u >>/tmp/done; else echo udp >>/tmp/missed; fi
done) &
pids="$pids $!"

# Readers.
for r in 1 2; do
	(while running; do
		cat /proc/net/ip_vs /proc/net/ip_vs_conn >/dev/null
		$REF_IPVSADM -Ln >/dev/null
		$REF_IPVSADM -Lnc >/dev/null
		$REF_IPVSADM -Ln --stats >/dev/null
		$IPVSADM -G -t "$VIP:80" >/dev/null
		$IPVSADM -G >/dev/null # every pool, while one service comes and goes
	done) &
	pids="$pids $!"
done

# Churn: rs3 leaves and comes back, weights and schedulers change, LIP2
# leaves and comes back, an unrelated service comes and goes.
(n=0; while running; do
	n=$((n + 1))
	$REF_IPVSADM -d -t "$VIP:80" -r 10.0.4.2:80
	$REF_IPVSADM -d -u "$VIP:53" -r 10.0.4.2:5353
	$IPVSADM -Q -t "$VIP:80" -z "$LIP2"
	case $((n % 4)) in
	0) s=rr ;; 1) s=wrr ;; 2) s=consh ;; *) s=wlc ;;
	esac
	$REF_IPVSADM -E -t "$VIP:80" -s $s
	$REF_IPVSADM -A -t 10.0.0.9:80 -s lc
	$REF_IPVSADM -a -t 10.0.0.9:80 -r 10.0.2.2:80 -m
	$IPVSADM -P -t 10.0.0.9:80 -z "$LIP2"
	sleep 0.2
	$IPVSADM -a -t "$VIP:80" -r 10.0.4.2:80 --fullnat
	$IPVSADM -a -u "$VIP:53" -r 10.0.4.2:5353 --fullnat
	$IPVSADM -P -t "$VIP:80" -z "$LIP2"
	$IPVSADM -e -t "$VIP:80" -r 10.0.2.2:80 --fullnat -w $((n % 3 + 1))
	$REF_IPVSADM -D -t 10.0.0.9:80
	sleep 0.2
	echo c >>/tmp/done
done) &
pids="$pids $!"
# shellcheck disable=SC2086
wait $pids

count() { grep -c "^$1\$" /tmp/done; }
echo "done in ${SECONDS_LEFT}s: $(count t) small and $(count b) large HTTP fetches, $(count u) UDP queries, $(count c) churn rounds"
if [ -s /tmp/missed ]; then
	echo "FAIL: missed requests: $(sort /tmp/missed | uniq -c | tr '\n' ' ')"
	exit 1
fi
echo "ok: every request was answered"
[ "$(count c)" -gt 0 ] && [ "$(count b)" -gt 0 ] || fail "the soak did not run"
echo "connections in the table: $(($(wc -l </proc/net/ip_vs_conn) - 1))"
$IPVSADM -G -t "$VIP:80"

# A connection opened before the flush is served after it: its request
# waits in a fifo until the table is gone.
established() { grep -c ' ESTABLISHED ' /proc/net/ip_vs_conn; }
before=$(established)
mkfifo /tmp/late.in
in_ns client timeout 20 nc "$VIP" 80 </tmp/late.in >/tmp/late &
late=$!
exec 7>/tmp/late.in
wait_check "a connection is open before the flush" $((before + 1)) established
$REF_IPVSADM -C
check "the table is empty" "" "$($REF_IPVSADM -Sn)"
printf 'GET /big HTTP/1.0\r\n\r\n' >&7
exec 7>&-
wait $late
check "a connection outlives the flush" "$(md5sum </tmp/big)" \
	"$(sed '1,/^\r$/d' /tmp/late | md5sum)"

rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
echo "ok: ip_vs_fnat unloads with its connections"
