# Full NAT with large packets and offloaded checksums. A veth passes what
# TSO and GRO build (packets up to 64 KB, their TCP checksum left
# CHECKSUM_PARTIAL: only the pseudo-header sum in the header), and never
# checks a checksum itself. So the director's links towards the receiving
# side compute checksums in software (tx off): a pseudo-header sum the
# translation got wrong becomes a bad checksum the receiver drops, and the
# transfer fails. The per-service byte and packet counts tell the size of
# what passed the translation: over the MTU, it was one TSO or GRO packet.
. /lab/lib.sh

VIP=10.0.100.1
LIP=10.0.200.1
lab_fnat_director "$VIP" "$LIP"
lab_fnat_rs rs1 2 "$LIP"

dd if=/dev/urandom of=/tmp/big bs=1024 count=2048 2>/dev/null
lab_httpd rs1
cp /tmp/big /tmp/www-rs1/big
mkdir -p /tmp/www-rs1/cgi-bin
printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n"\nhead -c "$CONTENT_LENGTH" | md5sum\n' \
	>/tmp/www-rs1/cgi-bin/md5
chmod +x /tmp/www-rs1/cgi-bin/md5

$IPVSADM -A -t "$VIP:80" -s rr
$IPVSADM -a -t "$VIP:80" -r 10.0.2.2:80 --fullnat
$IPVSADM -P -t "$VIP:80" -z "$LIP"

# passed in|out: the mean size of the packets the service counted in
# that direction since the last zeroing.
passed() {
	$REF_IPVSADM -Ln --stats --exact -t "$VIP:80" |
		awk -v d="$1" '$1 == "TCP" { print int(d == "in" ? $6 / $4 : $7 / $5) }'
}

# download WHAT: 2 MB from rs1, intact at the client; prints the mean
# size of the replies that passed.
download() {
	$REF_IPVSADM -Z
	rm -f /tmp/got
	in_ns client timeout 30 wget -q -O /tmp/got "http://$VIP/big" ||
		fail "$1: the download failed"
	check "$1: the 2 MB download is intact" "$(md5sum </tmp/big)" "$(md5sum </tmp/got)"
	echo "  $1: replies of $(passed out) bytes on average"
}

offload vclient tx off || fail "cannot turn tx checksumming off"
download "TSO from rs1"
[ "$(passed out)" -gt 1500 ] || fail "TSO: no reply over the MTU passed"

in_ns rs1 offload eth0 tso off
download "no TSO, no GRO"
[ "$(passed out)" -le 1500 ] || fail "no TSO, no GRO: a reply over the MTU passed"

offload vrs1 gro on || fail "cannot turn GRO on"
download "GRO at the director"
[ "$(passed out)" -gt 1500 ] || fail "GRO: no merged reply passed"
echo "ok: GRO-merged replies pass full NAT intact"

# The other way: the client uploads (busybox wget cannot post a file),
# the director merges, rs1 checks.
in_ns client offload eth0 tso off
offload vclient gro on
offload vrs1 tx off
$REF_IPVSADM -Z
sum=$({ printf 'POST /cgi-bin/md5 HTTP/1.0\r\nContent-Length: 2097152\r\n\r\n'; cat /tmp/big; } |
	in_ns client timeout 30 tcpsend "$VIP:80" | tail -n 1)
check "the 2 MB upload arrives intact" "$(md5sum </tmp/big)" "$sum"
echo "  upload: requests of $(passed in) bytes on average"
[ "$(passed in)" -gt 1500 ] || fail "GRO: no merged request passed"
echo "ok: GRO-merged requests pass full NAT intact"
