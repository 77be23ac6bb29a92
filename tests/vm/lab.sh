#!/bin/sh
# The VM lab: boots Debian's own kernel under qemu with the kernel's IPVS
# modules, our module, our binary and Debian's ipvsadm, runs one guest script
# and hands back its output and exit status.
#
#   lab.sh prepare BINARY   fetch the kernel (cached), build kmod/, pack the initramfs;
#                           with LAB_MODULES=DIR, take the modules ready-made
#                           from DIR instead (as DKMS built them from the
#                           lvsbox-dkms package: tests/vm/packages_test.sh)
#   lab.sh run NAME [VAR=VALUE...]
#                           boot and run a guest script: tests/vm/cases/NAME.sh,
#                           demo (tests/vm/demo.sh) or bench/X (bench/X.sh),
#                           with VAR=VALUE in its environment (a benchmark's
#                           sizes and rounds)
#   lab.sh kernel           print the ABI of the lab's kernel (its headers')
#
# Exit status of run: the guest script's own status, or 125 ("no result")
# when qemu failed, or the guest panicked, hung past LAB_TIMEOUT or never
# reported. LAB_QEMU names the qemu binary (lab_selftest.sh: one that fails).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
LAB_DIR=${LAB_DIR:-$top/build/lab}
LAB_CACHE=${LAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lvsbox-lab}
LAB_TIMEOUT=${LAB_TIMEOUT:-300}
LAB_QEMU=${LAB_QEMU:-qemu-system-x86_64}
NO_RESULT=125

die() { echo "lab: $*" >&2; exit 1; }

kernel_version() {
	# The ABI of the installed linux-headers-amd64, e.g. 6.1.0-56-amd64.
	dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null |
		sed -n 's/.*linux-headers-\([0-9][^ ,]*-amd64\).*/\1/p'
}

# Downloads and unpacks the matching linux-image package once per version.
fetch_kernel() {
	kver=$1
	kroot=$LAB_CACHE/$kver
	if [ ! -e "$kroot/ready" ]; then
		rm -rf "$kroot"
		mkdir -p "$kroot/deb"
		(cd "$kroot/deb" && apt-get download "linux-image-$kver" >/dev/null 2>&1) ||
			die "cannot download linux-image-$kver (is the apt index current?)"
		dpkg-deb -x "$kroot"/deb/linux-image-*.deb "$kroot/root"
		rm -rf "$kroot/deb"
		busybox depmod -b "$kroot/root" "$kver"
		touch "$kroot/ready"
	fi
	echo "$kroot/root"
}

# Prints the module files (relative to the modules dir) that NAMES need,
# dependencies first, from the full image's modules.dep.
module_closure() {
	dep=$1
	shift
	awk -v want="$*" '
		{ sub(":", "", $1); deps[$1] = ""; for (i = 2; i <= NF; i++) deps[$1] = deps[$1] " " $i
		  n = $1; sub(".*/", "", n); sub("\\.ko.*", "", n); path[n] = $1 }
		function add(p,   d, k, i) {
			if (p in seen) return; seen[p] = 1
			k = split(deps[p], d, " "); for (i = 1; i <= k; i++) add(d[i])
			print p
		}
		END { k = split(want, w, " "); for (i = 1; i <= k; i++) {
			if (!(w[i] in path)) { print "missing module " w[i] > "/dev/stderr"; exit 1 }
			add(path[w[i]]) } }' "$dep"
}

# Copies a dynamic executable and the libraries ldd names into the root.
copy_with_libs() {
	src=$1 dst=$2 root=$3
	mkdir -p "$root/$(dirname "$dst")"
	cp -L "$src" "$root/$dst"
	ldd "$src" 2>/dev/null | awk '/=>/ { print $3 } /^\t\// { print $1 }' | while read -r lib; do
		[ -e "$lib" ] || continue
		mkdir -p "$root/$(dirname "$lib")"
		cp -L "$lib" "$root/$lib"
	done
}

# Modules the guest loads at boot, before any test: IPVS with every stock
# scheduler, and what the topologies need.
GUEST_MODULES="crc32c_generic ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc
	ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq ip_vs_fo ip_vs_ovf ip_vs_mh
	veth ipip dummy sch_ingress cls_matchall act_skbedit"

