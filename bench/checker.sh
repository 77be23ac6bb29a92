#!/bin/sh
# Health-check CPU: 20,000 TCP_CHECK targets at delay_loop 6 under our
# engine, then under Debian's keepalived (-n -C), same config, same
# loopback listeners, in a network namespace of their own (so nothing
# touches the host's IPVS table or addresses). Prints CPU % of one core
# for each and the ratio. Needs root (unshare -n).
#   bench/checker.sh BUILD_DIR [--targets N] [--seconds S] [--delay-loop D]
set -eu
build=${1:?usage: bench/checker.sh BUILD_DIR [options]}
shift
cmake --build "$build" --target bench_checker >/dev/null
exec unshare -n sh -c 'ip link set lo up && exec "$0" --keepalived /usr/sbin/keepalived "$@"' \
	"$build/bench/bench_checker" "$@"
