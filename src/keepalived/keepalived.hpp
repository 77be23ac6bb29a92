// The keepalived personality: checks and dumps configs (-t, -d) and runs
// the daemon that programs the kernel's IPVS table from them.
#pragma once

namespace lvs::keepalived {

int keepalived_main(int argc, char **argv);

} // namespace lvs::keepalived
