# Health checks in our keepalived daemon (issue 5): TCP_CHECK and HTTP_GET
# against real servers in namespaces. All up: the table has them. rs1's
# httpd killed: it leaves the NAT service, stays at weight 0 in the
# inhibit_on_failure one (one merged check, both changes in one batch
# that plans those two services again, not the third),
# notify_down runs, the client reaches only rs2;
# a SIGHUP with the same config then sends no operation (the down server
# stays down, the alpha one up); rs1 back: it returns, notify_up runs. An
# alpha server starts out, its sorry server standing in, and comes in once
# its HTTP_GET passes. A dead server is out within delay_loop + the check's
# timeouts; the reload's "no flap" holds over check rounds that really ran.
# Then SMTP_CHECK (busybox nc running an SMTP responder in rs2),
# FILE_CHECK (its weight follows the file) and an HTTP_GET with a regex:
# each failure takes its real server out of the kernel's table, and it
# comes back.
. /lab/lib.sh

NAT_VIP=10.0.100.1
INHIBIT_VIP=10.0.100.2
ALPHA_VIP=10.0.100.3
SMTP_VIP=10.0.100.4
FILE_VIP=10.0.100.5
REGEX_VIP=10.0.100.6
WEIGHT_FILE=/tmp/lab-weight
CONF=/etc/keepalived/keepalived.conf
LOG=/tmp/keepalived.log
NOTIFIED=/tmp/notified

lab_web_pair
for vip in $NAT_VIP $INHIBIT_VIP $ALPHA_VIP $SMTP_VIP $FILE_VIP $REGEX_VIP; do
	ip addr add "$vip/32" dev lo
done
lab_marker_script /etc/keepalived/notify.sh "$NOTIFIED"

# rs2's SMTP server: busybox nc runs this for each connection; it refuses
# HELO while /tmp/smtp-refuse exists, and logs what HELO said.
cat >/tmp/smtp.sh <<'EOF'
#!/bin/sh
printf '220 rs2 ESMTP\r\n'
read -r helo
echo "$helo" >>/tmp/smtp-helo.log
if [ -e /tmp/smtp-refuse ]; then
	printf '554 refused\r\n'
	exit 0
fi
printf '250 rs2\r\n'
read -r quit
printf '221 bye\r\n'
EOF
chmod 755 /tmp/smtp.sh
in_ns rs2 nc -ll -p 25 -e /tmp/smtp.sh &

# What every service and check of the config share.
nat='delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP'
tcp_check='TCP_CHECK {
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}'
http_check="HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
		}"
cat >"$CONF" <<EOF
global_defs {
	enable_script_security
	script_user root
}
track_file lab_weight {
	file $WEIGHT_FILE
	init_file 0 overwrite
}
virtual_server $NAT_VIP 80 {
	$nat
	checker_merge
	real_server 10.0.2.2 80 {
		notify_up "/etc/keepalived/notify.sh up rs1"
		notify_down "/etc/keepalived/notify.sh down rs1"
		$tcp_check
	}
	real_server 10.0.3.2 80 {
		$http_check
	}
}
virtual_server $INHIBIT_VIP 80 {
	$nat
	checker_merge
	real_server 10.0.2.2 80 {
		inhibit_on_failure
		$tcp_check
	}
	real_server 10.0.3.2 80 {
		inhibit_on_failure
		$tcp_check
	}
}
virtual_server $ALPHA_VIP 80 {
	$nat
	alpha
	sorry_server 10.0.3.2 80
	real_server 10.0.3.2 8080 {
		$http_check
	}
}
virtual_server $SMTP_VIP 25 {
	$nat
	real_server 10.0.3.2 25 {
		SMTP_CHECK {
			connect_timeout 1
			helo_name lab.test
		}
	}
}
virtual_server $FILE_VIP 80 {
	$nat
	real_server 10.0.3.2 80 {
		weight 2
		FILE_CHECK {
			track_file lab_weight
		}
	}
}
virtual_server $REGEX_VIP 80 {
	$nat
	real_server 10.0.3.2 80 {
		HTTP_GET {
			url {
				path /index.html
				regex "^rs2\$"
			}
			connect_timeout 1
		}
	}
}
EOF

