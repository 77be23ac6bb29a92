#!/bin/sh
# lvscli against a stand-in for keepalived's JSON-RPC server
# (fake_rpc_server.py): the request each command sends, word for word,
# what it prints and its exit status (0 done, 1 refused or unreachable,
# 2 usage), --json, the socket from LVS_RPC_SOCKET or -s.
set -eu

lvsbox=$(readlink -f "${1:?usage: $0 LVSBOX}")
. "$(dirname "$0")/rpc_lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
lvscli() { run "$lvsbox" lvscli "$@"; }

ok='{"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","operations":5,"failed":0,"file":"/var/lib/keepalived/lvscli/TCP_10.0.0.1_80.conf"}}'
result='{"schema_version":1,"service":"TCP 10.0.0.1:80","operations":5,"failed":0,"file":"/var/lib/keepalived/lvscli/TCP_10.0.0.1_80.conf"}'
printf 'virtual_server 10.0.0.1 80 {\n\tlb_algo "rr" \\\n}\n' >svc.conf
config='virtual_server 10.0.0.1 80 {\n\tlb_algo \"rr\" \\\n}\n'
export LVS_RPC_SOCKET="$tmp/s.sock"

serve "$ok"
lvscli keep add svc.conf
expect "keep add" 0 "added TCP 10.0.0.1:80 (5 operations)$nl" ""
sent "keep add" '{"jsonrpc":"2.0","id":1,"method":"virtual_server.add","params":{"config":"'"$config"'","name":"svc.conf"}}'

# -s wins over LVS_RPC_SOCKET; - reads stdin, which the server calls <stdin>.
serve '{"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","operations":1,"failed":2,"file":"f"}}'
LVS_RPC_SOCKET=$tmp/nowhere.sock lvscli keep set -s "$tmp/s.sock" - <svc.conf
expect "keep set -" 0 "updated TCP 10.0.0.1:80 (1 operation, 2 failed)$nl" ""
sent "keep set -" '{"jsonrpc":"2.0","id":1,"method":"virtual_server.update","params":{"config":"'"$config"'","name":"<stdin>"}}'

serve "$ok"
lvscli keep del 10.0.0.1 80
expect "keep del" 0 "deleted TCP 10.0.0.1:80 (5 operations)$nl" ""
sent "keep del" '{"jsonrpc":"2.0","id":1,"method":"virtual_server.delete","params":{"address":"10.0.0.1","port":80,"protocol":"TCP"}}'

serve "$ok"
lvscli keep del 2001:DB8::1 053 udp
expect "keep del udp" 0 "deleted TCP 10.0.0.1:80 (5 operations)$nl" ""
sent "keep del udp" '{"jsonrpc":"2.0","id":1,"method":"virtual_server.delete","params":{"address":"2001:db8::1","port":53,"protocol":"UDP"}}'

serve '{"jsonrpc":"2.0","id":1,"result":{"service":"TCP 10.0.0.1:80","config":"virtual_server 10.0.0.1 80 {\n    lb_algo rr\n}\n","source":"/etc/keepalived/keepalived.conf:12"}}'
lvscli keep show 10.0.0.1 80 TCP
expect "keep show" 0 "virtual_server 10.0.0.1 80 {$nl    lb_algo rr$nl}$nl" ""
sent "keep show" '{"jsonrpc":"2.0","id":1,"method":"virtual_server.get","params":{"address":"10.0.0.1","port":80,"protocol":"TCP"}}'

# --json: schema_version, then the result object as the server sent it,
# wherever the option stands.
serve "$ok"
lvscli keep add svc.conf --json
expect "--json" 0 "$result$nl" ""

# A refusal: the diagnostics, each with its line (the message repeats the
# first); with --json, the error object.
refused='{"jsonrpc":"2.0","id":1,"error":{"code":-22,"message":"svc.conf: not added","data":{"diagnostics":["svc.conf:2: unknown keyword '"'x'"'","svc.conf:3: no real server"]}}}'
serve "$refused"
lvscli keep add svc.conf
expect "refused" 1 "" "svc.conf:2: unknown keyword 'x'${nl}svc.conf:3: no real server$nl"
serve "$refused"
lvscli --json keep add svc.conf
expect "refused --json" 1 '{"schema_version":1,"code":-22,"message":"svc.conf: not added","data":{"diagnostics":["svc.conf:2: unknown keyword '"'x'"'","svc.conf:3: no real server"]}}'"$nl" ""
serve '{"jsonrpc":"2.0","id":1,"error":{"code":-2,"message":"no virtual server TCP 10.0.0.9:80"}}'
lvscli keep del 10.0.0.9 80
expect "no such service" 1 "" "lvscli: no virtual server TCP 10.0.0.9:80$nl"

# A server that breaks the protocol.
serve 'Hello'
lvscli keep del 10.0.0.1 80
expect "garbage" 1 "" "lvscli: unreadable reply: not JSON$nl"
serve '@close'
lvscli keep del 10.0.0.1 80
expect "no reply" 1 "" "lvscli: no reply from $tmp/s.sock: the server closed the connection$nl"

# No server: no socket, or a socket nobody listens on.
rm s.sock
lvscli keep del 10.0.0.1 80
expect "no socket" 1 "" "lvscli: cannot connect to $tmp/s.sock: No such file or directory (is keepalived running?)$nl"
nobody_listens
lvscli keep del 10.0.0.1 80
expect "refused connection" 1 "" "lvscli: cannot connect to $tmp/s.sock: Connection refused (is keepalived running?)$nl"

# Errors found before any call: exit 1 for a file, 2 for the command line.
lvscli keep add nosuch.conf
expect "no file" 1 "" "lvscli: nosuch.conf: No such file or directory$nl"
head -c 983041 /dev/zero | tr '\0' '#' >big.conf
lvscli keep add big.conf
expect "over 960 KiB" 1 "" "lvscli: big.conf: over the 960 KiB a call may carry$nl"
try="; try 'lvscli --help'$nl"
lvscli keep del 10.0.0.256 80
expect "bad address" 2 "" "lvscli: ADDRESS: '10.0.0.256' is not an IPv4 or IPv6 address$try"
lvscli keep show 10.0.0.1 65536
expect "bad port" 2 "" "lvscli: PORT: '65536' is not a port (0 to 65535)$try"
lvscli keep del 10.0.0.1 80 sctp
expect "bad protocol" 2 "" "lvscli: PROTOCOL: 'sctp' is not a protocol (TCP or UDP)$try"
lvscli keep del 10.0.0.1 80 tcp more
expect "extra word" 2 "" "lvscli: The following argument was not expected: more$try"
lvscli keep add
expect "no FILE" 2 "" "lvscli: FILE is required$try"
lvscli
expect "no command" 2 "" "lvscli: a command is required: keep add, set, del or show$try"
lvscli keep -s x.sock
expect "keep alone" 2 "" "lvscli: a command is required: keep add, set, del or show$try"
lvscli keep frob
expect "unknown command" 2 "" "lvscli: The following argument was not expected: frob$try"
lvscli --nope
expect "unknown option" 2 "" "lvscli: The following argument was not expected: --nope$try"
lvscli -s
expect "no socket path" 2 "" "lvscli: --socket: 1 required PATH missing$try"

lvscli --version
expect "--version" 0 "lvscli (lvsbox) $("$lvsbox" --version | cut -d' ' -f2)$nl" ""
lvscli --help
[ "$status" = 0 ] && grep -q '^  keep del ADDRESS PORT \[PROTOCOL\]   delete a virtual server$' out ||
	fail "--help: status $status, no line for keep del in: $(cat out)"
echo "lvscli ok"
