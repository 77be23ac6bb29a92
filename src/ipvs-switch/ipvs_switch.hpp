// The ipvs-switch personality: switches the kernel between the stock IPVS
// (ip_vs) and the full-NAT module, as the EulerOS guide's ipvs-switch
// does (§2.2), or says which of them is loaded.
#pragma once

namespace lvs::ipvs_switch {

int ipvs_switch_main(int argc, char **argv);

} // namespace lvs::ipvs_switch
