# lvscli against our keepalived holding SERVICES virtual servers (default
# 50,000) on ip_vs_fnat: one full-NAT service with 4 real servers added,
# updated (one real server's weight) and deleted over JSON-RPC, each seen
# in the kernel by Debian's ipvsadm with exactly the operations it takes
# (the daemon logs them per call), traffic through the added service to
# all four real servers from the root config's local addresses, a reload
# that keeps what the calls did, and a restart that builds the same table
# from keepalived.conf and the state directory; liblvs's example against
# the daemon. Then what must be refused, each with nothing changed:
# malformed JSON, a wrong method, two virtual servers, an include, an
# unknown keyword, an oversized request, a service keepalived.conf owns,
# and a caller who is not root.
. /lab/lib.sh

SERVICES=${SERVICES:-50000}
VIP=10.0.100.1
LIP1=10.0.200.1
LIP2=10.0.200.2
CONF=/etc/keepalived/keepalived.conf
STATE=/var/lib/keepalived/lvscli
SOCK=/run/keepalived/lvscli.sock
LOG=/tmp/keepalived.log

lab_fnat_mode
lab_director
lab_host client 1
for a in $VIP $LIP1 $LIP2; do
	ip addr add "$a/32" dev lo
done
for i in 1 2 3 4; do
	lab_host "rs$i" $((i + 1))
	# Only the local addresses are reachable: answers prove full NAT.
	ip -n "rs$i" route del default
	ip -n "rs$i" route add 10.0.200.0/24 via "10.0.$((i + 1)).1"
	lab_httpd "rs$i"
done

mkdir -p /etc/keepalived
{
	printf 'local_address_group lab_pool {\n\t%s\n\t%s\n}\n' $LIP1 $LIP2
	awk -v n="$SERVICES" 'BEGIN {
		for (i = 0; i < n; i++) {
			printf "virtual_server 10.%d.%d.%d 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n",
				101 + int(i / 65536), int(i / 256) % 256, i % 256
			printf " real_server 192.168.1.%d 8080 {\n }\n}\n", 1 + i % 250
		}
	}'
} >"$CONF"

# service WEIGHT2: the full-NAT service's text, rs2 at WEIGHT2.
service() {
	cat <<EOT
virtual_server $VIP 80 {
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name lab_pool
	real_server 10.0.2.2 80 {
	}
	real_server 10.0.3.2 80 {
		weight $1
	}
	real_server 10.0.4.2 80 {
	}
	real_server 10.0.5.2 80 {
	}
}
EOT
}

services() { $IPVSADM -Ln | grep -c '^TCP'; }
# Debian's ipvsadm's view of the service (its destinations sorted). 1.31
# knows no full-NAT forwarding and prints it as "(null)".
# The counters go: traffic runs in between.
debian_view() { $REF_IPVSADM -Ln -t "$VIP:80" 2>&1 | awk 'NR > 3 { print $2, $3, $4 }' | sort; }
# The operations the daemon logged for the last call of METHOD.
ops_of() { grep -o "JSON-RPC virtual_server.$1 TCP $VIP:80: [0-9]* operations" "$LOG" | tail -n 1 | awk '{ print $(NF - 1) }'; }

start() {
	t0=$(uptime_s)
	keepalived -G -D -g"$LOG" -f "$CONF"
	# A table of 50,000 services takes longer than wait_log's 20 s here.
	polled 1800 logged_times "$LOG" "IPVS table reconciled" 1 || { tail "$LOG"; fail "keepalived did not start"; }
	echo "  started with $(services) services in $(since "$t0") s"
}

start
check "start: $SERVICES services" "$SERVICES" "$(services)"
[ -S "$SOCK" ] || fail "no socket $SOCK"
check "the socket is root's alone" "srw-------" "$(ls -l "$SOCK" | cut -c1-10)"

# 1. add
service 1 >/tmp/svc.conf
check "lvscli keep add" "0" "$(lvscli keep add /tmp/svc.conf >/tmp/out 2>&1; echo $?)"
cat /tmp/out
check "add: NEW_SERVICE, 4 NEW_DEST, 2 NEW_LADDR" "7" "$(ops_of add)"
check "add: one more service" "$((SERVICES + 1))" "$(services)"
check "add: Debian's ipvsadm sees the 4 real servers" "10.0.2.2:80 (null) 1
10.0.3.2:80 (null) 1
10.0.4.2:80 (null) 1
10.0.5.2:80 (null) 1" "$(debian_view)"
check "add: the state file, 0600" "-rw-------" "$(ls -l "$STATE/TCP_${VIP}_80.conf" | cut -c1-10)"
got=$(tally client "http://$VIP/" 8)
echo "$got"
check "traffic: each of the 4 real servers answers, in turn" "rs1 2
rs2 2
rs3 2
rs4 2" "$got"

