#!/bin/sh
# OpenSSL reads no system openssl.cnf (a config can load providers and
# engines from shared objects, which the static lvsbox must not dlopen),
# and reads the config OPENSSL_CONF names. Watched with strace around
# host_tests' cases that make a TLS client context and check an MD5 digest,
# in which nothing else uses OpenSSL.
#
# Usage: openssl_conf_test.sh HOST-TESTS
set -eu
tests=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# To stderr: a failure inside a command substitution must still be seen.
fail() { echo "FAIL: $*" >&2; exit 1; }
# LeakSanitizer cannot run under ptrace; the host tier checks leaks anyway.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

# configs CASE: the .cnf files the test case opens, one per line.
configs() {
	strace -f -qq -e trace=open,openat -o "$tmp/trace" "$tests" -tc="$1" >"$tmp/out" 2>&1 ||
		fail "$1: $(cat "$tmp/out")"
	grep -q 'test cases: *1 |' "$tmp/out" || fail "no test case '$1' ran: $(cat "$tmp/out")"
	sed -n 's/.*"\([^"]*\.cnf\)".*/\1/p' "$tmp/trace" | sort -u
}

printf '# a config the user asked for\n' >"$tmp/asked.cnf"
for c in 'SSL_GET: the client context*' "HTTP_GET: the body's MD5*"; do
	read=$(unset OPENSSL_CONF; configs "$c")
	[ -z "$read" ] || fail "'$c' reads $read"
	read=$(OPENSSL_CONF=$tmp/asked.cnf configs "$c")
	[ "$read" = "$tmp/asked.cnf" ] || fail "'$c' with OPENSSL_CONF reads '$read', not $tmp/asked.cnf"
done
echo "openssl config ok"
