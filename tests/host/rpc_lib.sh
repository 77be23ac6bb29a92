# Sourced by the tests of keepalived's JSON-RPC clients (lvscli_test.sh,
# liblvs_test.sh), run in a directory of their own: a stand-in server
# (fake_rpc_server.py) on s.sock, and checks of what a client sent, printed
# and returned.

fail() { echo "FAIL: $*"; exit 1; }

rpc_lib_dir=$(cd "$(dirname "$0")" && pwd)
nl='
'

# serve REPLY...: a server on s.sock answering one call with each REPLY;
# the requests it reads go to log.
serve() {
	rm -f s.sock log
	: >log
	"$rpc_lib_dir/fake_rpc_server.py" s.sock log "$@" >/dev/null
}
# run COMMAND...: its stdout in out, stderr in err, its status in $status.
run() {
	status=0
	"$@" >out 2>err || status=$?
}
# expect WHAT STATUS OUT ERR: the last run's status, stdout and stderr.
expect() {
	[ "$status" = "$2" ] || fail "$1: status $status, not $2 (stderr: $(cat err))"
	printf '%s' "$3" | cmp -s - out || fail "$1: stdout is '$(cat out)', not '$3'"
	printf '%s' "$4" | cmp -s - err || fail "$1: stderr is '$(cat err)', not '$4'"
}
# sent WHAT REQUEST...: the requests the server read, one a line.
sent() {
	what=$1
	shift
	printf '%s\n' "$@" | cmp -s - log || fail "$what: the server read '$(cat log)', not '$*'"
}
# nobody_listens: a socket at s.sock that no one listens on.
nobody_listens() {
	rm -f s.sock
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' s.sock
}
