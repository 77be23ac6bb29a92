#!/bin/sh
# The files in examples/ are what they say they are:
#   - default-keepalived is Debian's /etc/default/keepalived, byte for byte
#     (the checksum dpkg keeps for that conffile);
#   - ipvs-switch.toml is read by ipvs-switch without an error;
#   - every *.conf is accepted by our `keepalived -t` with no output at
#     all, and its header says which keywords it uses: "# Keywords: stock
#     keepalived 2.2.7." files are accepted by Debian's keepalived as
#     silently, "# Keywords: lvsbox only" files are refused by it (else
#     the header is wrong).
# A VRRP instance's interface must exist for -t to accept it: each file is
# checked in a network namespace of its own with the interfaces it names,
# as host.keepalived_oracle does. Without root or network namespaces that
# part cannot run and the test exits 77 (a skip for ctest), after the rest.
#
# Usage: examples_test.sh LVSBOX
set -u

lvsbox=${1:?usage: $0 LVSBOX}
examples=$(cd "$(dirname "$0")/../../examples" && pwd)
debian=/usr/sbin/keepalived

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

[ -x "$lvsbox" ] || fail "no lvsbox binary at $lvsbox"
[ -x "$debian" ] || fail "Debian's keepalived 2.2.7 is the oracle: install it (scripts/setup-deps.sh)"

want=$(dpkg-query -W -f='${Conffiles}\n' keepalived | awk '$1 == "/etc/default/keepalived" { print $2 }')
[ -n "$want" ] || fail "dpkg has no checksum of Debian's /etc/default/keepalived"
[ "$(md5sum <"$examples/default-keepalived" | cut -d' ' -f1)" = "$want" ] ||
	fail "default-keepalived is not Debian's /etc/default/keepalived"

# Without a mode, ipvs-switch reads its settings and prints the mode.
out=$("$lvsbox" ipvs-switch -c "$examples/ipvs-switch.toml" 2>&1) ||
	fail "ipvs-switch refuses ipvs-switch.toml: $out"
case $out in
orig | fnat | none) ;;
*) fail "ipvs-switch -c ipvs-switch.toml printed '$out', not the mode" ;;
esac

[ "$(id -u)" -eq 0 ] || skip "network namespaces need root"
command -v unshare >/dev/null && command -v ip >/dev/null || skip "no unshare or ip command"
unshare --net ip link add lvsbox0 type veth peer name lvsbox1 2>/dev/null ||
	skip "cannot make a network namespace with a veth interface"

# FILE CMD...: CMD in a new network namespace with a veth for each
# interface a VRRP instance of FILE names.
in_netns() {
	setup=$(sed -n 's/^[[:space:]]*interface[[:space:]]\{1,\}\([^[:space:]#]\{1,\}\).*/\1/p' "$1" |
		sort -u | awk '{ printf "ip link add %s type veth peer name lvsboxpeer%d && ", $1, NR }')
	shift
	unshare --net sh -c "${setup}exec \"\$@\"" sh "$@"
}

total=0 stock=0
for f in "$examples"/*.conf; do
	name=$(basename "$f")
	total=$((total + 1))
	out=$(in_netns "$f" "$lvsbox" keepalived -t -f "$f" 2>&1)
	status=$?
	[ "$status" -eq 0 ] && [ -z "$out" ] ||
		fail "$name: our keepalived -t exits $status, and says: $out"
	theirs=$(in_netns "$f" timeout 30 "$debian" -t -f "$f" 2>&1)
	status=$?
	if grep -qx '# Keywords: stock keepalived 2\.2\.7\.' "$f"; then
		stock=$((stock + 1))
		[ "$status" -eq 0 ] && [ -z "$theirs" ] ||
			fail "$name: Debian's keepalived -t exits $status, and says: $theirs"
	elif grep -q '^# Keywords: lvsbox only' "$f"; then
		[ "$status" -ne 0 ] ||
			fail "$name: marked lvsbox only, but Debian's keepalived accepts it"
	else
		fail "$name: no '# Keywords:' line saying whose keepalived reads it"
	fi
done
[ "$total" -gt 0 ] || fail "no examples in $examples"
echo "examples ok: $total keepalived.conf files ($stock also Debian's), ipvs-switch.toml, default-keepalived"
