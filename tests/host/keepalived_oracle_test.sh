#!/bin/sh
# Differential test of `keepalived -t` against Debian's keepalived 2.2.7 on
# the corpus in tests/keepalived/: for every file, ours and Debian's must
# give the same verdict (accept = exit 0, reject = anything else), and ours
# must give the exit status and message its header comment expects.
#
# Header lines (comments at the top of each corpus file):
#   # extension       first line: an EulerOS keyword Debian does not know:
#                     Debian rejects, we accept
#   # stricter        first line: a keepalived 2.2.7 bug we refuse to copy
#                     (R-KA-COMPAT): Debian accepts or crashes, we reject
#   # expect: N       our exit status (0 accept, 4 missing file or bad
#                     interface, 5 config error, 6 script security)
#   # message: TEXT   a line our diagnostics must contain
#   # needs: IF       the verdict depends on interface IF existing: as
#                     root the file is checked in a network namespace
#                     that has IF (whatever this host has); otherwise on
#                     the host, and if it lacks IF the file is skipped and
#                     the test reports a skip (77), never a pass
#   # args: ...       extra keepalived options (-i, -e) for both
#
# Usage: keepalived_oracle_test.sh LVSBOX
set -u

lvsbox=${1:?usage: $0 LVSBOX}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../keepalived
debian=/usr/sbin/keepalived

fail() { echo "FAIL: $*"; exit 1; }

[ -x "$lvsbox" ] || fail "no lvsbox binary at $lvsbox"
[ -x "$debian" ] && "$debian" -v 2>&1 | grep -q 'Keepalived v2\.2\.7' ||
	fail "Debian's keepalived 2.2.7 is the oracle: install it (scripts/setup-deps.sh)"

tmp=$(mktemp -d)
ns=
trap 'rm -rf "$tmp"; [ -z "$ns" ] || ip netns del "$ns"' EXIT
if [ "$(id -u)" -eq 0 ] && ip netns add "kaoracle$$" 2>/dev/null; then
	ns=kaoracle$$
fi

# in_place_of IF: the command prefix that runs a check where IF exists;
# fails when there is no such place.
in_place_of()
{
	if [ -n "$ns" ]; then
		ip -n "$ns" link show "$1" >/dev/null 2>&1 ||
			ip -n "$ns" link add "$1" type veth peer name "peer$$" >/dev/null || return 1
		echo "ip netns exec $ns"
	else
		[ -e "/sys/class/net/$1" ]
	fi
}

header() { # FILE KEY: the value of "# KEY: value" in the file's header
	sed -n "s/^# $2: //p" "$1" | head -n 1
}

verdict() { [ "$1" -eq 0 ] && echo accept || echo reject; }

total=0 agree=0 skipped=0 bad=0
for f in "$corpus"/*.conf; do
	name=$(basename "$f")
	need=$(header "$f" needs)
	run=
	if [ -n "$need" ] && ! run=$(in_place_of "$need"); then
		skipped=$((skipped + 1))
		continue
	fi
	total=$((total + 1))
	args=$(header "$f" args)
	# keepalived resolves includes from the file's directory and names
	# files as given: run both from the corpus directory.
	# shellcheck disable=SC2086
	(cd "$corpus" && $run "$lvsbox" keepalived -t -f "$name" $args) >"$tmp/ours" 2>&1
	ours=$?
	# 2.2.7 crashes on some bad configs: keep the shell's report of it out
	# shellcheck disable=SC2086
	theirs=$(cd "$corpus" && { timeout 30 $run "$debian" -t -f "$name" $args >"$tmp/debian" 2>&1; echo $?; } 2>/dev/null)

	first=$(head -n 1 "$f")
	want_ours=$(verdict "$theirs")
	case $first in
	'# extension') [ "$theirs" -ne 0 ] && want_ours=accept ;;
	'# stricter') want_ours=reject ;;
	esac

	problem=
	[ "$(verdict "$ours")" = "$want_ours" ] ||
		problem="verdict: ours $(verdict "$ours") ($ours), Debian $(verdict "$theirs") ($theirs)"
	case $first in
	'# extension') [ "$theirs" -ne 0 ] || problem="marked extension but Debian accepts it" ;;
	'# stricter') [ "$theirs" -eq 0 ] || [ "$theirs" -ge 128 ] ||
		problem="marked stricter but Debian rejects it ($theirs)" ;;
	esac
	expect=$(header "$f" expect)
	[ -z "$expect" ] || [ "$expect" = "$ours" ] || problem="${problem:+$problem; }exit $ours, header expects $expect"
	message=$(header "$f" message)
	[ -z "$message" ] || grep -qF -- "$message" "$tmp/ours" ||
		problem="${problem:+$problem; }no line with: $message"

	if [ -n "$problem" ]; then
		bad=$((bad + 1))
		echo "DIFF $name: $problem"
		sed 's/^/  ours:   /' "$tmp/ours"
		sed 's/^/  debian: /' "$tmp/debian"
	else
		agree=$((agree + 1))
	fi
done

echo "keepalived oracle: $total corpus files, $agree agree with Debian's 2.2.7 verdict and their headers, $bad differ, $skipped skipped (interface missing)"
[ "$total" -gt 0 ] || fail "empty corpus in $corpus"
[ "$bad" -eq 0 ] || exit 1
[ "$skipped" -eq 0 ] || { echo "SKIP: $skipped corpus files need an interface this host lacks (run as root)"; exit 77; }
