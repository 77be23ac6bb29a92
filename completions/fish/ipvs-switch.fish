# fish completion for ipvs-switch (lvsbox): the mode, and the settings file.
complete -c ipvs-switch -f
complete -c ipvs-switch -n 'not __fish_seen_subcommand_from orig fnat' -a orig -d 'the stock ip_vs'
complete -c ipvs-switch -n 'not __fish_seen_subcommand_from orig fnat' -a fnat -d 'the full-NAT module ip_vs_fnat'
complete -c ipvs-switch -s c -l config -r -F -d 'settings file'
complete -c ipvs-switch -s r -l restore -d 'switch to the mode saved by the last switch'
complete -c ipvs-switch -s h -l help -d 'show the usage'
complete -c ipvs-switch -l version -d 'show the version'