dests() { lab_dests "$1:${2:-80}"; }

# settle WHAT VIP EXPECTED [PORT]: waits for the service's destinations to
# be EXPECTED, then checks them and says how long it took.
settle() {
	waited=$(wait_dests "$2:${4:-80}" "$3")
	check "$1 (after $waited s)" "$3" "$(dests "$2" "${4:-80}")"
}

# health_ops: operations the kernel got from health changes so far.
health_ops() {
	sed -n 's/.*Health changes applied: .* virtual servers, \([0-9]*\) operations.*/\1/p' "$LOG" |
		awk '{ n += $1 } END { print n + 0 }'
}

keepalived -G -D -g"$LOG" -f "$CONF"
wait_log "$LOG" "IPVS table reconciled" 1
check "start: both real servers in the NAT service" "10.0.2.2:80 1
10.0.3.2:80 1" "$(dests $NAT_VIP)"
check "start: the alpha server out, its sorry server in" "10.0.3.2:80 1" "$(dests $ALPHA_VIP)"
check "start: init_file wrote the track file" 0 "$(cat $WEIGHT_FILE)"
check "the client reaches both" "rs1 2
rs2 2" "$(tally client "http://$NAT_VIP/" 4)"

# The alpha server's HTTP server comes up: its check passes, it comes in
# and the sorry server leaves.
mkdir -p /tmp/www-alt
echo rs2-alt >/tmp/www-alt/index.html
in_ns rs2 httpd -p 8080 -h /tmp/www-alt
settle "alpha: in once HTTP_GET passes, sorry server gone" $ALPHA_VIP "10.0.3.2:8080 1"
check "alpha service carries traffic" "rs2-alt 2" "$(tally client "http://$ALPHA_VIP/" 2)"

# rs1's httpd dies (the only process in its namespace). Its TCP_CHECK
# fails at most delay_loop (1 s) after the last pass, again after
# delay_before_retry (1 s), each attempt within connect_timeout (1 s):
# out within 1 + 2 x 1 + 1 = 4 s, plus a second for the TCG guest.
kill $(ip netns pids rs1)
killed=$(uptime_s)
wait_dests "$NAT_VIP:80" "10.0.3.2:80 1" >/dev/null
took=$(since "$killed")
check "rs1 down: out of the NAT service" "10.0.3.2:80 1" "$(dests $NAT_VIP)"
[ "$(echo "$took" | awk '{ print ($1 <= 5) }')" = 1 ] ||
	fail "rs1 left the NAT service after $took s, not within delay_loop + timeouts (4 s, +1 s slack)"
echo "ok: out after $took s (delay_loop + timeouts: 4 s)"
settle "rs1 down: weight 0 under inhibit_on_failure" $INHIBIT_VIP "10.0.2.2:80 0
10.0.3.2:80 1"
check "traffic goes only to rs2" "rs2 6" "$(tally client "http://$NAT_VIP/" 6)"
# Only the two services rs1 is in are planned again, not the third.
check "rs1's two changes applied in one batch" "2 changes in 2 virtual servers, 2 operations" \
	"$(grep "Health changes applied" "$LOG" | tail -n 1 | sed 's/.*applied: \(.*\) (.*/\1/')"
wait_log "$NOTIFIED" "down rs1" 1
echo "ok: notify_down ran"

