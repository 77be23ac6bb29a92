#!/bin/sh
# liblvs as its users get it: cmake --install into a prefix; lvs.pc, the
# headers and both libraries there; lvscli(8)'s example
# (src/liblvs/example.c) built with pkg-config against them, linked with
# the shared and with the static library, run against a stand-in for
# keepalived's JSON-RPC server (fake_rpc_server.py): the requests it sends
# and every kind of return value.
set -eu

. "$(dirname "$0")/rpc_lib.sh"
build=$(cd "${1:?usage: $0 BUILD-DIR [SANITIZER-FLAGS]}" && pwd)
# A sanitizer build's libraries need its runtime in the program too (and
# that runtime cannot be linked statically).
san=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null
pc=$(find "$prefix" -name lvs.pc)
[ -n "$pc" ] || fail "no lvs.pc installed under $prefix"
export PKG_CONFIG_PATH="${pc%/lvs.pc}"
libdir=$(pkg-config --variable=libdir lvs)
# echo $(...): without pkg-config's trailing blank.
# shellcheck disable=SC2046,SC2005
[ "$(echo $(pkg-config --cflags lvs))" = "-I$prefix/include" ] || fail "lvs.pc's Cflags: $(pkg-config --cflags lvs)"
# shellcheck disable=SC2046,SC2005
[ "$(echo $(pkg-config --static --libs lvs))" = "-L$libdir -llvs -lstdc++ -lm" ] ||
	fail "lvs.pc's static libs: $(pkg-config --static --libs lvs)"
for f in include/lvs/lvs.h include/lvs/lvs_common.h; do
	[ -r "$prefix/$f" ] || fail "$f not installed"
done
[ -r "$libdir/liblvs.a" ] || fail "no liblvs.a in $libdir"
[ "$(readlink "$libdir/liblvs.so")" = liblvs.so.1 ] || fail "liblvs.so is not a link to liblvs.so.1"
readelf -d "$libdir/liblvs.so.1" | grep -q 'SONAME.*\[liblvs\.so\.1\]' || fail "liblvs.so.1 has no SONAME liblvs.so.1"
exports=$(nm -D --defined-only "$libdir/liblvs.so.1" | awk '{ print $3 }' | sort | tr '\n' ' ')
[ "$exports" = "lvs_add_service_config lvs_del_service_config lvs_update_service_config " ] ||
	fail "liblvs.so.1 exports more or less than the API: $exports"

# The headers are C89 (with <stdint.h>) and C++.
echo '#include <lvs/lvs.h>' | cc -std=c89 -pedantic-errors -fsyntax-only $(pkg-config --cflags lvs) -x c - ||
	fail "<lvs/lvs.h> is not C89"
echo '#include <lvs/lvs.h>' | c++ -fsyntax-only $(pkg-config --cflags lvs) -x c++ - || fail "<lvs/lvs.h> is not C++"

# shellcheck disable=SC2046,SC2086
cc $san -Wall -Wextra -Werror -o example_shared "$src/src/liblvs/example.c" $(pkg-config --cflags --libs lvs)
readelf -d example_shared | grep -q 'NEEDED.*\[liblvs\.so\.1\]' || fail "example_shared does not load liblvs.so.1"
if [ -z "$san" ]; then
	# shellcheck disable=SC2046
	cc -static -Wall -Wextra -Werror -o example_static "$src/src/liblvs/example.c" $(pkg-config --static --cflags --libs lvs)
	file example_static | grep -q 'statically linked' || fail "example_static is not static: $(file example_static)"
else
	# shellcheck disable=SC2046,SC2086
	cc $san -Wall -Wextra -Werror -o example_static "$src/src/liblvs/example.c" $(pkg-config --cflags lvs) \
		-Wl,--as-needed -Wl,-Bstatic -llvs -Wl,-Bdynamic $(pkg-config --static --libs lvs)
	! readelf -d example_static | grep -q liblvs || fail "example_static loads liblvs.so"
