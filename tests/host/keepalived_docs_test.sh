#!/bin/sh
# The keepalived man page and completions cover every option of our
# `keepalived -h` (which is keepalived 2.2.7's, from one table in
# src/keepalived/options.cpp): every long and short option in the man
# page and in the bash, zsh and fish completions.
set -eu

fail() { echo "FAIL: $*"; exit 1; }

lvsbox=${1:?usage: $0 LVSBOX}
src=$(cd "$(dirname "$0")/../.." && pwd)
help=$("$lvsbox" keepalived -h)
longs=$(printf '%s\n' "$help" | grep -o -- '--[a-z_-]*' | sort -u)
shorts=$(printf '%s\n' "$help" | sed -n 's/^  \(-[A-Za-z]\),.*/\1/p' | sort -u)
[ -n "$longs" ] && [ -n "$shorts" ] || fail "no options in keepalived -h"

man=$src/man/keepalived.8
# groff writes a dash as \-.
man_text=$(sed 's/\\-/-/g' "$man")
for o in $longs $shorts; do
	printf '%s\n' "$man_text" | grep -q -- "$o\\b" || fail "$o not in $man"
done
for f in "$src/completions/bash/keepalived" "$src/completions/zsh/_keepalived"; do
	for o in $longs $shorts; do
		grep -q -- "$o\\b" "$f" || fail "$o not in $f"
	done
done
fish=$src/completions/fish/keepalived.fish
for o in $longs; do
	grep -q -- "-l ${o#--}\\b" "$fish" || fail "$o not in $fish"
done
for o in $shorts; do
	grep -q -- "-s ${o#-} " "$fish" || fail "$o not in $fish"
done
echo "keepalived docs cover $(echo $longs | wc -w) long and $(echo $shorts | wc -w) short options"
