#include "core/netlink/genl_socket.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

namespace lvs::netlink {

void GenlSocket::Free::operator()(nl_sock *s) const
{
	nl_socket_free(s);
}

GenlSocket::GenlSocket(const std::string &family) : sock_(nl_socket_alloc()), family_(family)
{
	if (!sock_)
		throw Error("cannot allocate a netlink socket");
	if (int err = genl_connect(sock_.get()); err < 0)
		throw Error(fmt::format("cannot open a generic netlink socket: {}", nl_geterror(err)));
	family_id_ = genl_ctrl_resolve(sock_.get(), family.c_str());
	if (family_id_ < 0)
		throw FamilyNotFound(fmt::format("generic netlink family {} not found: {}", family,
					nl_geterror(family_id_)));
}

} // namespace lvs::netlink
