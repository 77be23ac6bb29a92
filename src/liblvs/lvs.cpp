// liblvs: the C API of <lvs/lvs.h>, a thin layer over the client core that
// lvscli uses too (core/rpc/client.*): arguments checked, one call, its
// outcome as a negative errno. No exception leaves it.
#pragma GCC visibility push(default)
#include <lvs/lvs.h>
#pragma GCC visibility pop

#include "core/rpc/client.hpp"
#include "core/rpc/protocol.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <new>

namespace rpc = lvs::rpc;

namespace {

// make_params builds the call's params inside the try: a config too large
// or not UTF-8 is a ClientError like any other.
template <class MakeParams>
int call(std::string_view method, MakeParams make_params) noexcept
{
	try {
		rpc::Reply reply = rpc::call(rpc::socket_path(), method, make_params());
		return reply.error ? rpc::fault_errno(*reply.error) : 0;
	} catch (const rpc::ClientError &e) {
		return -e.error();
	} catch (const std::bad_alloc &) {
		return -ENOMEM;
	}
}

int config_call(std::string_view method, const char *config) noexcept
{
	if (!config)
		return -EINVAL;
	return call(method, [config] { return rpc::config_params(config, std::nullopt); });
}

// The name protocol.hpp gives the protocol; nullptr for one it lacks.
const char *protocol_name(uint8_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	default:
		return nullptr;
	}
}

} // namespace

int lvs_add_service_config(char *svc_config)
{
	return config_call(rpc::kAdd, svc_config);
}

int lvs_update_service_config(char *svc_config)
{
	return config_call(rpc::kUpdate, svc_config);
}

int lvs_del_service_config(struct lvs_service *svc)
{
	const char *protocol = svc ? protocol_name(svc->protocol) : nullptr;
	if (!protocol || (svc->af != AF_INET && svc->af != AF_INET6))
		return -EINVAL;
	char address[INET6_ADDRSTRLEN];
	::inet_ntop(svc->af, &svc->addr, address, sizeof address);
	return call(rpc::kDelete, [&] { return rpc::service_params({address, ntohs(svc->port), protocol}); });
}