# 1b. An added service's checks start, alpha honoured: its servers come in
# once their TCP_CHECK passes (the dead one never); an update that leaves
# a check as it was carries its state (no second "up", no gap).
VIP2=10.0.100.2
ip addr add "$VIP2/32" dev lo
# checked DEAD_WEIGHT: the service, with a live and a dead real server.
checked() {
	cat <<EOT
virtual_server $VIP2 80 {
	delay_loop 1
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name lab_pool
	alpha
	real_server 10.0.2.2 80 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
	real_server 10.0.9.9 80 {
		weight $1
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOT
}
dests2() { $IPVSADM -Ln -t "$VIP2:80" | awk 'NR > 3 { print $2 }'; }
checked 1 >/tmp/chk.conf
lvscli keep add /tmp/chk.conf >/dev/null || fail "cannot add the checked service"
# The call itself programs no real server (NEW_SERVICE and the 2 local
# addresses): under alpha they wait for their checks, which then pass
# within milliseconds, too soon to catch the table empty in between.
check "alpha: the add programs no real server" "3" \
	"$(grep -o "JSON-RPC virtual_server.add TCP $VIP2:80: [0-9]* operations" "$LOG" | awk '{ print $(NF - 1) }')"
wait_check "alpha: the live server comes in once its check passes" "10.0.2.2:80" dests2
ups() { grep -c "Real server up.*$VIP2" "$LOG"; }
before=$(ups)
checked 5 >/tmp/chk.conf
lvscli keep set /tmp/chk.conf >/dev/null || fail "cannot update the checked service"
check "update: the live server stays in (its check carried on)" "10.0.2.2:80" "$(dests2)"
check "update: no second 'up' for it" "$before" "$(ups)"
lvscli keep del $VIP2 80 >/dev/null || fail "cannot delete the checked service"

# 2. set: rs2's weight only
service 3 >/tmp/svc.conf
check "lvscli keep set" "0" "$(lvscli keep set /tmp/svc.conf >/dev/null 2>&1; echo $?)"
check "set: one SET_DEST" "1" "$(ops_of update)"
check "set: Debian's ipvsadm sees the new weight" "10.0.3.2:80 (null) 3" "$(debian_view | grep 10.0.3.2)"
lvscli keep show $VIP 80 | grep -q 'weight 3' || fail "show does not give the new weight"

# A reload reads the state directory after keepalived.conf: it keeps what
# the calls did.
kill -HUP "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Reload applied" 1
check "a reload keeps what the calls did: nothing to change" "Reload applied: 0 operations (0 failed)" \
	"$(grep -o 'Reload applied: [0-9]* operations ([0-9]* failed)' "$LOG" | tail -n 1)"

# 3. restart: the same table from keepalived.conf and the state directory
$IPVSADM -Sn | sort >/tmp/before
lab_stop "$(cat /run/keepalived.pid)"
check "stop: the table is empty" "0" "$(services)"
: >"$LOG"
start
$IPVSADM -Sn | sort >/tmp/after
cmp -s /tmp/before /tmp/after || { diff /tmp/before /tmp/after | head; fail "the restart built another table"; }
echo "ok: the restart builds the same table ($(wc -l </tmp/after) lines of ipvsadm -Sn)"

# 4. Refusals: each a clear error, nothing changed.
$IPVSADM -Sn | sort >/tmp/before
# refused WHAT EXPECTED-OUTPUT CMD...: CMD fails (exit 1) printing that.
refused() {
	what=$1 want=$2
	shift 2
	out=$("$@" 2>&1)
	status=$?
	check "$what: exit 1" "1" "$status"
	check "$what: says why" "$want" "$out"
}
rpc() { printf '%s' "$1" | rpcsend "$SOCK" 2>&1; }
check "malformed JSON" '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"the request is not valid JSON"}}' \
	"$(rpc '{"jsonrpc":"2.0","id":1,"method":}')"
check "a wrong method" '{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no method '"'"'vs.add'"'"'; there are virtual_server.add, virtual_server.update, virtual_server.delete and virtual_server.get"}}' \
	"$(rpc '{"jsonrpc":"2.0","id":2,"method":"vs.add","params":{}}')"
# Pipelined: requests one after another on one connection, answered in order.
ids() { sed 's/^{"jsonrpc":"2.0","id":\([0-9]*\),.*/\1/' | tr '\n' ' '; }
check "pipelined requests: one reply each, in order" "5 6 7 " "$(printf '%s\n%s %s' \
	'{"jsonrpc":"2.0","id":5,"method":"virtual_server.get","params":{"address":"'$VIP'","port":80}}' \
	'{"jsonrpc":"2.0","id":6,"method":"nothing"}' \
	'{"jsonrpc":"2.0","id":7,"method":"virtual_server.get","params":{"address":"10.101.0.7","port":80}}' |
	rpcsend "$SOCK" | ids)"
{ service 1; echo "virtual_server 10.0.100.2 80 {"; echo "}"; } | sed 's/10.0.100.1/10.0.100.9/' >/tmp/two.conf
refused "two virtual servers" "(/tmp/two.conf: Line 16) one virtual_server per call; the first is at line 1" \
	lvscli keep add /tmp/two.conf
{ echo "include /etc/keepalived/keepalived.conf"; service 1 | sed 's/10.0.100.1/10.0.100.9/'; } >/tmp/inc.conf
refused "an include" "(/tmp/inc.conf: Line 1) include is not allowed here: give the text itself" \
	lvscli keep add /tmp/inc.conf
service 1 | sed 's/10.0.100.1/10.0.100.9/; s/lb_algo rr/lb_algo rr\n\tno_such_keyword 1/' >/tmp/kw.conf
refused "an unknown keyword" "(/tmp/kw.conf: Line 3) Unknown keyword 'no_such_keyword'" lvscli keep add /tmp/kw.conf
{
	service 1 | sed 's/10.0.100.1/10.0.100.9/; $d'
	awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\t! padding line %05d of a config over 960 KiB............\n", i }'
	echo "}"
} >/tmp/big.conf
refused "an oversized config ($(wc -c </tmp/big.conf) bytes), by lvscli" \
	"lvscli: /tmp/big.conf: over the 960 KiB a call may carry" lvscli keep add /tmp/big.conf
# The daemon refuses it too, from a client that does not check.
big_request() {
	printf '{"jsonrpc":"2.0","id":3,"method":"virtual_server.add","params":{"config":"'
	sed 's/\t/\\t/g' /tmp/big.conf | awk '{ printf "%s\\n", $0 }'
	printf '"}}'
}
check "an oversized config, by the daemon" \
	'{"jsonrpc":"2.0","id":3,"error":{"code":-7,"message":"the config is '"$(wc -c </tmp/big.conf)"' bytes; a call carries at most 983040 (960 KiB)"}}' \
	"$(big_request | rpcsend "$SOCK" 2>&1)"
refused "a service of keepalived.conf" \
	"lvscli: virtual server TCP 10.101.0.7:80 is defined in keepalived.conf: change it there and reload" \
	lvscli keep del 10.101.0.7 80
refused "adding it again" "lvscli: virtual server TCP $VIP:80 exists already; update it instead" \
	lvscli keep add /tmp/svc.conf
chmod 666 "$SOCK"
refused "a caller who is not root" "lvscli: only root may change the table" \
	su -s /bin/sh nobody -c "lvscli keep del $VIP 80"
chmod 600 "$SOCK"
$IPVSADM -Sn | sort >/tmp/after
cmp -s /tmp/before /tmp/after || fail "a refused call changed the table"
echo "ok: nothing changed by the refused calls"
check "no state file for a refused call" "TCP_${VIP}_80.conf" "$(ls "$STATE")"

# 5. del
check "lvscli keep del" "0" "$(lvscli keep del $VIP 80 >/dev/null 2>&1; echo $?)"
check "del: one DEL_SERVICE" "1" "$(ops_of delete)"
check "del: Debian's ipvsadm no longer finds it" "No such service" "$($REF_IPVSADM -Ln -t "$VIP:80" 2>&1 | head -n 1)"
check "del: the state file is gone" "" "$(ls "$STATE")"
check "del: $SERVICES services again" "$SERVICES" "$(services)"

# 6. liblvs's example (man/lvscli.8), built against the installed headers
# and library: adds 192.168.1.1:1984, updates it, deletes it.
[ -x /usr/sbin/lvs_example ] || fail "no lvs_example: lab.sh prepare builds it from an installed build"
check "the C example" "lvs_add_service_config: done
lvs_update_service_config: done
lvs_del_service_config: done" "$(lvs_example 2>&1)"
check "the C example: add, update, delete each reached the kernel" "2 1 1" \
	"$(grep -o "JSON-RPC virtual_server.[a-z]* TCP 192.168.1.1:1984: [0-9]* operations" "$LOG" | awk '{ printf "%s%s", s, $(NF - 1); s = " " }')"
check "the C example leaves nothing behind" "$SERVICES" "$(services)"

lab_stop "$(cat /run/keepalived.pid)"
