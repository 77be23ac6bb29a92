#!/bin/sh
# The binary as built: hardened as Debian hardens its packages (PIE, RELRO
# bound at start, stack protector and fortified libc calls in our own
# code), a static PIE when static, its debug information split out when
# optimised, and a link that prints no warning.
#
# Usage: hardening_test.sh BUILD-DIR BUILD-TYPE static|dynamic
set -eu
build=$1
type=$2
linkage=$3
bin=$build/src/lvsbox
fail() { echo "FAIL: $*"; exit 1; }

readelf -lW "$bin" | grep -q GNU_RELRO || fail "no RELRO segment"
readelf -dW "$bin" | grep -q 'FLAGS.*BIND_NOW' || fail "relocations not bound at start (no BIND_NOW)"
readelf -dW "$bin" | grep -q 'FLAGS_1.*PIE' || fail "not a PIE"
# Our own objects: the stack protector's check, and (optimised) the
# fortified variants of libc calls, which need the compiler's help.
nm -u "$build/src/liblvscore.a" 2>/dev/null | grep -q '__stack_chk_fail' || fail "no stack protector in our code"
case $type in
Release | RelWithDebInfo)
	nm -u "$build/src/liblvscore.a" 2>/dev/null | grep -q '__[a-z]*_chk$' || fail "no fortified libc call in our code"
	readelf -SW "$bin" | grep -q '\.debug_info' && fail "lvsbox carries its debug information"
	readelf -SW "$bin" | grep -q '\.symtab' && fail "lvsbox carries a symbol table"
	readelf -p .gnu_debuglink "$bin" | grep -q 'lvsbox\.debug' || fail "no debuglink to lvsbox.debug"
	readelf -SW "$build/src/lvsbox.debug" | grep -q '\.debug_info' || fail "lvsbox.debug holds no debug information"
	;;
esac

if [ "$linkage" = static ]; then
	file "$bin" | grep -q 'static-pie linked' || fail "not a static PIE: $(file "$bin")"
	# Link it again, elsewhere, with the build's own command: nothing printed.
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	cmd=$(sed "s| -o lvsbox | -o $tmp/lvsbox |" "$build/src/CMakeFiles/lvsbox.dir/link.txt")
	out=$(cd "$build/src" && eval "$cmd" 2>&1) || fail "the link fails: $out"
	[ -x "$tmp/lvsbox" ] || fail "the link made no $tmp/lvsbox"
	[ -z "$out" ] || fail "the link prints: $out"
	# The filter passes other warnings on, and the exit status.
	out=$("$(dirname "$0")/../../scripts/link-static-nss.sh" sh -c '
		echo "/usr/bin/ld: x.o: in function \`f'"'"':" >&2
		echo "x.c:1: warning: Using '"'"'getpwnam'"'"' in statically linked applications requires at runtime the shared libraries" >&2
		echo "/usr/bin/ld: y.o: in function \`g'"'"':" >&2
		echo "y.c:2: warning: Using '"'"'getpwent'"'"' in statically linked applications requires at runtime the shared libraries" >&2
		exit 3' 2>&1) && fail "the filter lost the exit status"
	[ "$out" = "/usr/bin/ld: y.o: in function \`g':
y.c:2: warning: Using 'getpwent' in statically linked applications requires at runtime the shared libraries" ] ||
		fail "the filter printed: $out"
fi
echo "hardening ok"
