#!/bin/sh
# keepalived.conf(5) explains every keyword this keepalived acts on: each
# has an entry of its own (the first word of a .TP/.TQ heading, or of a
# .SS title) followed by at least one sentence. Naming keywords in a list
# is not enough: a user looking one up must learn what it does.
#
# The keywords come from the parser's tables (src/core/config/keywords_*),
# walked from the top level as the parser walks them, so that a keyword
# added to a table and not documented fails here. The walk skips what is
# not acted upon: an entry carrying an Inert (its fifth field) and the
# blocks such entries open (bfd_instance's keywords, say). An entry inert
# only with some values (lb_kind NATinVXLAN) is acted upon otherwise: the
# man page's section ACCEPTED BUT NOT ACTED UPON names those as two words,
# and tests/unit/config_keywords_test.cpp holds that section to the tables.
set -eu

here=$(dirname "$0")
src=$(cd "$here/../.." && pwd)
man=$src/man/keepalived.conf.5
fail() { echo "FAIL: $*"; exit 1; }

# Keywords inert only with some values: "lb_kind NATinVXLAN" gives lb_kind.
partial=$(awk '/^\.SH/ { inside = ($0 == ".SH ACCEPTED BUT NOT ACTED UPON") }
	inside && /^\.BR? "[^ "]+ / { sub(/^\.BR? "/, ""); sub(/ .*/, ""); print }' "$man" | sort -u)

# The walk. Table entries are one line each, {"name", MIN, handler[,
# block[, inert]]}; arrays and blocks are file-local unless no file of that
# name defines them (then the one that does: headers, extern blocks).
acted=$(awk -v partial="$partial" '
function ref(file, name) { return (file SUBSEP name) in defined ? file SUBSEP name : global[name] }
function walk_block(b,    a) {
	if (b == "" || (b in seen)) return
	seen[b] = 1
	walk_array(barray[b]); walk_array(bopts[b]); walk_block(balso[b])
}
function walk_array(a,    i) {
	if (a == "") return
	for (i = 1; i <= count[a]; i++) {
		if (einert[a, i] && !(ename[a, i] in part)) continue
		print ename[a, i]
		walk_block(eblock[a, i])
	}
}
BEGIN { n = split(partial, p, "\n"); for (i = 1; i <= n; i++) part[p[i]] = 1 }
FNR == 1 { file = FILENAME }
{ line = $0; gsub(/<[^>]*>/, "", line) }
match(line, /Keyword k[A-Za-z]+\[\]/) {
	arr = substr(line, RSTART + 8, RLENGTH - 10)
	defined[file, arr] = 1; global[arr] = file SUBSEP arr; cur = file SUBSEP arr; next
}
match(line, /Block k[A-Za-z]+\{/) {
	name = substr(line, RSTART + 6, RLENGTH - 7)
	body = substr(line, RSTART + RLENGTH); sub(/\};.*/, "", body)
	nf = split(body, f, /, */)
	key = file SUBSEP name; defined[key] = 1; global[name] = key
	bfile[key] = file; bargs[key, 1] = f[1]; bargs[key, 4] = f[4]; bargs[key, 5] = f[5]
	blocks[key] = 1; cur = ""; next
}
cur != "" && line ~ /^[ \t]*\{"[^"]+", *[0-9]+/ {
	sub(/^[ \t]*\{/, "", line); sub(/\},?[ \t]*(\/\/.*)?$/, "", line)
	nf = split(line, f, /, */)
	i = ++count[cur]; gsub(/"/, "", f[1]); ename[cur, i] = f[1]
	efile[cur, i] = file; eblockname[cur, i] = (nf >= 4 && f[4] != "nullptr") ? substr(f[4], 2) : ""
	einert[cur, i] = nf >= 5
	next
}
/^\};/ { cur = "" }
# Anything else inside a table is an entry this walk cannot read: fail
# rather than leave its keyword out.
cur != "" && line !~ /^[ \t]*(\/\/.*)?$/ { print "cannot read " FILENAME ": " $0 > "/dev/stderr"; bad = 1; exit 1 }
END {
	if (bad) exit 1
	for (b in blocks) {
		split(b, k, SUBSEP)
		if (bargs[b, 1] ~ /^k/) barray[b] = ref(k[1], bargs[b, 1])
		if (bargs[b, 4] ~ /^&k/) balso[b] = ref(k[1], substr(bargs[b, 4], 2))
		if (bargs[b, 5] ~ /^k/) bopts[b] = ref(k[1], bargs[b, 5])
	}
	for (a in count)
		for (i = 1; i <= count[a]; i++)
			if (eblockname[a, i] != "") {
				eblock[a, i] = ref(efile[a, i], eblockname[a, i])
				if (eblock[a, i] == "") { print "no block " eblockname[a, i] > "/dev/stderr"; exit 1 }
			}
	root = global["kRootBlock"]
	if (root == "") { print "no kRootBlock" > "/dev/stderr"; exit 1 }
	walk_block(root)
}' "$src"/src/core/config/keywords_*.cpp "$src"/src/core/config/keywords_*.hpp) ||
	fail "the keyword tables could not be walked"
acted=$(printf '%s\n' "$acted" | sort -u)

# A walk that lost its way finds few keywords; the tables hold some 180.
total=$(printf '%s\n' "$acted" | wc -l)
[ "$total" -ge 150 ] || fail "only $total acted-upon keywords found in the tables"

# For each entry of the page, its keyword and whether a sentence follows.
# A heading's keyword is the first word of the line after .TP (or .TQ),
# or of a .SS title, without quotes and with \- as -. The text runs to the
# next heading; a sentence there is a capital letter, then at least 15
# characters and three blanks without a full stop, then a full stop, once
# font requests and escapes are read as plain text (a list of lower-case
# keywords is none). mawk has no {n,} in regular expressions.
explained=$(sed 's/\\-/-/g' "$man" | awk '
function sentence(t,    s) {
	while (match(t, /[A-Z][^.]*\./)) {
		s = substr(t, RSTART, RLENGTH)
		if (RLENGTH >= 17 && gsub(/ /, " ", s) >= 3) return 1
		t = substr(t, RSTART + 1)
	}
	return 0
}
function flush() {
	if (keys != "" && sentence(text)) { n = split(keys, k, " "); for (i = 1; i <= n; i++) print k[i] }
	keys = ""; text = ""
}
function first_word(s) { sub(/^\.[A-Z]+ */, "", s); gsub(/"/, "", s); sub(/[ \t].*/, "", s); return s }
/^\.(TP|SS|SH)/ { flush() }
/^\.SS / { keys = first_word($0); next }
/^\.(TP|TQ)/ { heading = 1; next }
heading { keys = keys " " first_word($0); heading = 0; next }
{ line = $0; sub(/^\.[A-Z]+ /, "", line); gsub(/\\f[BIRP]|"/, "", line); text = text " " line }
END { flush() }' | sort -u)

# LIST_ACTED=1: print the keywords the walk found, and stop.
[ -z "${LIST_ACTED:-}" ] || { printf "%s\n" "$acted"; exit 0; }
missing=$(printf '%s\n' "$acted" | while read -r k; do
	printf '%s\n' "$explained" | grep -qxF -- "$k" || echo "$k"
done)
if [ -n "$missing" ]; then
	echo "keywords acted upon without an explained entry in $man:"
	printf '%s\n' "$missing" | sed 's/^/  /'
	fail "$(printf '%s\n' "$missing" | wc -l) of $total keywords unexplained"
fi
echo "keepalived.conf(5) explains all $total keywords acted upon"
