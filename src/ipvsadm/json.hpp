// --json, our extension: every list mode as one JSON document on stdout,
// with stable keys. Addresses are always numeric (-n or not): the document
// is for programs, which resolve names themselves if they want them.
#pragma once

#include "ipvsadm/list.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::ipvsadm {

// A minimal JSON writer: containers, keys and scalars, commas by itself.
class JsonWriter {
public:
	JsonWriter &open(char bracket);  // '{' or '['
	JsonWriter &close(char bracket); // '}' or ']'
	JsonWriter &key(std::string_view k);
	JsonWriter &str(std::string_view v);
	JsonWriter &num(uint64_t v);
	JsonWriter &boolean(bool v);
	JsonWriter &null();
	// The document, with a final newline.
	std::string done();

private:
	void item(); // a comma before every item but the first in its container
	std::string out_;
	std::vector<bool> first_;
	bool after_key_ = false;
};

// {"version": "1.2.1", "conn_tab_size": N, "services": [...]}; without
// info (one service, -L -t), only "services".
std::string services_json(const std::vector<ServiceEntry> &entries, const ipvs::Info *info);
std::string timeouts_json(const ipvs::Timeouts &t);
std::string daemons_json(const std::vector<ipvs::Daemon> &daemons);
// -G: {"services": [{family, protocol, address, port, fwmark (as in
// services_json), "local_addresses": [{"family", "address",
// "port_conflicts", "conns"}]}]}.
std::string laddrs_json(const std::vector<LaddrEntry> &entries);

} // namespace lvs::ipvsadm
