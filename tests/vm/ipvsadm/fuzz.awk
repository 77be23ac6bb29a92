# Random ipvsadm command lines for the differential test, from a seed:
# mostly well-formed commands over a small address space (so they collide
# and hit the kernel's EEXIST/ESRCH paths), mixed with bad values and
# options in odd orders. Output is in corpus.txt's format.
#   awk -v seed=N -v count=M -f fuzz.awk
function pick(list,   a, n) {
	n = split(list, a, "|")
	return a[int(rand() * n) + 1]
}
function maybe(p) { return rand() < p }
function service() {
	return pick("-t 10.0.0.1:80|-t 10.0.0.1:80|-t 10.0.0.2:443|-u 10.0.0.1:53|-u 10.0.0.2:53|" \
		"-f 1|-f 2|--sctp-service 10.0.0.5:80|-t [2001:db8::1]:80|-t 10.0.0.3:0|" \
		"-t 10.0.0.1|-f 0|-t 10.0.0.1:bad|-f 1 -6")
}
function server() {
	return pick("10.0.1.1:80|10.0.1.2:8080|10.0.1.3|10.0.1.1|[2001:db8::9]:80|10.0.1.4:0|bad..host")
}
function option(cmd) {
	return pick("-s " pick("rr|wrr|wlc|lc|sh|mh|dh|consh|nosuch") "|" \
		"-p|-p " pick("60|1|0|2678400|2678401|x") "|" \
		"-M " pick("255.255.255.0|255.255.0.0|24|64|129|bad") "|" \
		"-o|-b " pick("sh-port|sh-fallback|mh-port|mh-fallback|flag-1|flag-2|flag-3|sh-port,sh-fallback|bogus") "|" \
		"--pe " pick("sip|nosuch") "|" \
		"-r " server() "|" \
		pick("-g|-m|-i") "|" \
		"-w " pick("0|1|5|65535|65536|-1|x") "|" \
		"-x " pick("0|10|x") "|-y " pick("0|5|-1") "|" \
		"--tun-type " pick("ipip|gue|gre|vxlan") "|--tun-port " pick("6080|0|x") "|" \
		pick("--tun-csum|--tun-nocsum|--tun-remcsum") "|" \
		pick("-n|--stats|--rate|--exact|--thresholds|--persistent-conn|--tun-info|--nosort|-c|--timeout|--daemon"))
}
BEGIN {
	srand(seed)
	print "== fuzz seed " seed
	for (i = 0; i < count; i++) {
		cmd = pick("-A|-A|-A|-E|-D|-a|-a|-a|-e|-d|-Z|-L|-Ln|-S|-Sn|-C|--set 1 2 3|--set 0 0 0")
		line = cmd
		if (cmd !~ /^(-C|--set|-S)/ || maybe(0.2))
			line = line " " service()
		n = int(rand() * 4)
		if (cmd ~ /^-[aed]$/ && maybe(0.85))
			line = line " -r " server()
		for (j = 0; j < n; j++)
			line = line " " option(cmd)
		if (maybe(0.03))
			line = pick("-Ln -Ln|--bogus|-A -t 10.0.0.1:80 extra|-L -t|-A -t 10.0.0.1:80 -s")
		print line
		if (i % 100 == 99)
			print "== fuzz seed " seed " part " (i + 1) / 100 + 1
	}
}
