# ipvs-switch against the real kernel: from the stock ip_vs to ip_vs_fnat
# and back, printing the guide's steps; refused without root, while another
# switch holds the lock, while a sync daemon runs and while keepalived runs,
# leaving the kernel as it was.
. /lab/lib.sh

# outcome CMD...: its output (stdout and stderr) and then its exit status.
outcome() {
	"$@" 2>&1
	echo "exit=$?"
}

# The stock ip_vs with its table, as the guest boots.
stock_table() {
	$IPVSADM -A -t 10.0.0.1:80 -s rr || fail "cannot add a service"
	$IPVSADM -a -t 10.0.0.1:80 -r 10.0.1.2:80 -m || fail "cannot add a real server"
	# consh loads ip_vs_consh, one more module using ip_vs.
	$IPVSADM -A -t 10.0.0.1:81 -s consh || fail "cannot add a consh service"
}

# unchanged WHY: the refused switch left the stock ip_vs and its table.
unchanged() {
	check "$1: still orig" orig "$(ipvs-switch)"
	check "$1: the table is kept" 2 "$($IPVSADM -Sn | grep -c '^-A')"
}

check "the guest boots in orig mode" orig "$(ipvs-switch)"
stock_table
grep -q '^ip_vs_consh ' /proc/modules || fail "ip_vs_consh is not loaded"
$IPVSADM -P -t 10.0.0.1:80 -z 10.0.1.1 2>/dev/null && fail "the stock ip_vs takes a local address"

check "a user is refused" "ipvs-switch: switching the IPVS module needs root
exit=1" "$(outcome su -s /bin/sh nobody -c 'ipvs-switch fnat')"
unchanged "refused for a user"

ip link add eth0 type dummy # the sync daemon's default interface
ip link set eth0 up
$IPVSADM --start-daemon master --syncid 7 || fail "cannot start a sync daemon"
check "a switch is refused while the sync daemon runs" \
	"ipvs-switch: the IPVS sync daemon is running (master, syncid 7); stop it first: ipvsadm --stop-daemon master
exit=1" "$(outcome ipvs-switch fnat)"
unchanged "refused for the sync daemon"
$IPVSADM --stop-daemon master || fail "cannot stop the sync daemon"

# A keepalived: a script's process is named after the script.
printf '#!/bin/sh\nwhile [ ! -e /tmp/ka-stop ]; do sleep 1; done\n' >/tmp/keepalived
chmod +x /tmp/keepalived
/tmp/keepalived &
ka=$!
check "a switch is refused while keepalived runs" "ipvs-switch: keepalived is still running (pid $ka); stop it first
exit=1" "$(outcome ipvs-switch fnat)"
touch /tmp/ka-stop
wait $ka
unchanged "refused for keepalived"

check "ipvs-switch fnat prints the guide's steps" "Clear ip_vs tables
rmmod ip_vs modules
doing depmod
modprobe ip_vs modules
switch to fnat mode successfully
exit=0" "$(outcome ipvs-switch fnat)"
check "the full-NAT module is the only IPVS module" ip_vs_fnat \
	"$(awk '$1 ~ /^ip_vs/ { print $1 }' /proc/modules)"
check "the table was cleared" "" "$($IPVSADM -Sn)"
check "the mode is fnat" fnat "$(ipvs-switch)"
$IPVSADM -A -t 10.0.0.1:80 -s rr || fail "no service on ip_vs_fnat"
$IPVSADM -a -t 10.0.0.1:80 -r 10.0.1.2:80 --fullnat || fail "no full-NAT server on ip_vs_fnat"
$IPVSADM -P -t 10.0.0.1:80 -z 10.0.1.1 || fail "no local address on ip_vs_fnat"
check "a full-NAT service" "-A -t 10.0.0.1:80 -s rr
-a -t 10.0.0.1:80 -r 10.0.1.2:80 --fullnat -w 1
-P -t 10.0.0.1:80 -z 10.0.1.1" "$($IPVSADM -Sn)"

check "ipvs-switch orig prints the guide's steps" "Clear ipvs tables
rmmod ip_vs
doing depmod
modprobe ip_vs
switch to original mode successfully
exit=0" "$(outcome ipvs-switch orig)"
check "the stock ip_vs is the only IPVS module" ip_vs "$(awk '$1 ~ /^ip_vs/ { print $1 }' /proc/modules)"
check "the mode is orig" orig "$(ipvs-switch)"
check "the table was cleared" "" "$($IPVSADM -Sn)"
stock_table # the kernel loads the schedulers again on demand

# Settings, and a second switch while the first one runs: this one's
# depmod waits until told, with the lock held.
printf '#!/bin/sh\ntouch /tmp/in-depmod\nwhile [ ! -e /tmp/release ]; do sleep 1; done\n' >/tmp/slow-depmod
chmod +x /tmp/slow-depmod
mkdir -p /etc/lvsbox
printf 'depmod = ["/tmp/slow-depmod"]\n[params]\nip_vs_fnat = "conn_tab_bits=10"\n' >/etc/lvsbox/ipvs-switch.toml
outcome ipvs-switch fnat >/tmp/first.out &
first=$!
while [ ! -e /tmp/in-depmod ]; do sleep 1; done
check "a second switch is refused" "ipvs-switch: another ipvs-switch is running (it holds /run/ipvs-switch.lock)
exit=1" "$(outcome ipvs-switch orig)"
touch /tmp/release
wait $first
check "the first switch went on" "Clear ip_vs tables
rmmod ip_vs modules
doing depmod
modprobe ip_vs modules
switch to fnat mode successfully
exit=0" "$(cat /tmp/first.out)"
check "the settings' module parameters are passed" 10 "$(cat /sys/module/ip_vs_fnat/parameters/conn_tab_bits)"

printf '[fnat]\nmodules = "ip_vs_fnat"\n' >/tmp/bad.toml
check "bad settings are refused" "ipvs-switch: /tmp/bad.toml:2: fnat.modules must be an array of strings
exit=1" "$(outcome ipvs-switch -c /tmp/bad.toml orig)"
check "bad settings change nothing" fnat "$(ipvs-switch)"

# R-SW-4: a reboot forgets the module; --restore (ipvs-switch.service at
# boot) brings back the one the last switch saved.
check "the last switch saved its mode" fnat "$(cat /var/lib/lvsbox/ipvs-mode)"
rmmod ip_vs_fnat || fail "cannot unload ip_vs_fnat"
check "with no module the mode is none" none "$(ipvs-switch)"
check "--restore switches to the saved mode" "Clear ip_vs tables
rmmod ip_vs modules
doing depmod
modprobe ip_vs modules
switch to fnat mode successfully
exit=0" "$(outcome ipvs-switch --restore)"
check "the mode is fnat again" fnat "$(ipvs-switch)"
check "--restore in the saved mode changes nothing" "nothing to restore; the mode is fnat
exit=0" "$(outcome ipvs-switch --restore)"
