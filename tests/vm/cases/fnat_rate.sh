# The rate estimator (ipvsadm --rate, /proc/net/ip_vs_stats) of ip_vs_fnat
# against the stock ip_vs's: a client sends 50 datagrams a second, each a
# new UDP connection, through a NAT service of two real servers that answer
# nothing. On both modules the rates settle at what was offered (the 2 s
# estimator's average: per service and per server), the counters are exact,
# /proc/net/ip_vs_stats shows the same totals in the same format, and
# zeroing (-Z) clears counters and rates.
. /lab/lib.sh

VIP=10.0.100.1
RATE=50
lab_director
lab_host client 1
lab_host rs1 2
lab_host rs2 3
for rs in rs1 rs2; do
	in_ns "$rs" lbload udp-sink 5353 &
	wait_listen "$rs" udp 5353
done
ip addr add "$VIP/32" dev lo

# CPS InPPS OutPPS InBPS on the service's --rate line, then on each server's.
rates() { $REF_IPVSADM -Ln --rate | awk '$1 == "UDP" || ($1 == "->" && $2 ~ /:5353$/) { print $3, $4, $5, $6 }'; }
# Conns InPkts OutPkts InBytes OutBytes of the service, exactly.
stats() { $REF_IPVSADM -Ln --stats --exact | awk '$1 == "UDP" { print $3, $4, $5, $6, $7 }'; }
inpkts() { stats | awk '{ print $2 }'; }
# The IP packets the director has received (Ip: InReceives).
ip_received() { awk '$1 == "Ip:" && $2 ~ /^[0-9]+$/ { print $4 }' /proc/net/snmp; }
counted_all() { [ "$(inpkts)" = $(($(ip_received) - received0)) ]; }
# The estimator has come within 4% of the offered rate (about 11 of its 2 s
# steps), so that every reading below is well inside its tolerance.
settled() { [ "$(rates | awk 'NR == 1 { print $1 }')" -ge $((RATE * 24 / 25)) ]; }

scenario() {
	$REF_IPVSADM -A -u "$VIP:53" -s rr
	$REF_IPVSADM -a -u "$VIP:53" -r 10.0.2.2:5353 -m
	$REF_IPVSADM -a -u "$VIP:53" -r 10.0.3.2:5353 -m
	received0=$(ip_received)
	in_ns client lbload udp-paced "$VIP:53" 40 "$RATE" >/tmp/paced.txt &
	load=$!
	polled 400 settled || fail "the service's rate did not reach 96% of $RATE/s in 40 s"
	$REF_IPVSADM -Ln --rate >"/tmp/rate.$(lsmod | grep -q '^ip_vs_fnat ' && echo fnat || echo stock)"
	# The offered rate on the service, half of it on each server (round
	# robin), within 10%; none back; 128 bytes a datagram (IP, UDP, 100).
	rates | awk -v r="$RATE" '{ want = NR == 1 ? r : r / 2 }
		$1 < want * 0.9 || $1 > want * 1.1 || $2 < want * 0.9 || $2 > want * 1.1 || $3 != 0 ||
		$4 < want * 128 * 0.9 || $4 > want * 128 * 1.1 { bad = 1 }
		END { exit bad || NR != 3 }' ||
		fail "rates not near ${RATE}/s in, split in two, none out: $(cat /tmp/rate.*)"
	echo "ok: --rate: the service and each server at the offered rate, within 10%"
	wait "$load" || fail "the client could not send at $RATE/s"
	# Every datagram the director's IP layer took in, and no other packet,
	# is one connection and one packet in, of 128 bytes, with nothing out.
	# (The starved guest's client link loses a few before the director
	# sees them, as many on either module.)
	polled 200 counted_all ||
		fail "--stats: $(inpkts) packets in, the director received $(($(ip_received) - received0))"
	echo "ok: --stats: every datagram the director received counted in, once"
	set -- $(stats)
	[ "$1" = "$2" ] && [ "$3" = 0 ] && [ "$4" = $(($2 * 128)) ] && [ "$5" = 0 ] ||
		fail "--stats: not one connection and 128 bytes a datagram: $*"
	echo "ok: --stats: one connection and 128 bytes a datagram, nothing out"
	check "/proc/net/ip_vs_stats: the same totals" \
		"$(printf '%8X %8X %8X %16X %16X' "$1" "$2" "$3" "$4" "$5")" \
		"$(sed -n 3p /proc/net/ip_vs_stats)"
	echo "/proc/net/ip_vs_stats, the headings:"
	sed -n '1,2p;5p' /proc/net/ip_vs_stats
	$REF_IPVSADM -Z
	check "-Z: counters and rates zero" "0 0 0 0 0 0 0 0 0 0" \
		"$(stats) $($REF_IPVSADM -Ln --rate | awk '$1 == "UDP" { print $3, $4, $5, $6, $7 }')"
	$REF_IPVSADM -C
}

lab_stock_vs_fnat "estimates rates and counts"
echo "--rate as measured, stock then fnat:"
cat /tmp/rate.stock /tmp/rate.fnat
