#!/bin/sh
# Runs the keepalived.conf fuzzer for SECONDS: seeds from tests/keepalived/,
# new inputs kept in WORK/corpus, includes confined to a scratch copy of
# the seeds (see config_fuzz.cpp). Fails on any crash, sanitizer report,
# leak, or input that takes longer than 10 s; the input is left in WORK.
#
#   run.sh FUZZER SOURCE_DIR WORK SECONDS
set -eu
fuzzer=$1 src=$2 work=$3 seconds=$4

rm -rf "$work/scratch"
mkdir -p "$work/corpus" "$work/scratch"
cp -r "$src/tests/keepalived/." "$work/scratch/"
cd "$work/scratch"
# -timeout: an input slower than 10 s counts as a hang; -rss_limit_mb: a
# runaway allocation is a failure, not the machine's swap.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 exec "$fuzzer" \
	-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/" -print_final_stats=1 \
	"$work/corpus" "$work/scratch"
