#include "keepalived/dump.hpp"

#include "core/config/emit.hpp"
#include "core/net/addr.hpp"
#include "core/sys/log.hpp"

#include <fmt/format.h>
#include <linux/ip_vs.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace lvs::keepalived {

void write_file(const char *path, const std::string &text)
{
	std::ofstream out(path, std::ios::trunc);
	if (!(out << text) || !out.flush()) {
		sys::log(LOG_ERR, fmt::format("cannot write {}: {}", path, std::strerror(errno)));
		return;
	}
	sys::log(LOG_INFO, fmt::format("Wrote {}", path));
}

void write_data(const char *path, const config::Config &cfg, const table::Table &installed)
{
	std::string text = "------< Configuration >------\n" + config::to_conf(config::emit(cfg));
	text += "------< IPVS table installed >------\n";
	for (const auto &e : installed.entries) {
		text += fmt::format("{} {}\n", ipvs::to_string(e.service.key), e.service.sched_name);
		for (const auto &d : e.dests)
			text += fmt::format("  -> {} weight {}\n", net::to_string(d.addr, d.port), d.weight);
		for (const auto &la : e.laddrs)
			text += fmt::format("  laddr {}\n", net::to_string(la.addr));
	}
	write_file(path, text);
}

void write_stats(const char *path, ipvs::Client &client, const table::Table &installed)
{
	std::string text = "------< IPVS counters of the installed services >------\n";
	for (const auto &e : installed.entries) {
		std::optional<ipvs::Service> s = client.service(e.service.key);
		if (!s) {
			text += ipvs::to_string(e.service.key) + " missing from the kernel\n";
			continue;
		}
		const ipvs::Stats &st = s->stats;
		text += fmt::format("{} conns {} inpkts {} outpkts {} inbytes {} outbytes {}\n",
				    ipvs::to_string(e.service.key), st.conns, st.inpkts, st.outpkts, st.inbytes,
				    st.outbytes);
	}
	write_file(path, text);
}

} // namespace lvs::keepalived
