#!/bin/sh
# cmake --install into a DESTDIR, under /usr/local and under /usr: binary,
# one relative link per personality, man pages and completions, liblvs
# (headers, libraries, lvs.pc), systemd units running the installed tools,
# the examples and SYSCONFDIR/default/keepalived, each where that prefix's
# readers look, and every file in the install manifest. Then systemd reads
# the units, installed where the paths they name exist.
set -eu
build=$1
linkage=$2 # static or dynamic: what this build dir was configured for
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dest=$work/root
fail() { echo "FAIL: $*"; exit 1; }

# check PREFIX UNITDIR ZSHDIR SYSCONFDIR: installs under PREFIX and checks
# the tree.
check() {
	prefix=$1
	unitdir=$2
	zshdir=$3
	etc=$4
	rm -rf "$dest" && mkdir "$dest"
	DESTDIR=$dest cmake --install "$build" --prefix "$prefix" >/dev/null
	sbin=$dest$prefix/sbin
	[ -x "$sbin/lvsbox" ] || fail "no lvsbox in $sbin"
	for p in ipvsadm keepalived ipvs-switch lvscli; do
		[ "$(readlink "$sbin/$p")" = lvsbox ] || fail "$p is not a link to lvsbox"
		"$sbin/$p" --help >/dev/null 2>&1 || [ $? -eq 2 ] || fail "$p link does not run"
	done
	if [ "$linkage" = static ]; then
		file "$sbin/lvsbox" | grep -q 'static-pie linked' || fail "lvsbox is not static: $(file "$sbin/lvsbox")"
		ldd "$sbin/lvsbox" 2>&1 | grep -q 'statically linked' || fail "ldd sees a dynamic lvsbox"
	fi
	man=$dest$prefix/share/man
	for page in "$src"/man/*.[58]; do
		section=${page##*.}
		[ -e "$man/man$section/$(basename "$page")" ] || fail "man page $page not installed"
	done
	[ -e "$dest$prefix/share/bash-completion/completions/lvsbox" ] || fail "no bash completion"
	[ -e "$dest$zshdir/_lvsbox" ] || fail "no zsh completion in $zshdir"
	[ -e "$dest$prefix/share/fish/vendor_completions.d/lvsbox.fish" ] || fail "no fish completion"
	for f in include/lvs/lvs.h include/lvs/lvs_common.h; do
		[ -e "$dest$prefix/$f" ] || fail "$f not installed"
	done
	pc=$(find "$dest$prefix" -name lvs.pc)
	[ -n "$pc" ] || fail "no lvs.pc"
	grep -qx "prefix=$prefix" "$pc" || fail "lvs.pc does not name the prefix: $(cat "$pc")"
	for f in liblvs.so liblvs.so.1 liblvs.a; do
		[ -e "${pc%/pkgconfig/lvs.pc}/$f" ] || fail "$f not installed beside lvs.pc's directory"
	done
	grep -q "^ExecStart=$prefix/sbin/keepalived --dont-fork" "$dest$unitdir/keepalived.service" ||
		fail "no keepalived.service in $unitdir running the installed keepalived"
	grep -q "^ExecStart=$prefix/sbin/ipvs-switch --restore" "$dest$unitdir/ipvs-switch.service" ||
		fail "no ipvs-switch.service in $unitdir restoring the mode with the installed ipvs-switch"
	# As Debian's keepalived.service: DAEMON_ARGS from the installed
	# default/keepalived, and skipped, with systemd saying why, while there
	# is no configuration.
	for line in "EnvironmentFile=-$etc/default/keepalived" "ExecStart=$prefix/sbin/keepalived --dont-fork \$DAEMON_ARGS" \
		'ConditionFileNotEmpty=/etc/keepalived/keepalived.conf'; do
		grep -qxF "$line" "$dest$unitdir/keepalived.service" || fail "keepalived.service has no line $line"
	done
	# The rules restored at boot and saved at shutdown, by the installed ipvsadm.
	for line in "ConditionFileNotEmpty=$etc/ipvsadm.rules" "ExecStart=$prefix/sbin/ipvsadm -C" \
		"ExecStart=/bin/sh -c 'exec $prefix/sbin/ipvsadm -R < $etc/ipvsadm.rules'" \
		"ExecStop=/bin/sh -c '$prefix/sbin/ipvsadm -S -n > $etc/ipvsadm.rules.new && mv $etc/ipvsadm.rules.new $etc/ipvsadm.rules'"; do
		grep -qxF "$line" "$dest$unitdir/ipvsadm.service" || fail "ipvsadm.service in $unitdir has no line $line"
	done
	docs=$dest$prefix/share/doc/lvsbox/examples
	(cd "$src/examples" && ls | grep -vx default-keepalived) >"$work/examples"
	ls "$docs" | diff -u "$work/examples" - >"$work/diff" ||
		fail "$docs (+) does not hold examples/ (-): $(cat "$work/diff")"
	while read -r f; do
		cmp -s "$src/examples/$f" "$docs/$f" || fail "$docs/$f is not examples/$f"
	done <"$work/examples"
	cmp -s "$src/examples/default-keepalived" "$dest$etc/default/keepalived" ||
		fail "$etc/default/keepalived is not examples/default-keepalived"
	# The manifest (what a packager or an uninstall reads) lists exactly the tree.
	(cd "$dest" && find . ! -type d | sed 's|^\.||' | sort) >"$work/tree"
	sort "$build/install_manifest.txt" | diff -u "$work/tree" - >"$work/diff" ||
		fail "install_manifest.txt (+) is not the tree (-) under $prefix: $(cat "$work/diff")"
}

check /usr/local /usr/local/lib/systemd/system /usr/local/share/zsh/site-functions /usr/local/etc
# Installing again keeps the settings a user made in default/keepalived.
settings=$dest/usr/local/etc/default/keepalived
echo 'DAEMON_ARGS="--log-detail"' >>"$settings"
DESTDIR=$dest cmake --install "$build" --prefix /usr/local >/dev/null
grep -qx 'DAEMON_ARGS="--log-detail"' "$settings" || fail "installing again overwrote $settings"
units=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
check /usr "$units" /usr/share/zsh/vendor-completions /etc

# systemd's own check of the units (syntax, the commands they run): an
# install under a real prefix, since the trees above name paths under
# DESTDIR that do not exist. It needs no running systemd.
command -v systemd-analyze >/dev/null || fail "no systemd-analyze: install systemd (scripts/setup-deps.sh)"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
out=$(systemd-analyze verify --man=no "$work"/prefix/lib/systemd/system/*.service 2>&1) ||
	fail "systemd-analyze verify refuses the units: $out"
[ -z "$out" ] || fail "systemd-analyze verify warns about the units: $out"
echo "install tree ok"