prepare() {
	binary=$1
	[ -x "$binary" ] || die "no executable at $binary (build lvsbox first)"
	kver=$(kernel_version)
	[ -n "$kver" ] || die "linux-headers-amd64 is not installed (run scripts/setup-deps.sh)"
	kroot=$(fetch_kernel "$kver")

	# Our modules, built against the very headers the image was built
	# with, or ready-made.
	rm -rf "$LAB_DIR/kmod"
	mkdir -p "$LAB_DIR"
	if [ -n "${LAB_MODULES:-}" ]; then
		mkdir "$LAB_DIR/kmod"
		cp "$LAB_MODULES/ip_vs_consh.ko" "$LAB_MODULES/ip_vs_fnat.ko" "$LAB_DIR/kmod/" ||
			die "no ip_vs_consh.ko and ip_vs_fnat.ko in $LAB_MODULES"
	else
		cp -r "$top/kmod" "$LAB_DIR/kmod"
		make -s -C "$LAB_DIR/kmod" KDIR="/usr/src/linux-headers-$kver" 2>&1 |
			grep -v 'Skipping BTF generation' || true
		[ -e "$LAB_DIR/kmod/ip_vs_consh.ko" ] || die "kmod build failed"
	fi

	root=$LAB_DIR/root
	rm -rf "$root"
	mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin "$root"/etc \
		"$root"/proc "$root"/sys "$root"/dev "$root"/tmp "$root"/run "$root"/var \
		"$root"/oracle "$root"/lab
	ln -s ../run "$root/var/run"
	cp /bin/busybox "$root/bin/busybox"
	for applet in $(/bin/busybox --list); do
		[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
	done

	moddir=lib/modules/$kver
	mkdir -p "$root/$moddir/extra"
	module_closure "$kroot/$moddir/modules.dep" $GUEST_MODULES >"$LAB_DIR/modules.list"
	while read -r m; do
		mkdir -p "$root/$moddir/$(dirname "$m")"
		cp "$kroot/$moddir/$m" "$root/$moddir/$m"
	done <"$LAB_DIR/modules.list"
	cp "$LAB_DIR"/kmod/*.ko "$root/$moddir/extra/"
	busybox depmod -b "$root" "$kver"
	sed 's,.*/,,; s,\.ko.*,,' "$LAB_DIR/modules.list" >"$root/lab/modules"

	# Debian's real tools: ip (busybox's applet has no netns/veth), tc (to
	# mark packets for firewall-mark services), and the ipvsadm 1.31 and
	# keepalived 2.2.7 ours are compared with.
	copy_with_libs /usr/bin/ip /usr/bin/ip "$root"
	copy_with_libs /usr/sbin/tc /usr/bin/tc "$root"
	copy_with_libs /usr/sbin/ipvsadm /oracle/bin/ipvsadm "$root"
	copy_with_libs /usr/sbin/keepalived /oracle/bin/keepalived "$root"
	cp /etc/services /etc/protocols "$root/etc/"
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	printf '127.0.0.1\tlocalhost\n' >"$root/etc/hosts"

	strip -o "$root/usr/sbin/lvsbox" "$binary"
	# The host's reload benchmark, when built beside the binary: the lab's
	# reload benchmark runs it too, to show what the emulation costs.
	bench_bin=$(dirname "$binary")/../bench/keepalived_reload_bench
	[ ! -x "$bench_bin" ] || strip -o "$root/usr/sbin/keepalived_reload_bench" "$bench_bin"
	# liblvs's example (man/lvscli.8) for vm.lvscli, built as a user
	# would: against an install of this build, through lvs.pc.
	build=$(dirname "$binary")/..
	if [ -e "$build/cmake_install.cmake" ]; then
		rm -rf "$LAB_DIR/install"
		cmake --install "$build" --prefix "$LAB_DIR/install" >/dev/null ||
			die "cannot install the build into $LAB_DIR/install"
		pc=$(dirname "$(find "$LAB_DIR/install" -name lvs.pc | head -n 1)")
		# shellcheck disable=SC2046
		gcc -static -o "$root/usr/sbin/lvs_example" "$top/src/liblvs/example.c" \
			$(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs --static lvs) ||
			die "cannot build liblvs's example against $LAB_DIR/install"
	fi
	# The UDP server and client of the UDP tests (busybox has neither),
	# the load generator of the forwarding benchmark, the ICMP error
	# catcher and forger of the ICMP tests, the bulk sender of the
	# large-packet tests and offload, the lab's "ethtool -K", the raw
	# JSON-RPC client.
	for tool in udpprobe lbload offload icmpcatch icmpforge tcpsend labexit rpcsend; do
		gcc -static -Os -o "$root/usr/sbin/$tool" "$here/tools/$tool.c" ||
			die "cannot build tests/vm/tools/$tool.c"
	done
	for p in ipvsadm keepalived ipvs-switch lvscli; do
		ln -s lvsbox "$root/usr/sbin/$p"
	done

	cp "$here/guest/init" "$root/init"
	cp "$here/guest/lib.sh" "$here/demo.sh" "$root/lab/"
	cp -r "$here/cases" "$here/ipvsadm" "$top/bench" "$root/lab/"
	chmod +x "$root/init"

	(cd "$root" && find . | cpio -o -H newc --quiet) >"$LAB_DIR/initramfs.cpio"
	cp "$kroot/boot/vmlinuz-$kver" "$LAB_DIR/vmlinuz"
	echo "lab: ready ($kver, $(du -h "$LAB_DIR/initramfs.cpio" | cut -f1) initramfs)"
}

run() {
	name=$1
	shift
	for v in "$@"; do
		echo "$v" | grep -Eq '^[A-Z_][A-Z0-9_]*=[A-Za-z0-9_.,:/-]*$' ||
			die "not VAR=VALUE (capitals, no spaces): $v"
	done
	[ -e "$LAB_DIR/initramfs.cpio" ] || die "run 'lab.sh prepare BINARY' first"
	case $name in
	demo) ;;
	bench/*) [ -e "$top/$name.sh" ] || die "no benchmark $name.sh" ;;
	*) [ -e "$here/cases/$name.sh" ] || die "no guest script tests/vm/cases/$name.sh" ;;
	esac
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
	# The guest ends with labexit: a last line "lab-status: N" on the result
	# console, then N to port 0xf4, which ends qemu with (N << 1) | 1. A
	# status counts only when both arrived and agree: qemu failing by itself
	# exits 1, which alone would read as 0.
	set +e
	timeout -k 10 "$LAB_TIMEOUT" "$LAB_QEMU" \
		-accel tcg,thread=multi -cpu max -smp 2 -m 1G \
		-display none -monitor none -no-reboot -nic none \
		-serial "file:$out/console.log" -serial "file:$out/result.log" \
		-kernel "$LAB_DIR/vmlinuz" -initrd "$LAB_DIR/initramfs.cpio" \
		-append "console=ttyS0 panic=-1 oops=panic quiet rdinit=/init lab.test=$name -- $*" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x01 2>"$out/qemu.err"
	qrc=$?
	set -e
	touch "$out/result.log"
	last=$(tail -n 1 "$out/result.log")
	sed '$ { /^lab-status: [0-9]*$/d; }' "$out/result.log"
	case $last in
	"lab-status: "[0-9] | "lab-status: "[0-9][0-9] | "lab-status: "[0-9][0-9][0-9])
		status=${last#lab-status: } ;;
	*) status= ;;
	esac
	if [ $qrc -eq 124 ] || [ $qrc -eq 137 ]; then
		echo "lab: no result: the guest ran past ${LAB_TIMEOUT}s" >&2
	elif [ -n "$status" ] && [ $qrc -eq $((((status << 1) | 1) & 255)) ]; then
		return "$status"
	else
		echo "lab: no result: qemu ended with status $qrc without the guest's status line (last line: '$last')" >&2
	fi
	cat "$out/qemu.err" >&2
	[ ! -s "$out/console.log" ] || { echo "lab: console tail:" >&2; tail -n 40 "$out/console.log" >&2; }
	return $NO_RESULT
}

case ${1:-} in
prepare) [ $# -eq 2 ] || die "usage: lab.sh prepare BINARY"; prepare "$2" ;;
run) [ $# -ge 2 ] || die "usage: lab.sh run NAME [VAR=VALUE...]"; shift; run "$@" ;;
kernel) kver=$(kernel_version); [ -n "$kver" ] || die "linux-headers-amd64 is not installed"; echo "$kver" ;;
*) die "usage: lab.sh prepare BINARY | run NAME [VAR=VALUE...] | kernel" ;;
esac
