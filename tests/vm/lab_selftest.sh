#!/bin/sh
# The lab's own contract: a guest's status and output reach the host, and
# anything but the guest's own report -- a panic, a guest that leaves
# without its status line, a qemu that cannot start or cannot load the
# kernel -- is "no result" (125), never a pass.
set -u
lab=$(dirname "$0")/lab.sh
LAB_DIR=${LAB_DIR:?LAB_DIR names the prepared lab}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_no_result WHAT [ENV...] -- runs lab.sh run with ENV; must be 125.
expect_no_result() {
	what=$1 case=$2
	shift 2
	out=$(env "$@" "$lab" run "$case" 2>&1)
	rc=$?
	[ $rc -eq 125 ] || fail "$what: expected 125 (no result), got $rc: $out"
	echo "$out" | grep -q 'no result' || fail "$what: no 'no result' message: $out"
	echo "ok: $what is 'no result'"
}

out=$("$lab" run lab_status 2>&1)
rc=$?
[ $rc -eq 7 ] || fail "lab_status: expected status 7, got $rc: $out"
echo "$out" | grep -q '^guest reporting status 7$' || fail "lab_status: output lost: $out"
echo "$out" | grep -q 'lab-status' && fail "lab_status: the status line leaked into the output: $out"
echo "ok: exit status and output of the guest reach the host"

expect_no_result "a panicking guest" lab_panic
expect_no_result "a guest leaving without its status line" lab_forged
printf '#!/bin/sh\necho "qemu: cannot start" >&2\nexit 1\n' >"$tmp/qemu"
chmod 755 "$tmp/qemu"
expect_no_result "a qemu that cannot start" lab_status LAB_QEMU="$tmp/qemu"
mkdir "$tmp/lab"
: >"$tmp/lab/vmlinuz"
ln -s "$LAB_DIR/initramfs.cpio" "$tmp/lab/initramfs.cpio"
expect_no_result "a kernel qemu cannot load" lab_status LAB_DIR="$tmp/lab"
