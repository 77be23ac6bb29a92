#!/bin/sh
# The kernel module builds against the installed Debian headers with no
# compiler warning and no sparse report (C=2 checks every file).
set -eu
src=$(cd "$(dirname "$0")/../../kmod" && pwd)
kver=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 | sed -n 's/.*linux-headers-\([0-9][^ ,]*-amd64\).*/\1/p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
make -s -C "$work" KDIR="/usr/src/linux-headers-$kver" check >"$work/log" 2>&1 || {
	cat "$work/log"
	echo "FAIL: kmod does not build"
	exit 1
}
reports=$(grep -v -e '^ *CHECK ' -e 'Skipping BTF generation' -e '^make' "$work/log" || true)
if [ -n "$reports" ]; then
	echo "$reports"
	echo "FAIL: compiler or sparse reports in kmod/"
	exit 1
fi
echo "kmod: clean build and sparse check against $kver"