# A reload with the same checkers: no flap, no operation, and no health
# change afterwards (rs1 stays down, the alpha server up).
ops=$(health_ops)
kill -HUP "$(cat /run/keepalived.pid)"
wait_log "$LOG" "Reload applied" 1
check "reload: no operation" 0 "$(sed -n 's/.*Reload applied: \([0-9]*\) operations.*/\1/p' "$LOG")"
# A check state lost by the reload shows as a health change within a few
# rounds: wait until rs1 has refused three more TCP_CHECKs (its resets,
# more than retry + 1) and rs2 has taken three more HTTP_GETs.
rst0=$(tcp_stat rs1 OutRsts)
opens0=$(tcp_stat rs2 PassiveOpens)
i=0
until [ $(($(tcp_stat rs1 OutRsts) - rst0)) -ge 3 ] && [ $(($(tcp_stat rs2 PassiveOpens) - opens0)) -ge 3 ]; do
	i=$((i + 1))
	[ $i -le 200 ] || fail "the checks did not run after the reload"
	sleep 0.1
done
check "reload: no health change since, over three check rounds" "$ops" "$(health_ops)"
check "reload: rs1 still out" "10.0.3.2:80 1" "$(dests $NAT_VIP)"
check "reload: the alpha server still in" "10.0.3.2:8080 1" "$(dests $ALPHA_VIP)"

# rs1 comes back.
lab_httpd rs1
settle "rs1 back in the NAT service" $NAT_VIP "10.0.2.2:80 1
10.0.3.2:80 1"
settle "rs1 back at its weight" $INHIBIT_VIP "10.0.2.2:80 1
10.0.3.2:80 1"
check "the client reaches both again" "rs1 2
rs2 2" "$(tally client "http://$NAT_VIP/" 4)"
wait_log "$NOTIFIED" "up rs1" 1
echo "ok: notify_up ran"

# SMTP_CHECK: the dialogue passes with our HELO name; a refused HELO takes
# rs2 out of the SMTP service, and it comes back when HELO is accepted.
settle "SMTP_CHECK passes" $SMTP_VIP "10.0.3.2:25 1" 25
check "the responder saw our HELO" "HELO lab.test" "$(head -n 1 /tmp/smtp-helo.log | tr -d '\r')"
touch /tmp/smtp-refuse
settle "SMTP_CHECK: HELO refused: out" $SMTP_VIP "" 25
wait_log "$LOG" "SMTP_CHECK to \[10.0.3.2\]:25 failed: Bad HELO response" 1
rm /tmp/smtp-refuse
settle "SMTP_CHECK: HELO accepted again: back" $SMTP_VIP "10.0.3.2:25 1" 25

# FILE_CHECK: the file's value times the track file's weight (1) is added
# to the real server's weight (2); -2^31 is a failure.
settle "FILE_CHECK: 0 in the file: the configured weight" $FILE_VIP "10.0.3.2:80 2"
echo 3 >$WEIGHT_FILE
settle "FILE_CHECK: 3 in the file: weight 5" $FILE_VIP "10.0.3.2:80 5"
echo -2147483648 >$WEIGHT_FILE
settle "FILE_CHECK: -2^31: out" $FILE_VIP ""
echo 0 >$WEIGHT_FILE
settle "FILE_CHECK: 0 again: back at weight 2" $FILE_VIP "10.0.3.2:80 2"

# HTTP_GET regex: the page must match ^rs2$; a page that does not takes
# rs2 out, and it comes back with its page.
settle "HTTP_GET regex matches" $REGEX_VIP "10.0.3.2:80 1"
echo maintenance >/tmp/www-rs2/index.html
settle "HTTP_GET regex: no match: out" $REGEX_VIP ""
wait_log "$LOG" "HTTP_GET to \[10.0.3.2\]:80 failed: regex '^rs2\$' did not match" 1
echo rs2 >/tmp/www-rs2/index.html
settle "HTTP_GET regex: matches again: back" $REGEX_VIP "10.0.3.2:80 1"
check "the regex service carries traffic" "rs2 2" "$(tally client "http://$REGEX_VIP/" 2)"

kill -TERM "$(cat /run/keepalived.pid)"
