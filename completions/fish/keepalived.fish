# fish completion for keepalived (lvsbox).
complete -c keepalived -s f -l use-file -r -F -d 'use the specified configuration file'
complete -c keepalived -s P -l vrrp -d 'only run with the VRRP subsystem'
complete -c keepalived -s C -l check -d 'only run with the health-checker subsystem'
complete -c keepalived -s B -l no_bfd -d "don't run the BFD subsystem"
complete -c keepalived -l all -d 'force all child processes to run'
complete -c keepalived -s l -l log-console -d 'log messages to the local console'
complete -c keepalived -s D -l log-detail -d 'detailed log messages'
complete -c keepalived -s S -l log-facility -x -a '0 1 2 3 4 5 6 7 local0 local1 local2 local3 local4 local5 local6 local7 user daemon' -d 'syslog facility'
complete -c keepalived -s g -l log-file -F -d 'also log to a file'
complete -c keepalived -l flush-log-file -d 'flush the log file on write'
complete -c keepalived -s G -l no-syslog -d "don't log via syslog"
complete -c keepalived -s u -l umask -x -d 'umask for file creation'
complete -c keepalived -s X -l release-vips -d 'drop VIPs on transition from signal'
complete -c keepalived -s V -l dont-release-vrrp -d "don't remove VRRP VIPs and VROUTEs on stop"
complete -c keepalived -s I -l dont-release-ipvs -d "don't remove the IPVS table on stop"
complete -c keepalived -s R -l dont-respawn -d "don't respawn child processes"
complete -c keepalived -s n -l dont-fork -d "don't fork the daemon process"
complete -c keepalived -s d -l dump-conf -d 'dump the configuration data'
complete -c keepalived -s p -l pid -r -F -d 'pid file of the parent process'
complete -c keepalived -s r -l vrrp_pid -r -F -d 'pid file of the VRRP process'
complete -c keepalived -s c -l checkers_pid -r -F -d 'pid file of the checker process'
complete -c keepalived -l rpc-socket -r -F -d 'JSON-RPC socket for lvscli'
complete -c keepalived -l rpc-state-dir -r -a '(__fish_complete_directories)' -d 'directory of the services lvscli added'
complete -c keepalived -s a -l address-monitoring -d 'report address changes notified via netlink'
complete -c keepalived -s b -l bfd_pid -r -F -d 'pid file of the BFD process'
complete -c keepalived -s x -l snmp -d 'enable the SNMP subsystem'
complete -c keepalived -s A -l snmp-agent-socket -r -F -d 'socket of the master agent'
complete -c keepalived -s s -l namespace -x -d 'run in a network namespace'
complete -c keepalived -s m -l core-dump -d 'core dump on abnormal termination'
complete -c keepalived -s M -l core-dump-pattern -x -d 'also set the core pattern'
complete -c keepalived -s e -l all-config -d 'error if any configuration file is missing'
complete -c keepalived -s i -l config-id -x -d 'config id for @ lines'
complete -c keepalived -l signum -x -a 'STOP RELOAD DATA STATS STATS_CLEAR JSON' -d 'signal number of a function'
complete -c keepalived -s t -l config-test -F -d 'check the configuration'
complete -c keepalived -s v -l version -d 'display the version number'
complete -c keepalived -s h -l help -d 'display the help message'
