#!/bin/sh
# The lab's own contract: a guest's status and output reach the host, and a
# guest that panics is reported as "no result" (125), never as a pass.
set -u
lab=$(dirname "$0")/lab.sh
fail() { echo "FAIL: $*"; exit 1; }

out=$("$lab" run lab_status 2>&1)
rc=$?
[ $rc -eq 7 ] || fail "lab_status: expected status 7, got $rc: $out"
echo "$out" | grep -q '^guest reporting status 7$' || fail "lab_status: output lost: $out"
echo "ok: exit status and output of the guest reach the host"

out=$("$lab" run lab_panic 2>&1)
rc=$?
[ $rc -eq 125 ] || fail "lab_panic: expected 125 (no result), got $rc: $out"
echo "$out" | grep -q 'no result' || fail "lab_panic: no 'no result' message: $out"
echo "ok: a panicking guest is 'no result'"
