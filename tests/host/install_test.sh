#!/bin/sh
# cmake --install into a DESTDIR: binary, one relative link per personality,
# man pages and completions, liblvs (headers, libraries, lvs.pc), all under
# the prefix.
set -eu
build=$1
linkage=$2 # static or dynamic: what this build dir was configured for
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
DESTDIR=$dest cmake --install "$build" --prefix /usr/local >/dev/null

fail() { echo "FAIL: $*"; exit 1; }
sbin=$dest/usr/local/sbin
[ -x "$sbin/lvsbox" ] || fail "no lvsbox in $sbin"
for p in ipvsadm keepalived ipvs-switch lvscli; do
	[ "$(readlink "$sbin/$p")" = lvsbox ] || fail "$p is not a link to lvsbox"
	"$sbin/$p" --help >/dev/null 2>&1 || [ $? -eq 2 ] || fail "$p link does not run"
done
if [ "$linkage" = static ]; then
	file "$sbin/lvsbox" | grep -q 'static-pie linked' || fail "lvsbox is not static: $(file "$sbin/lvsbox")"
	ldd "$sbin/lvsbox" 2>&1 | grep -q 'statically linked' || fail "ldd sees a dynamic lvsbox"
fi
man=$dest/usr/local/share/man
src=$(cd "$(dirname "$0")/../.." && pwd)
for page in "$src"/man/*.[58]; do
	section=${page##*.}
	[ -e "$man/man$section/$(basename "$page")" ] || fail "man page $page not installed"
done
[ -e "$dest/usr/local/share/bash-completion/completions/lvsbox" ] || fail "no bash completion"
[ -e "$dest/usr/local/share/zsh/vendor-completions/_lvsbox" ] || fail "no zsh completion"
[ -e "$dest/usr/local/share/fish/vendor_completions.d/lvsbox.fish" ] || fail "no fish completion"
for f in include/lvs/lvs.h include/lvs/lvs_common.h; do
	[ -e "$dest/usr/local/$f" ] || fail "$f not installed"
done
pc=$(find "$dest/usr/local" -name lvs.pc)
[ -n "$pc" ] || fail "no lvs.pc"
grep -qx 'prefix=/usr/local' "$pc" || fail "lvs.pc does not name the prefix: $(cat "$pc")"
for f in liblvs.so liblvs.so.1 liblvs.a; do
	[ -e "${pc%/pkgconfig/lvs.pc}/$f" ] || fail "$f not installed beside lvs.pc's directory"
done
unit=$dest/usr/local/lib/systemd/system/keepalived.service
grep -q '^ExecStart=/usr/local/sbin/keepalived --dont-fork' "$unit" || fail "no keepalived.service running the installed keepalived"
grep -q '^ExecStart=/usr/local/sbin/ipvs-switch --restore' "$dest/usr/local/lib/systemd/system/ipvs-switch.service" ||
	fail "no ipvs-switch.service restoring the mode with the installed ipvs-switch"
echo "install tree ok"
