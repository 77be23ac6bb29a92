#!/bin/sh
# keepalived -t and -d read the services lvscli added (the RPC state
# directory) after keepalived.conf, as the daemon does: a good file's
# service is in the dump, a broken one and one keepalived.conf already
# defines are each said at their file and line, left out, and make -t fail.
set -eu

fail() { echo "FAIL: $*"; exit 1; }

lvsbox=${1:?usage: $0 LVSBOX}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/state"

cat >"$dir/keepalived.conf" <<'EOT'
local_address_group pool {
	10.0.200.1-2
}
virtual_server 10.0.0.7 80 {
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.0.1.7 80 {
	}
}
EOT
cat >"$dir/state/TCP_10.0.0.1_80.conf" <<'EOT'
virtual_server 10.0.0.1 80 {
	lb_algo rr
	lb_kind FNAT
	protocol TCP
	laddr_group_name pool
	real_server 10.0.1.1 80 {
	}
}
EOT
printf 'virtual_server 10.0.0.9 80 {\n\tprotocol TCP\n\tnonsense 1\n}\n' >"$dir/state/TCP_10.0.0.9_80.conf"
printf 'virtual_server 10.0.0.7 80 {\n\tlb_algo rr\n\tprotocol TCP\n}\n' >"$dir/state/TCP_10.0.0.7_80.conf"
printf 'not a service file\n' >"$dir/state/README"

run() { "$lvsbox" keepalived -f "$dir/keepalived.conf" --rpc-state-dir="$dir/state" "$@"; }

set +e
said=$(run -t 2>&1 >/dev/null)
status=$?
set -e
echo "$said"
[ "$status" -ne 0 ] || fail "-t passes a state directory with a broken file"
for line in \
	"($dir/state/TCP_10.0.0.9_80.conf: Line 3) Unknown keyword 'nonsense'" \
	"$dir/state/TCP_10.0.0.9_80.conf: this lvscli service is left out until its error is mended" \
	"($dir/state/TCP_10.0.0.7_80.conf: Line 1) virtual server TCP 10.0.0.7:80 is defined in the config already: this file is left out"; do
	printf '%s\n' "$said" | grep -qxF "$line" || fail "-t does not say: $line"
done

dump=$(run -d 2>/dev/null || :)
printf '%s\n' "$dump" | grep -q '^virtual_server 10.0.0.1 80 {' || fail "-d lacks the state directory's service"
printf '%s\n' "$dump" | grep -q 'laddr_group_name pool' || fail "-d lacks its laddr_group_name"
[ "$(printf '%s\n' "$dump" | grep -c '^virtual_server 10.0.0.7 80')" = 1 ] || fail "-d has keepalived.conf's service twice"
! printf '%s\n' "$dump" | grep -q '10.0.0.9' || fail "-d has the broken file's service"

# Without the directory (the default, on a host that never ran lvscli),
# keepalived.conf alone.
run -t --rpc-state-dir="$dir/none" || fail "-t fails without a state directory"
echo "ok: -t and -d read the lvscli state directory after keepalived.conf"
