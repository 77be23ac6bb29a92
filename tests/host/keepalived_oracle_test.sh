#!/bin/sh
# Differential test of `keepalived -t` against Debian's keepalived 2.2.7 on
# the corpus in tests/keepalived/: for every file, ours and Debian's must
# give the same verdict (accept = exit 0, reject = anything else), and ours
# must give the exit status and message its header comment expects.
#
# Each file is checked, by both, in a network namespace of its own that has
# the interfaces its header asks for and no other (but lo): verdicts that
# depend on interfaces do not depend on the host. Without root or network
# namespaces the test cannot run at all and exits 77 (a skip for ctest).
#
# Header lines (comments at the top of each corpus file):
#   # extension       first line: an EulerOS keyword Debian does not know:
#                     Debian rejects, we accept
#   # stricter        first line: a keepalived 2.2.7 bug we refuse to copy
#                     (R-KA-COMPAT): Debian accepts or crashes, we reject
#   # expect: N       our exit status (0 accept, 4 missing file or bad
#                     interface, 5 config error, 6 script security)
#   # message: TEXT   a line our diagnostics must contain
#   # needs: IF [ARGS] the verdict depends on interface IF: it is made
#                     (a veth) in the file's namespace, then given
#                     `ip link set IF ARGS` (e.g. "multicast off"); one
#                     line per interface
#   # args: ...       extra keepalived options (-i, -e) for both
#
# Usage: keepalived_oracle_test.sh LVSBOX
set -u

lvsbox=${1:?usage: $0 LVSBOX}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/../keepalived
debian=/usr/sbin/keepalived

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

[ -x "$lvsbox" ] || fail "no lvsbox binary at $lvsbox"
[ -x "$debian" ] && "$debian" -v 2>&1 | grep -q 'Keepalived v2\.2\.7' ||
	fail "Debian's keepalived 2.2.7 is the oracle: install it (scripts/setup-deps.sh)"

[ "$(id -u)" -eq 0 ] || skip "network namespaces need root"
command -v unshare >/dev/null && command -v ip >/dev/null || skip "no unshare or ip command"
unshare --net ip link add lvsbox0 type veth peer name lvsbox1 2>/dev/null ||
	skip "cannot make a network namespace with a veth interface"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

header() { # FILE KEY: the value of "# KEY: value" in the file's header
	sed -n "s/^# $2: //p" "$1" | head -n 1
}

verdict() { [ "$1" -eq 0 ] && echo accept || echo reject; }

# The commands that make FILE's interfaces, for sh -c: a veth per "needs"
# line (the peer has a name of its own), then the line's `ip link set`.
links() {
	sed -n 's/^# needs: //p' "$1" | awk '{
		printf "ip link add %s type veth peer name lvsboxpeer%d && ", $1, NR
		if (NF > 1) { printf "ip link set"; for (i = 1; i <= NF; i++) printf " %s", $i; printf " && " }
	}'
}

# FILE CMD...: CMD in a new network namespace with FILE's interfaces.
in_netns() {
	setup=$(links "$1")
	shift
	unshare --net sh -c "${setup}exec \"\$@\"" sh "$@"
}

total=0 agree=0 bad=0 with_links=0
for f in "$corpus"/*.conf; do
	name=$(basename "$f")
	total=$((total + 1))
	if [ -n "$(links "$f")" ]; then
		with_links=$((with_links + 1))
		in_netns "$f" true || fail "$name: cannot make its interfaces ($(links "$f"))"
	fi
	args=$(header "$f" args)
	# keepalived resolves includes from the file's directory and names
	# files as given: run both from the corpus directory.
	# shellcheck disable=SC2086
	(cd "$corpus" && in_netns "$f" "$lvsbox" keepalived -t -f "$name" $args) >"$tmp/ours" 2>&1
	ours=$?
	# 2.2.7 crashes on some bad configs: keep the shell's report of it out
	# shellcheck disable=SC2086
	theirs=$(cd "$corpus" && { in_netns "$f" timeout 30 "$debian" -t -f "$name" $args >"$tmp/debian" 2>&1; echo $?; } 2>/dev/null)

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

echo "keepalived oracle: $total corpus files ($with_links with interfaces made for them), $agree agree with Debian's 2.2.7 verdict and their headers, $bad differ, none skipped"
[ "$total" -gt 0 ] || fail "empty corpus in $corpus"
[ "$bad" -eq 0 ]
