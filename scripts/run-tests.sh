#!/bin/sh
# All tests: installs what is needed, builds the static binary and a
# sanitizer (ASan+UBSan) build, runs the unit and host tiers under the
# sanitizers, fuzzes the keepalived.conf parser for a minute and the VRRP
# packet parser for 30 s (clang's libFuzzer), then every tier (unit, host,
# vm) on the static build.
# Run as root on Debian 12; .ci/run calls exactly this.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
scripts/setup-deps.sh

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLVSBOX_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ctest --test-dir build-asan -L 'unit|host' --output-on-failure

# Only the fuzzer is built with clang; its test is labelled fuzz (and host).
CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -DLVSBOX_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target config_fuzz vrrp_packet_fuzz >/dev/null
ctest --test-dir build-fuzz -L fuzz --output-on-failure

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
ctest --test-dir build --output-on-failure
