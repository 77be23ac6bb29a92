#!/bin/sh
# Runs a fuzzer for SECONDS: seeds from SEEDS (tests/keepalived/ for the
# config fuzzer), new inputs kept in WORK/corpus, the run started inside a
# scratch copy of the seeds (config_fuzz.cpp confines includes to it).
# Fails on any crash, sanitizer report, leak, or input that takes longer
# than 10 s; the input is left in WORK.
#
#   run.sh FUZZER SEEDS WORK SECONDS
set -eu
fuzzer=$1 seeds=$2 work=$3 seconds=$4

rm -rf "$work/scratch"
mkdir -p "$work/corpus" "$work/scratch"
cp -r "$seeds/." "$work/scratch/"
cd "$work/scratch"
# -timeout: an input slower than 10 s counts as a hang; -rss_limit_mb: a
# runaway allocation is a failure, not the machine's swap.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 exec "$fuzzer" \
	-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$work/" -print_final_stats=1 \
	"$work/corpus" "$work/scratch"
