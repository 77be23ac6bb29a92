# fish completion for ipvsadm (lvsbox): the command first, then the options
# that command takes, and the values of the options that have a fixed set.

# The command on the line (the word after ipvsadm), by its long name.
function __fish_ipvsadm_command
    set -l tokens (commandline -opc)
    set -q tokens[2]; or return 1
    switch $tokens[2]
        case -A '-A*' --add-service
            echo add-service
        case -E '-E*' --edit-service
            echo edit-service
        case -D '-D*' --delete-service
            echo delete-service
        case -a '-a*' --add-server
            echo add-server
        case -e '-e*' --edit-server
            echo edit-server
        case -d '-d*' --delete-server
            echo delete-server
        case -L '-L*' -l '-l*' --list
            echo list
        case -Z '-Z*' --zero
            echo zero
        case -S '-S*' --save
            echo save
        case -P '-P*' --add-laddr
            echo add-laddr
        case -Q '-Q*' --del-laddr
            echo del-laddr
        case -G '-G*' --get-laddr
            echo get-laddr
        case '--start-daemon*'
            echo start-daemon
        case '--stop-daemon*'
            echo stop-daemon
        case '*'
            echo other
    end
end

function __fish_ipvsadm_needs_command
    test (count (commandline -opc)) -eq 1
end

# True when the command on the line is one of the arguments.
function __fish_ipvsadm_using
    contains -- (__fish_ipvsadm_command) $argv
end

# The word right after --start-daemon or --stop-daemon: master or backup.
function __fish_ipvsadm_daemon_state
    set -l tokens (commandline -opc)
    test (count $tokens) -eq 2; and contains -- $tokens[2] --start-daemon --stop-daemon
end

function __fish_ipvsadm_schedulers
    printf '%s\t%s\n' \
        rr 'round robin' \
        wrr 'weighted round robin' \
        lc 'least connections' \
        wlc 'weighted least connections (default)' \
        lblc 'locality-based least connections' \
        lblcr 'locality-based least connections with replication' \
        dh 'destination hashing' \
        sh 'source hashing' \
        sed 'shortest expected delay' \
        nq 'never queue' \
        fo 'weighted failover' \
        ovf 'weighted overflow' \
        mh 'Maglev hashing' \
        consh 'consistent hashing (lvsbox kernel module)'
end

# -b takes a comma-separated list: complete its last element.
function __fish_ipvsadm_sched_flags
    set -l head (string replace -r '[^,]*$' '' -- (commandline -ct))
    for flag in flag-1 flag-2 flag-3 sh-fallback sh-port mh-fallback mh-port
        string match -q -- "*$flag,*" "$head"; or printf '%s%s\n' $head $flag
    end
end

complete -c ipvsadm -f

# Commands: only as the first argument.
set -l first __fish_ipvsadm_needs_command
complete -c ipvsadm -n $first -s A -l add-service -d 'add a virtual service'
complete -c ipvsadm -n $first -s E -l edit-service -d 'edit a virtual service'
complete -c ipvsadm -n $first -s D -l delete-service -d 'delete a virtual service'
complete -c ipvsadm -n $first -s C -l clear -d 'clear the whole table'
complete -c ipvsadm -n $first -s R -l restore -d 'restore rules from standard input'
complete -c ipvsadm -n $first -s S -l save -d 'save rules to standard output'
complete -c ipvsadm -n $first -s a -l add-server -d 'add a real server'
complete -c ipvsadm -n $first -s e -l edit-server -d 'edit a real server'
complete -c ipvsadm -n $first -s d -l delete-server -d 'delete a real server'
complete -c ipvsadm -n $first -s L -s l -l list -d 'list the table'
complete -c ipvsadm -n $first -s Z -l zero -d 'zero the counters'
complete -c ipvsadm -n $first -l set -d 'set the tcp, tcpfin and udp timeouts'
complete -c ipvsadm -n $first -l start-daemon -d 'start a connection sync daemon'
complete -c ipvsadm -n $first -l stop-daemon -d 'stop a connection sync daemon'
complete -c ipvsadm -n $first -s P -l add-laddr -d 'add a local address (full NAT)'
complete -c ipvsadm -n $first -s Q -l del-laddr -d 'delete a local address'
complete -c ipvsadm -n $first -s G -l get-laddr -d 'list the local addresses'
complete -c ipvsadm -n $first -s h -l help -d 'show the usage'
complete -c ipvsadm -n $first -s v -l version -d 'show the version'
complete -c ipvsadm -n __fish_ipvsadm_daemon_state -a master -d 'send connection state'
complete -c ipvsadm -n __fish_ipvsadm_daemon_state -a backup -d 'receive connection state'

