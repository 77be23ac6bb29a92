// libFuzzer target: what keepalived does with bytes from lvscli's socket
// before anything reaches the kernel. The stream is cut into requests
// (rpc::Framer, fed in chunks of the size the first byte gives), each is
// decoded, its params read, and an add's or update's config text goes
// through config::load_service against a root config with a
// local_address_group, as the checker process does (includes are refused
// there, so no input reaches the file system).
#include "core/config/load.hpp"
#include "core/rpc/jsonrpc.hpp"
#include "core/rpc/protocol.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

const lvs::config::Config &root()
{
	static const lvs::config::Config cfg = std::move(
		lvs::config::load_text("local_address_group pool {\n 10.0.200.1-2\n}\n", "root.conf").config);
	return cfg;
}

void call(const std::string &text)
{
	lvs::rpc::Call c = lvs::rpc::decode(text);
	if (c.failure)
		return;
	lvs::rpc::Params p{c.params, std::nullopt};
	if (c.method == lvs::rpc::kAdd || c.method == lvs::rpc::kUpdate) {
		std::string config = p.text("config");
		std::string name = p.text("name", "<rpc>");
		if (!p.failure && config.size() <= lvs::rpc::kMaxConfig)
			lvs::config::load_service(config, name, root());
	} else {
		p.text("address");
		p.port("port");
		p.text("protocol", "TCP");
	}
	lvs::rpc::reply(c.id, p.failure.value_or(lvs::rpc::Failure{}));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t chunk = 1 + data[0] % 64;
	std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
	lvs::rpc::Framer framer;
	for (size_t at = 0; at < rest.size() && !framer.broken(); at += chunk) {
		framer.feed(rest.substr(at, chunk));
		while (auto text = framer.next())
			call(*text);
	}
	return 0;
}
