#!/bin/sh
# Installs every build, test, lab and benchmark dependency on a Debian 12
# machine.
# Safe to run any number of times: apt-get install is idempotent, and the
# package index is refreshed only when it is missing or older than a day.
set -eu

PACKAGES="
  build-essential cmake pkg-config file
  libcli11-dev libtomlplusplus-dev libfmt-dev doctest-dev nlohmann-json3-dev
  libnl-3-dev libnl-genl-3-dev libssl-dev libpcre2-dev
  qemu-system-x86 busybox-static cpio linux-headers-amd64 gcc-12 make sparse
  ipvsadm iproute2 keepalived python3 systemd
  clang-14 libclang-rt-14-dev time ethtool strace
  debhelper dh-dkms lintian debootstrap
"

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-deps: run as root (it installs Debian packages)" >&2
	exit 1
fi

fresh=$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)
[ -n "$fresh" ] || apt-get update -qq

# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
echo "setup-deps: all dependencies present"
