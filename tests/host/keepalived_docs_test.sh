#!/bin/sh
# The keepalived man page and completions cover every option of our
# `keepalived -h` (which is keepalived 2.2.7's, from one table in
# src/keepalived/options.cpp): every long and short option in the man
# page and in the bash, zsh and fish completions.
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
