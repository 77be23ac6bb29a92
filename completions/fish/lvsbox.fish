# fish completion for lvsbox: the personality, then that tool's own completion.
set -l tools ipvsadm keepalived ipvs-switch lvscli
complete -c lvsbox -f -n "not __fish_seen_subcommand_from $tools" -a ipvsadm -d 'manage the virtual-server table'
complete -c lvsbox -f -n "not __fish_seen_subcommand_from $tools" -a keepalived -d 'health checks, VRRP, kernel programming'
complete -c lvsbox -f -n "not __fish_seen_subcommand_from $tools" -a ipvs-switch -d 'switch between stock ip_vs and full NAT'
complete -c lvsbox -f -n "not __fish_seen_subcommand_from $tools" -a lvscli -d 'incremental configuration over JSON-RPC'
complete -c lvsbox -n "not __fish_seen_subcommand_from $tools" -l help -d 'list the personalities'
complete -c lvsbox -n "not __fish_seen_subcommand_from $tools" -l version -d 'print the version'
