// The IPVS client against this machine's kernel. The build machines have
// no IPVS, which is the error every personality reports when ip_vs is not
// loaded; the lab (tests/vm) exercises a live table.
#include "core/error.hpp"
#include "core/ipvs/client.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <linux/ip_vs.h>
#include <string>

TEST_CASE("the client opens the IPVS family or says that it is missing")
{
	try {
		lvs::ipvs::Client client;
		// A kernel with IPVS answers GET_INFO, or refuses it without root.
		try {
			CHECK(client.info().version >= 0x010200);
		} catch (const lvs::ipvs::KernelError &e) {
			CHECK(e.err() == EPERM);
			CHECK(e.cmd() == IPVS_CMD_GET_INFO);
		}
	} catch (const lvs::Error &e) {
		// What a daemon logs then, in one line: how to get IPVS.
		CHECK(std::string(e.what()) == "IPVS not found in the kernel: load it with 'modprobe ip_vs', or with "
					       "'ipvs-switch orig' ('ipvs-switch fnat' for full NAT)");
	}
}
