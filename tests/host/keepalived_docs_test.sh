#!/bin/sh
# The keepalived man page and completions cover every option of our
# `keepalived -h` (which is keepalived 2.2.7's, from one table in
# src/keepalived/options.cpp): every long and short option in the man
# page and in the bash, zsh and fish completions. And the full-NAT example
# of keepalived.conf(5) is a configuration our keepalived -t accepts
# without a word, so that a reader can start from it.
set -eu

lvsbox=${1:?usage: $0 LVSBOX}
here=$(dirname "$0")
src=$(cd "$here/../.." && pwd)
. "$here/docs_lib.sh"
help=$("$lvsbox" keepalived -h)
longs=$(printf '%s\n' "$help" | grep -o -- '--[a-z_-]*' | sort -u)
shorts=$(printf '%s\n' "$help" | sed -n 's/^  \(-[A-Za-z]\),.*/\1/p' | sort -u)
[ -n "$longs" ] && [ -n "$shorts" ] || fail "no options in keepalived -h"

covers_options "$src/man/keepalived.8" "$src/completions/bash/keepalived" "$src/completions/zsh/_keepalived" \
	"$src/completions/fish/keepalived.fish" "$longs" "$shorts"
echo "keepalived docs cover $(echo $longs | wc -w) long and $(echo $shorts | wc -w) short options"

# The example is the .nf block after the comment that names this test; it
# names no interface, so -t needs neither root nor a network namespace.
conf5=$src/man/keepalived.conf.5
example=$(mktemp)
trap 'rm -f "$example"' EXIT
sed -n '/keepalived_docs_test.sh checks it/,/^\.fi$/p' "$conf5" | sed -e '/^\./d' -e 's/\\-/-/g' >"$example"
grep -q 'lb_kind FNAT' "$example" || fail "no full-NAT example in $conf5"
out=$("$lvsbox" keepalived -t -f "$example" 2>&1) || fail "keepalived -t refuses the example of $conf5: $out"
[ -z "$out" ] || fail "keepalived -t says of the example of $conf5: $out"
echo "the full-NAT example of keepalived.conf(5) passes keepalived -t"
