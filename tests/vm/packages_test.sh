#!/bin/sh
# The Debian packages as a user gets them: built by
# scripts/build-packages.sh (lintian finds no error), installed into a clean
# Debian 12 root made by debootstrap, where DKMS builds the modules against
# the lab kernel's headers on its own; then the lab runs the demo and
# vm.keepalived_fnat on the packaged binary and those modules; last, purging
# the packages leaves the root as it was before they came.
#
#   packages_test.sh WORKDIR [DEBDIR]
#
# With DEBDIR, the packages built there by scripts/build-packages.sh are
# tested instead of building them anew.
#
# Needs root, the lab's prerequisites and a Debian mirror
# (LVSBOX_DEBIAN_MIRROR, default http://deb.debian.org/debian, and
# LVSBOX_DEBIAN_SECURITY for bookworm-security, where the kernel headers
# of a point release are); exits 77 (skip) when the mirror cannot be
# reached.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work=$1
debs=${2:-$work/debs}
mirror=${LVSBOX_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${LVSBOX_DEBIAN_SECURITY:-http://deb.debian.org/debian-security}
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
packages="lvsbox lvsbox-dkms liblvs1 liblvs-dev"

fail() { echo "packages: FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
# in_root COMMAND...: runs COMMAND in the Debian root, as apt runs there.
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
# logged NAME COMMAND...: runs COMMAND with its output in WORKDIR/NAME.log,
# shown only when it fails.
logged() {
	log=$work/$1.log
	shift
	"$@" >"$log" 2>&1 || { tail -n 60 "$log" >&2; fail "$* (log: $log)"; }
}
# snapshot: every path in the root and its type, less apt's and dpkg's own
# records and caches, logs, and the depmod indexes of the headers' kernel
# (files of the kernel's own package on any machine that runs it).
snapshot() {
	(cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp \
		-o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/lib/dpkg \
		-o -path ./var/log -o -path "./usr/lib/modules/$kver/modules.*" \) -prune \
		-o -printf '%y %p\n' | sort)
}

curl -sfI "$mirror/dists/bookworm/InRelease" >/dev/null || {
	echo "packages: skip: the Debian mirror $mirror cannot be reached"
	exit 77
}
kver=$("$here/lab.sh" kernel)
root=$work/root
if mountpoint -q "$root/proc" 2>/dev/null; then umount "$root/proc"; fi
rm -rf "$work"
mkdir -p "$work"
trap 'if mountpoint -q "$root/proc"; then umount "$root/proc"; fi' EXIT

if [ $# -lt 2 ]; then
	step "the packages, built and checked by lintian"
	logged build env DEB_BUILD_OPTIONS=nocheck "$top/scripts/build-packages.sh" "$debs"
	sed -n '/^[EWIN]: /p' "$work/build.log"
fi
for p in $packages; do
	ls "$debs/${p}_${version}_"*.deb >/dev/null || fail "no package $p $version in $debs"
done
dbgsym=$(ls "$debs/lvsbox-dbgsym_${version}_"*.deb) || fail "no lvsbox-dbgsym in $debs"

step "a clean Debian 12 root with DKMS and the headers of the lab's kernel ($kver)"
logged debootstrap debootstrap --variant=minbase bookworm "$root" "$mirror"
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
# No service starts inside the root (Debian's policy-rc.d convention).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
logged apt-update in_root apt-get update
logged apt-deps in_root apt-get install -y --no-install-recommends dkms "linux-headers-$kver"
snapshot >"$work/before"
installed() { in_root dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' | awk '$1 == "ii" { print $2 }' | sort; }
installed >"$work/installed-before"

step "installed: DKMS built the modules for $kver"
mkdir "$root/tmp/debs"
cp "$debs/"*.deb "$root/tmp/debs/"
# shellcheck disable=SC2046
logged install in_root apt-get install -y --no-install-recommends \
	$(for p in $packages; do echo "$root/tmp/debs/${p}_${version}_"*.deb; done | sed "s|^$root||")
in_root dkms status | tee "$work/dkms-status"
grep -q "^lvsbox/$version, $kver, x86_64: installed" "$work/dkms-status" ||
	fail "DKMS did not build and install lvsbox/$version for $kver"
modules=$root/lib/modules/$kver/updates/dkms
for m in ip_vs_fnat ip_vs_consh; do
	vermagic=$(in_root modinfo -F vermagic "${modules#"$root"}/$m.ko") || fail "no $m.ko in $modules"
	case $vermagic in "$kver "*) ;; *) fail "$m.ko is for '$vermagic', not $kver" ;; esac
done

step "the packaged tools, in the root"
for p in ipvsadm keepalived ipvs-switch lvscli; do
	[ "$(readlink "$root/usr/sbin/$p")" = lvsbox ] || fail "/usr/sbin/$p is not a link to lvsbox"
done
in_root keepalived -t -f /usr/share/doc/lvsbox/examples/keepalived-fullnat.conf ||
	fail "the packaged keepalived refuses the packaged FULLNAT example"
in_root ipvs-switch --version
for unit in keepalived ipvsadm ipvs-switch; do
	wants=$(readlink "$root/etc/systemd/system/multi-user.target.wants/$unit.service") ||
		fail "$unit.service is not enabled"
	[ -e "$root$wants" ] || fail "$unit.service is enabled as $wants, which is not there"
done
id=$(readelf -n "$root/usr/sbin/lvsbox" | sed -n 's/.*Build ID: //p')
dpkg-deb -c "$dbgsym" >"$work/dbgsym.list"
grep -q "usr/lib/debug/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug" "$work/dbgsym.list" ||
	fail "lvsbox-dbgsym has no debug file for lvsbox's build ID $id"
cp "$top/src/liblvs/example.c" "$root/tmp/example.c"
in_root gcc -o /tmp/example /tmp/example.c -llvs || fail "liblvs-dev: the example does not build"
in_root ldd /tmp/example | grep -q 'liblvs.so.1 => /[a-z/]*lib/x86_64-linux-gnu/liblvs.so.1 ' ||
	fail "the example is not linked with liblvs1's library"
rm "$root/tmp/example" "$root/tmp/example.c"

step "the lab on the packaged binary and the modules DKMS built"
lab() { LAB_DIR=$work/lab LAB_MODULES=$modules "$here/lab.sh" "$@"; }
logged lab-prepare lab prepare "$root/usr/sbin/lvsbox"
lab run demo || fail "the demo fails on the packaged bits"
lab run keepalived_fnat || fail "vm.keepalived_fnat fails on the packaged bits"

step "purged: nothing left behind"
# What the tools write at run time, which purging removes too.
mkdir -p "$root/var/lib/lvsbox" "$root/var/lib/keepalived/lvscli"
echo fnat >"$root/var/lib/lvsbox/ipvs-mode"
echo 'virtual_server 10.0.0.1 80 { }' >"$root/var/lib/keepalived/lvscli/TCP_10.0.0.1_80.conf"
echo '-A -t 10.0.0.1:80 -s rr' >"$root/etc/ipvsadm.rules"
# shellcheck disable=SC2086
logged purge in_root apt-get purge -y $packages
left=$(in_root dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' $packages 2>/dev/null) &&
	fail "dpkg still knows of: $left"
# Then the Debian packages they brought in (libc6-dev for liblvs-dev's
# headers, which gcc's recommendation keeps from apt's autoremove).
brought=$(installed | comm -13 "$work/installed-before" -)
# shellcheck disable=SC2086
[ -z "$brought" ] || logged purge-deps in_root apt-get purge -y $brought
snapshot >"$work/after"
diff -u "$work/before" "$work/after" >"$work/left" ||
	{ head -n 40 "$work/left"; fail "purging left these behind (+; all in $work/left)"; }
echo "ok: packages built, installed, used in the lab and purged without a trace"