fi
export LD_LIBRARY_PATH="$libdir"
export LVS_RPC_SOCKET="$tmp/s.sock"

ok='{"jsonrpc":"2.0","id":1,"result":{"service":"TCP 192.168.1.1:1984","operations":2,"failed":0,"file":"f"}}'
config() { # WEIGHT: example.c's config as JSON writes it
	printf '%s' "virtual_server 192.168.1.1 1984 {\\n    lb_algo rr\\n    lb_kind NAT\\n    protocol TCP\\n    real_server 10.0.0.2 1984 {\\n        weight $1\\n    }\\n}\\n"
}
for example in example_shared example_static; do
	serve "$ok" "$ok" "$ok"
	run ./$example
	expect $example 0 "lvs_add_service_config: done${nl}lvs_update_service_config: done${nl}lvs_del_service_config: done$nl" ""
	sent $example \
		'{"jsonrpc":"2.0","id":1,"method":"virtual_server.add","params":{"config":"'"$(config 1)"'"}}' \
		'{"jsonrpc":"2.0","id":1,"method":"virtual_server.update","params":{"config":"'"$(config 2)"'"}}' \
		'{"jsonrpc":"2.0","id":1,"method":"virtual_server.delete","params":{"address":"192.168.1.1","port":1984,"protocol":"TCP"}}'
done

# Return values: keepalived's negative errno, -EPROTO for JSON-RPC's own
# codes, -EBADMSG, and the connection's errno.
serve '{"jsonrpc":"2.0","id":1,"error":{"code":-17,"message":"TCP 192.168.1.1:1984 exists"}}'
run ./example_shared
expect "-EEXIST" 1 "" "lvs_add_service_config: File exists (-17)$nl"
serve "$ok" "$ok" '{"jsonrpc":"2.0","id":1,"error":{"code":-2,"message":"no such virtual server"}}'
run ./example_shared
expect "-ENOENT from keepalived" 1 "lvs_add_service_config: done${nl}lvs_update_service_config: done$nl" \
	"lvs_del_service_config: No such file or directory (-2)$nl"
serve '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}'
run ./example_shared
expect "-EPROTO" 1 "" "lvs_add_service_config: Protocol error (-71)$nl"
serve 'Hello'
run ./example_shared
expect "-EBADMSG" 1 "" "lvs_add_service_config: Bad message (-74)$nl"
serve '@close'
run ./example_shared
expect "-ECONNRESET" 1 "" "lvs_add_service_config: Connection reset by peer (-104)$nl"
rm s.sock
run ./example_shared
expect "no socket" 1 "" "lvs_add_service_config: No such file or directory (-2)$nl"
nobody_listens
run ./example_shared
expect "nobody listening" 1 "" "lvs_add_service_config: Connection refused (-111)$nl"

# Arguments: -EINVAL and -E2BIG before any call; an IPv6 UDP service.
# shellcheck disable=SC2046,SC2086
cc $san -Wall -Wextra -Werror -o calls "$src/tests/host/liblvs_calls.c" $(pkg-config --cflags --libs lvs)
serve "$ok" "$ok"
run ./calls
expect "arguments" 0 "add NULL: -22${nl}update NULL: -22${nl}del NULL: -22${nl}del AF_UNIX: -22${nl}del SCTP: -22${nl}add 960 KiB + 1: -7${nl}del IPv6 UDP: 0${nl}add: 0${nl}config: as it was$nl" ""
sent "arguments" \
	'{"jsonrpc":"2.0","id":1,"method":"virtual_server.delete","params":{"address":"2001:db8::1","port":53,"protocol":"UDP"}}' \
	'{"jsonrpc":"2.0","id":1,"method":"virtual_server.add","params":{"config":"virtual_server 10.0.0.1 80 {\n}\n"}}'
echo "liblvs ok"