# The virtual service: every command that names one.
set -l svc '__fish_ipvsadm_using add-service edit-service delete-service add-server edit-server delete-server list zero add-laddr del-laddr get-laddr'
complete -c ipvsadm -n $svc -s t -l tcp-service -x -d 'TCP virtual service host[:port]'
complete -c ipvsadm -n $svc -s u -l udp-service -x -d 'UDP virtual service host[:port]'
complete -c ipvsadm -n $svc -l sctp-service -x -d 'SCTP virtual service host[:port]'
complete -c ipvsadm -n $svc -s f -l fwmark-service -x -d 'firewall-mark virtual service'
complete -c ipvsadm -n $svc -s 6 -l ipv6 -d 'the firewall-mark service is IPv6 (after -f)'

# Virtual service settings: -A, -E.
set -l service '__fish_ipvsadm_using add-service edit-service'
complete -c ipvsadm -n $service -s s -l scheduler -x -a '(__fish_ipvsadm_schedulers)' -d scheduler
complete -c ipvsadm -n $service -s p -l persistent -d 'persistent service [timeout, default 360]'
complete -c ipvsadm -n $service -s M -l netmask -x -d 'persistence granularity'
complete -c ipvsadm -n $service -l pe -x -a sip -d 'persistence engine'
complete -c ipvsadm -n $service -s o -l ops -d 'one-packet scheduling (UDP)'
complete -c ipvsadm -n $service -s b -l sched-flags -x -a '(__fish_ipvsadm_sched_flags)' -d 'scheduler flags'

# Real servers: -a, -e, -d.
complete -c ipvsadm -n '__fish_ipvsadm_using add-server edit-server delete-server' -s r -l real-server -x -d 'real server host[:port]'
set -l server '__fish_ipvsadm_using add-server edit-server'
complete -c ipvsadm -n $server -s g -l gatewaying -d 'direct routing (default)'
complete -c ipvsadm -n $server -s i -l ipip -d tunnelling
complete -c ipvsadm -n $server -s m -l masquerading -d NAT
complete -c ipvsadm -n $server -l fullnat -d 'full NAT (lvsbox kernel module)'
complete -c ipvsadm -n $server -s w -l weight -x -d 'weight (0-2147483647, default 1)'
complete -c ipvsadm -n $server -s x -l u-threshold -x -d 'upper connection threshold'
complete -c ipvsadm -n $server -s y -l l-threshold -x -d 'lower connection threshold'
complete -c ipvsadm -n $server -l tun-type -x -a 'ipip gue gre' -d 'tunnel type'
complete -c ipvsadm -n $server -l tun-port -x -d 'GUE destination port'
complete -c ipvsadm -n $server -l tun-nocsum -d 'tunnel without checksum (default)'
complete -c ipvsadm -n $server -l tun-csum -d 'tunnel with checksum'
complete -c ipvsadm -n $server -l tun-remcsum -d 'tunnel with remote checksum offload (gue)'

# Listing: -L, -l (and -n for -S).
complete -c ipvsadm -n '__fish_ipvsadm_using list save' -s n -l numeric -d 'numeric addresses and ports'
set -l list '__fish_ipvsadm_using list'
complete -c ipvsadm -n $list -s c -l connection -d 'list the connections'
complete -c ipvsadm -n $list -l timeout -d 'show the timeouts'
complete -c ipvsadm -n $list -l daemon -d 'show the sync daemons'
complete -c ipvsadm -n $list -l stats -d statistics
complete -c ipvsadm -n $list -l rate -d rates
complete -c ipvsadm -n $list -s X -l exact -d 'counters in full'
complete -c ipvsadm -n $list -l thresholds -d thresholds
complete -c ipvsadm -n $list -l persistent-conn -d 'persistent connections'
complete -c ipvsadm -n $list -l tun-info -d 'tunnel settings'
complete -c ipvsadm -n $list -l nosort -d 'kernel order'
complete -c ipvsadm -n $list -l sort -d 'sorted (the default)'
complete -c ipvsadm -n $list -l json -d 'one JSON document'

# Local addresses (full NAT): -P, -Q take -z; -G lists, also as JSON.
complete -c ipvsadm -n '__fish_ipvsadm_using add-laddr del-laddr' -s z -l laddr -x -d 'local address of the service'
complete -c ipvsadm -n '__fish_ipvsadm_using get-laddr' -l json -d 'one JSON document'

# Sync daemon: --start-daemon (all of these), --stop-daemon (--syncid).
set -l daemon '__fish_ipvsadm_using start-daemon'
complete -c ipvsadm -n $daemon -l mcast-interface -x -a '(__fish_print_interfaces)' -d 'multicast interface'
complete -c ipvsadm -n '__fish_ipvsadm_using start-daemon stop-daemon' -l syncid -x -d 'sync ID (0-255)'
complete -c ipvsadm -n $daemon -l sync-maxlen -x -d 'largest sync message (1-65507)'
complete -c ipvsadm -n $daemon -l mcast-group -x -d 'multicast group'
complete -c ipvsadm -n $daemon -l mcast-port -x -d 'UDP port (default 8848)'
complete -c ipvsadm -n $daemon -l mcast-ttl -x -d 'multicast TTL (1-255)'
