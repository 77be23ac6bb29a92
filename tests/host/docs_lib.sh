# Sourced by the docs tests of the tools whose help we write
# (keepalived_docs_test.sh, lvscli_docs_test.sh): the options a tool's
# help lists, looked for in its man page and completions.

fail() { echo "FAIL: $*"; exit 1; }

# covers_options MAN BASH ZSH FISH LONGS SHORTS: each option of LONGS and
# SHORTS (lists) in the man page, where groff writes a dash as \-, in the
# bash and zsh completions, and in the fish one as fish names them
# (-l long, -s c).
covers_options() {
	man_text=$(sed 's/\\-/-/g' "$1")
	for o in $5 $6; do
		printf '%s\n' "$man_text" | grep -q -- "$o\\b" || fail "$o not in $1"
		for f in "$2" "$3"; do
			grep -q -- "$o\\b" "$f" || fail "$o not in $f"
		done
	done
	for o in $5; do
		grep -q -- "-l ${o#--}\\b" "$4" || fail "$o not in $4"
	done
	for o in $6; do
		grep -q -- "-s ${o#-} " "$4" || fail "$o not in $4"
	done
}
