# fish completion for lvscli (lvsbox): keep's commands, a file for add and
# set, the protocol after ADDRESS PORT for del and show, the socket.
set -l commands add set del show
complete -c lvscli -f
complete -c lvscli -s s -l socket -r -F -d "keepalived's JSON-RPC socket"
complete -c lvscli -l json -d 'print the result or the error as one line of JSON'
complete -c lvscli -s h -l help -d 'show the usage'
complete -c lvscli -l version -d 'print the version'
complete -c lvscli -n 'not __fish_seen_subcommand_from keep' -a keep -d 'the virtual servers keepalived runs'
complete -c lvscli -n "__fish_seen_subcommand_from keep; and not __fish_seen_subcommand_from $commands" -a add -d 'add the virtual server FILE defines'
complete -c lvscli -n "__fish_seen_subcommand_from keep; and not __fish_seen_subcommand_from $commands" -a set -d "replace a virtual server with FILE's"
complete -c lvscli -n "__fish_seen_subcommand_from keep; and not __fish_seen_subcommand_from $commands" -a del -d 'delete a virtual server'
complete -c lvscli -n "__fish_seen_subcommand_from keep; and not __fish_seen_subcommand_from $commands" -a show -d 'print the definition keepalived runs'
complete -c lvscli -n '__fish_seen_subcommand_from add set' -F
# keep del|show ADDRESS PORT, then the protocol: the sixth word at the earliest.
complete -c lvscli -n '__fish_seen_subcommand_from del show; and test (count (commandline -opc)) -ge 5' -a 'TCP UDP' -d protocol
