// The kernel's refusals as 1.31 words them: libipvs's ipvs_strerror, whose
// messages depend on the command that was refused.
#pragma once

#include <string>

namespace lvs::ipvsadm {

// cmd is the IPVS_CMD_* refused, err the errno (positive).
std::string kernel_message(int cmd, int err);

} // namespace lvs::ipvsadm
