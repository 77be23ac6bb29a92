#include "ipvsadm/errors.hpp"

#include <cerrno>
#include <cstring>
#include <linux/ip_vs.h>

#include "ip_vs_fnat_uapi.h" // the local-address commands, after <linux/ip_vs.h>

namespace lvs::ipvsadm {

namespace {

struct Message {
	int cmd; // 0: any command
	int err;
	const char *text;
};

// The stock ip_vs has no local-address commands: generic netlink refuses
// an unknown command with EOPNOTSUPP, which 1.31's table would call
// "Operation not supported with IPv6".
constexpr const char *kNeedsFnat = "Local addresses need the full-NAT module (ipvs-switch fnat)";

// First match wins, so the per-command entries come before the general ones.
// GET_SERVICE stands for both of libipvs's service getters (dump and single).
// The local-address messages are Alibaba LVS's libipvs's, but for ENOENT
// (its "No such Local address"), EINVAL (its general one) and EOPNOTSUPP.
constexpr Message kMessages[] = {
	{IPVS_CMD_NEW_SERVICE, EEXIST, "Service already exists"},
	{IPVS_CMD_NEW_SERVICE, ENOENT, "Scheduler or persistence engine not found"},
	{IPVS_CMD_SET_SERVICE, ESRCH, "No such service"},
	{IPVS_CMD_SET_SERVICE, ENOENT, "Scheduler or persistence engine not found"},
	{IPVS_CMD_DEL_SERVICE, ESRCH, "No such service"},
	{IPVS_CMD_ZERO, ESRCH, "No such service"},
	{IPVS_CMD_NEW_DEST, ESRCH, "Service not defined"},
	{IPVS_CMD_NEW_DEST, EEXIST, "Destination already exists"},
	{IPVS_CMD_SET_DEST, ESRCH, "Service not defined"},
	{IPVS_CMD_SET_DEST, ENOENT, "No such destination"},
	{IPVS_CMD_DEL_DEST, ESRCH, "Service not defined"},
	{IPVS_CMD_DEL_DEST, ENOENT, "No such destination"},
	{IPVS_CMD_NEW_DAEMON, EEXIST, "Daemon has already run"},
	{IPVS_CMD_DEL_DAEMON, ESRCH, "No daemon is running"},
	{IPVS_CMD_GET_SERVICE, ESRCH, "No such service"},
	{IPVS_CMD_GET_DEST, ESRCH, "No such service"},
	{IPVS_CMD_NEW_LADDR, ESRCH, "Service not defined"},
	{IPVS_CMD_NEW_LADDR, EEXIST, "Local address already exists"},
	{IPVS_CMD_NEW_LADDR, EINVAL, "Local address is not a unicast address of the service's family"},
	{IPVS_CMD_NEW_LADDR, EOPNOTSUPP, kNeedsFnat},
	{IPVS_CMD_DEL_LADDR, ESRCH, "Service not defined"},
	{IPVS_CMD_DEL_LADDR, ENOENT, "No such local address"},
	{IPVS_CMD_DEL_LADDR, EOPNOTSUPP, kNeedsFnat},
	{IPVS_CMD_GET_LADDR, ESRCH, "Service not defined"},
	{IPVS_CMD_GET_LADDR, EOPNOTSUPP, kNeedsFnat},
	{0, EPERM, "Permission denied (you must be root)"},
	{0, EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ..."},
	{0, ENOPROTOOPT, "Protocol not available"},
	{0, ENOMEM, "Memory allocation problem"},
	{0, EOPNOTSUPP, "Operation not supported with IPv6"},
	{0, EAFNOSUPPORT, "Operation not supported with specified address family"},
	{0, EMSGSIZE, "Module is wrong version"},
};

} // namespace

std::string kernel_message(int cmd, int err)
{
	for (const Message &m : kMessages)
		if ((m.cmd == 0 || m.cmd == cmd) && m.err == err)
			return m.text;
	return std::strerror(err);
}

} // namespace lvs::ipvsadm
