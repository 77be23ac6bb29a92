// Against this machine's kernel: the generic-netlink controller is always
// there; IPVS is not (the build machines have none), which exercises the
// error path the personalities report when ip_vs is not loaded.
#include "core/error.hpp"
#include "core/netlink/genl_socket.hpp"

#include <doctest/doctest.h>
#include <linux/genetlink.h>

#include <string>

TEST_CASE("resolves the generic netlink controller family")
{
	lvs::netlink::GenlSocket s("nlctrl");
	CHECK(s.family_id() == GENL_ID_CTRL);
	CHECK(s.get() != nullptr);
}

TEST_CASE("an unknown family is an error of its own that names it")
{
	try {
		lvs::netlink::GenlSocket s("LVSBOX_NO_SUCH");
		FAIL("resolving a missing family must throw");
	} catch (const lvs::netlink::FamilyNotFound &e) {
		CHECK(std::string(e.what()).find("LVSBOX_NO_SUCH") != std::string::npos);
	}
}
