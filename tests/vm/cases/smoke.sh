# The guest has what every other test relies on: the kernel's IPVS, our
# static binary running with no shared libraries, and Debian's ipvsadm.
. /lab/lib.sh

[ -e /proc/net/ip_vs ] || fail "ip_vs is not loaded"
check "ipvs version" "IP Virtual Server version 1.2.1 (size=4096)" "$(head -n 1 /proc/net/ip_vs)"
[ ! -e /lib/x86_64-linux-gnu/libstdc++.so.6 ] || fail "the guest has libstdc++: a dynamic lvsbox could pass"
check "lvsbox runs in the guest" "lvsbox 0.1.0" "$(lvsbox --version)"
check "Debian's ipvsadm runs" "ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)" "$($REF_IPVSADM -v)"
$REF_IPVSADM -A -t 10.0.100.1:80 -s consh || fail "no consh scheduler"
grep -q '^ip_vs_consh ' /proc/modules || fail "ip_vs did not load ip_vs_consh on demand"
$REF_IPVSADM -C
