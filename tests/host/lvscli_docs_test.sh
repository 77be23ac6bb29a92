#!/bin/sh
# lvscli's man page and completions cover its command line, and the man
# page's C example is src/liblvs/example.c (which host.liblvs builds and
# runs): every option of `lvscli --help` in the man page and in the bash,
# zsh and fish completions, every command of its list in all four.
set -eu

lvsbox=${1:?usage: $0 LVSBOX}
here=$(dirname "$0")
src=$(cd "$here/../.." && pwd)
. "$here/docs_lib.sh"
help=$("$lvsbox" lvscli --help)
longs=$(printf '%s\n' "$help" | grep -o -- '--[a-z-]*' | sort -u)
shorts=$(printf '%s\n' "$help" | sed -n 's/^  \(-[A-Za-z]\),.*/\1/p' | sort -u)
commands=$(printf '%s\n' "$help" | sed -n 's/^  keep \([a-z]*\) .*/\1/p')
[ -n "$longs" ] && [ -n "$shorts" ] && [ "$(echo $commands)" = "add set del show" ] ||
	fail "no options or commands in lvscli --help"

man=$src/man/lvscli.8
bash_c=$src/completions/bash/lvscli
zsh_c=$src/completions/zsh/_lvscli
fish_c=$src/completions/fish/lvscli.fish
covers_options "$man" "$bash_c" "$zsh_c" "$fish_c" "$longs" "$shorts"
for c in $commands; do
	grep -q "^\\.BI\\{0,1\\} \"keep $c" "$man" || fail "keep $c has no entry in $man"
done
for w in keep $commands TCP UDP; do
	grep -q -- "$w\\b" "$bash_c" || fail "$w not in $bash_c"
	grep -q -- "$w\\b" "$zsh_c" || fail "$w not in $zsh_c"
done
for c in keep $commands; do
	grep -q -- "-a $c " "$fish_c" || fail "$c not in $fish_c"
done

# The example as roff writes it: \e a backslash, \- a dash, \& before a
# leading dot.
example=$(mktemp)
trap 'rm -f "$example"' EXIT
sed -n '/^\.\\" example\.c begins$/,/^\.\\" example\.c ends$/p' "$man" | sed -e '1d' -e '$d' \
	-e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/^\\&//' >"$example"
cmp -s "$example" "$src/src/liblvs/example.c" ||
	fail "the example in $man is not src/liblvs/example.c: $(diff "$example" "$src/src/liblvs/example.c")"
echo "lvscli docs cover $(echo $longs $shorts | wc -w) options and $(echo $commands | wc -w) commands; the example is example.c"
