#include "core/vrrp/iface.hpp"

#include "core/error.hpp"
#include "core/sys/fd.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

namespace lvs::vrrp {

namespace {

void read_mac(Iface &i)
{
	sys::Fd s(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	ifreq req{};
	std::strncpy(req.ifr_name, i.name.c_str(), IFNAMSIZ - 1);
	if (s && ioctl(s.get(), SIOCGIFHWADDR, &req) == 0)
		std::memcpy(i.mac.data(), req.ifr_hwaddr.sa_data, i.mac.size());
}

} // namespace

Iface read_iface(const std::string &name)
{
	Iface i;
	i.name = name;
	i.index = if_nametoindex(name.c_str());
	if (!i.index)
		throw Error("interface " + name + ": " + std::strerror(errno));
	read_mac(i);
	ifaddrs *all = nullptr;
	if (getifaddrs(&all) < 0)
		throw Error(std::string("getifaddrs: ") + std::strerror(errno));
	for (ifaddrs *a = all; a; a = a->ifa_next) {
		if (!a->ifa_addr || name != a->ifa_name)
			continue;
		if (a->ifa_addr->sa_family == AF_INET && !i.ipv4) {
			net::Addr x{AF_INET, {}};
			std::memcpy(x.bytes.data(), &reinterpret_cast<sockaddr_in *>(a->ifa_addr)->sin_addr, 4);
			i.ipv4 = x;
		} else if (a->ifa_addr->sa_family == AF_INET6 && !i.ipv6_local) {
			const auto *sin6 = reinterpret_cast<sockaddr_in6 *>(a->ifa_addr);
			if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr)) {
				net::Addr x{AF_INET6, {}};
				std::memcpy(x.bytes.data(), &sin6->sin6_addr, 16);
				i.ipv6_local = x;
			}
		}
	}
	freeifaddrs(all);
	return i;
}

} // namespace lvs::vrrp
