#!/bin/sh
# All tests: installs what is needed, builds the static binary and a
# sanitizer (ASan+UBSan) build, runs the unit and host tiers under the
# sanitizers, then every tier (unit, host, vm) on the static build.
# Run as root on Debian 12; .ci/run calls exactly this.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc)
scripts/setup-deps.sh

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLVSBOX_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
ctest --test-dir build-asan -L 'unit|host' --output-on-failure

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
ctest --test-dir build --output-on-failure
