// --json, our extension: every list mode as one JSON document on stdout,
// the contract man/ipvsadm.8 documents under JSON OUTPUT. Addresses are
// always numeric (-n or not): the document is for programs, which resolve
// names themselves if they want them.
#pragma once

#include "core/json.hpp"
#include "ipvsadm/list.hpp"

#include <string>
#include <vector>

namespace lvs::ipvsadm {

// Raised when a key is removed or changes meaning; keys may be added
// without it.
inline constexpr int kJsonSchemaVersion = 1;

// {"schema_version", "version", "conn_tab_size", "services": [...]};
// without info (one service, -L -t), no "version" nor "conn_tab_size".
std::string services_json(const std::vector<ServiceEntry> &entries, const ipvs::Info *info);
std::string timeouts_json(const ipvs::Timeouts &t);
std::string daemons_json(const std::vector<ipvs::Daemon> &daemons);
// -G: {"schema_version", "services": [{family, protocol, address, port,
// fwmark (as in services_json), "local_addresses": [{"family", "address",
// "port_conflicts", "conns"}]}]}.
std::string laddrs_json(const std::vector<LaddrEntry> &entries);

} // namespace lvs::ipvsadm
