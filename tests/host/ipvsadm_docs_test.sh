#!/bin/sh
# The ipvsadm man page and completions cover every option of ipvsadm 1.31's
# usage text (Debian's ipvsadm -h, which setup-deps.sh installs) plus our
# extensions (--fullnat, --json, and Alibaba LVS's local-address commands
# -P/-Q/-G with -z): every long option in the man page and in the bash,
# zsh and fish completions, every short option in the man page and in the
# bash and zsh completions.
set -eu

fail() { echo "FAIL: $*"; exit 1; }

here=$(dirname "$0")
src=$(cd "$here/../.." && pwd)
debian=/usr/sbin/ipvsadm
[ -x "$debian" ] || fail "Debian's ipvsadm 1.31 is the reference: install it (scripts/setup-deps.sh)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ipvsadm prints its usage only once it has reached IPVS, which this
# machine lacks: bench/fake_ipvs.c, preloaded, answers its socket options
# as an empty table would. Nothing of the kernel is tested here.
cc -shared -fPIC -O2 -o "$tmp/fake_ipvs.so" "$src/bench/fake_ipvs.c" -ldl || fail "cannot build bench/fake_ipvs.c"
help=$tmp/help.txt
LD_PRELOAD=$tmp/fake_ipvs.so "$debian" -h >"$help" 2>&1 || fail "Debian's ipvsadm -h failed: $(cat "$help")"
grep -q '^ipvsadm v1\.31 ' "$help" || fail "no usage text of ipvsadm 1.31 from $debian -h: $(cat "$help")"

man=$src/man/ipvsadm.8
bash_c=$src/completions/bash/ipvsadm
zsh_c=$src/completions/zsh/_ipvsadm
fish_c=$src/completions/fish/ipvsadm.fish
for f in "$man" "$bash_c" "$zsh_c" "$fish_c"; do
	[ -r "$f" ] || fail "missing $f"
done

# One word per line: runs of letters, digits and dashes, so "--tcp-service|-t"
# gives "--tcp-service" and "-t", and "{-s+,--scheduler=}" gives "-s" and
# "--scheduler". Roff escapes go first: \- is a dash, \fB and friends are
# font changes.
words() {
	sed -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' -e 's/\\f[A-Za-z0-9]//g' \
		-e 's/\\(hy/-/g' -e 's/\\-/-/g' "$1" |
		tr -cs 'A-Za-z0-9-' '\n' | sort -u
}

words "$help" >"$tmp/help"
grep -e '^--[a-z]' "$tmp/help" >"$tmp/long" || true
printf '%s\n' --fullnat --json --add-laddr --del-laddr --get-laddr --laddr >>"$tmp/long"
grep -e '^-[A-Za-z0-9]$' "$tmp/help" >"$tmp/short" || true
printf '%s\n' -P -Q -G -z >>"$tmp/short"
# Guard against a help.txt this script cannot read: 1.31 has 56 long options
# in its usage text and 31 short ones.
[ "$(wc -l <"$tmp/long")" -ge 50 ] || fail "only $(wc -l <"$tmp/long") long options found in $help"
[ "$(wc -l <"$tmp/short")" -ge 25 ] || fail "only $(wc -l <"$tmp/short") short options found in $help"

words "$man" >"$tmp/man"
words "$bash_c" >"$tmp/bash"
words "$zsh_c" >"$tmp/zsh"
# fish names options as "-l name" (long) and "-s c" (short).
sed -e 's/\\f[A-Za-z]//g' "$fish_c" | tr -cs 'A-Za-z0-9-' '\n' |
	awk 'l { print "--" $0 } s { print "-" $0 } { l = ($0 == "-l" || $0 == "--long-option"); s = ($0 == "-s" || $0 == "--short-option") }' |
	sort -u >"$tmp/fish"

missing=""
check() { # list-of-options file-of-words label
	while IFS= read -r opt; do
		grep -Fqx -e "$opt" "$2" || missing="$missing
  $opt not in $3"
	done <"$1"
}
check "$tmp/long" "$tmp/man" man/ipvsadm.8
check "$tmp/long" "$tmp/bash" completions/bash/ipvsadm
check "$tmp/long" "$tmp/zsh" completions/zsh/_ipvsadm
check "$tmp/long" "$tmp/fish" completions/fish/ipvsadm.fish
check "$tmp/short" "$tmp/man" man/ipvsadm.8
check "$tmp/short" "$tmp/bash" completions/bash/ipvsadm
check "$tmp/short" "$tmp/zsh" completions/zsh/_ipvsadm

[ -z "$missing" ] || fail "ipvsadm options not documented or completed:$missing"
echo "ipvsadm docs ok: $(wc -l <"$tmp/long") long and $(wc -l <"$tmp/short") short options in the man page and completions"
