#!/bin/sh
# Builds the Debian 12 packages of this checkout and checks them with
# lintian: lvsbox (the suite), lvsbox-dkms (the kernel modules, built by
# DKMS), liblvs1 and liblvs-dev (lvscli's C API), lvsbox-dbgsym (the debug
# information). Run as root on Debian 12:
#
#   scripts/build-packages.sh [OUTDIR]     (default: build-packages)
#
# It builds from a copy of the tree in OUTDIR/src, so the checkout gets no
# build products and dpkg-buildpackage leaves the packages in OUTDIR.
# DEB_BUILD_OPTIONS passes through (nocheck: no unit tests; parallel=N).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build-packages}
"$top/scripts/setup-deps.sh"

rm -rf "$out"
mkdir -p "$out/src"
out=$(cd "$out" && pwd)
cd "$top"
# What git knows of (tracked, or new and not ignored); without git, the
# tree less its build directories.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files --cached --others --exclude-standard |
		while read -r f; do if [ -e "$f" ]; then echo "$f"; fi; done |
		cpio -pdm --quiet "$out/src"
else
	tar -cf - --exclude=./build --exclude='./build-*' . | tar -xf - -C "$out/src"
fi

cd "$out/src"
DEB_BUILD_OPTIONS="parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" dpkg-buildpackage -b -us -uc
cd "$out"
rm -rf src
lintian --fail-on error,warning --info ./*.changes
echo "build-packages: packages in $out:"
ls "$out"
