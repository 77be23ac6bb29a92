// The ipvsadm personality: a drop-in for Debian's ipvsadm 1.31 (same
// output, messages and exit statuses), plus --fullnat and --json.
#pragma once

namespace lvs::ipvsadm {

int ipvsadm_main(int argc, char **argv);

} // namespace lvs::ipvsadm
