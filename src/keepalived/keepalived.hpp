// The keepalived personality. This version loads and checks configs
// (-t, -d, --dump-conf=toml); the daemon comes in a later issue.
#pragma once

namespace lvs::keepalived {

int keepalived_main(int argc, char **argv);

} // namespace lvs::keepalived
