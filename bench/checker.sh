#!/bin/sh
# Health-check CPU: 20,000 TCP_CHECK targets at delay_loop 6 under our
# engine, then under Debian's keepalived (-n -C), same config, same
# loopback listeners, in a network namespace of their own (so nothing
# touches the host's addresses). Prints CPU % of one core for each and the
# ratio. The build host has no IPVS, without which keepalived's checker
# exits: bench/fake_ipvs.c, preloaded into keepalived alone, answers its
# IPVS socket options as an empty table would. Needs root (unshare -n).
#   bench/checker.sh BUILD_DIR [--targets N] [--seconds S] [--delay-loop D]
set -eu
build=${1:?usage: bench/checker.sh BUILD_DIR [options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
cmake --build "$build" --target bench_checker >/dev/null
cc -shared -fPIC -O2 -Wall -o "$build/bench/fake_ipvs.so" "$here/fake_ipvs.c" -ldl
exec unshare -n sh -c 'ip link set lo up && so=$1 && shift && exec "$0" --keepalived /usr/sbin/keepalived --preload "$so" "$@"' \
	"$build/bench/bench_checker" "$(cd "$build" && pwd)/bench/fake_ipvs.so" "$@"
