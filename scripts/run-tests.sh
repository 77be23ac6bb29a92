#!/bin/sh
# All tests: installs what is needed, builds the static binary and a
# sanitizer (ASan+UBSan) build, runs the unit and host tiers under the
# sanitizers, fuzzes the keepalived.conf parser for a minute, the VRRP
# packet parser and lvscli's JSON-RPC requests for 30 s each (clang's
# libFuzzer), then every tier (unit, host,
# vm) on the static build. A test that cannot run here reports a skip,
# which is listed at the end; with LVSBOX_NO_SKIP=1 (.ci/run: CI has every
# prerequisite) any skip fails the run.
# Run as root on Debian 12; .ci/run calls exactly this.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
scripts/setup-deps.sh

# tier BUILD-DIR [CTEST-ARGS...]: ctest there; its skipped tests are noted.
skips=$(mktemp)
trap 'rm -f "$skips"' EXIT
tier() {
	dir=$1
	shift
	rm -f "$dir/junit.xml"
	ctest --test-dir "$dir" --output-on-failure --output-junit junit.xml "$@"
	# ctest writes a skipped test as <testcase name="..." status="notrun">
	# with a <skipped .../> element on a line of its own.
	awk -v dir="$dir" '/<testcase / { match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7) }
		/<skipped/ { print "  " name " (" dir ")" }' "$dir/junit.xml" >>"$skips"
}

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLVSBOX_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
tier build-asan -L 'unit|host'

# Only the fuzzers are built with clang; their tests are labelled fuzz (and host).
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DLVSBOX_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target config_fuzz vrrp_packet_fuzz rpc_fuzz >/dev/null
tier build-fuzz -L fuzz

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs" >/dev/null
tier build

if [ -s "$skips" ]; then
	echo "run-tests: skipped:"
	cat "$skips"
	[ "${LVSBOX_NO_SKIP:-0}" != 1 ] || { echo "run-tests: FAIL: tests were skipped where every prerequisite is installed"; exit 1; }
fi
echo "run-tests: all passed"
