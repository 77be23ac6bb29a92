#!/bin/sh
# The main job: install what is needed, build, and show a load-balanced
# service carrying real traffic in the VM lab. Run as root on Debian 12.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/setup-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
tests/vm/lab.sh prepare build/src/lvsbox
exec tests/vm/lab.sh run demo
