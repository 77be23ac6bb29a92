#!/bin/sh
# The link of the static lvsbox (src/CMakeLists.txt): runs the command it
# is given and passes its output on, less glibc's warnings that a
# name-service call in a static binary needs glibc's loadable NSS modules
# at run time. lvsbox pins those databases to "files" and "dns", which
# glibc serves without them (src/app/main.cpp), and OpenSSL reaches dlopen
# only for a config the user names in OPENSSL_CONF (keepalived.conf(5),
# STATIC BINARY). Any other warning, and the exit status, pass unchanged.
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$@" >"$out" 2>&1
rc=$?
awk '
	function flush() { if (held != "") print held; held = "" }
	/: in function `/ { flush(); held = $0; next }
	/warning: Using .(getpwnam|getgrnam|getaddrinfo|gethostbyname|gethostbyname_r|gethostbyaddr_r|getservbyname_r|getservbyport_r|getprotobyname|getprotobynumber|dlopen). in statically linked applications/ { held = ""; next }
	{ flush(); print }
	END { flush() }
' "$out" >&2
exit $rc
