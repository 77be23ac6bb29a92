// Loading a keepalived config: read (keepalived.conf, or TOML when the
// name ends in .toml), parse, validate. The one entry point every
// personality uses.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/model.hpp"

#include <string>
#include <string_view>

namespace lvs::config {

struct LoadOptions {
	std::string config_id;       // -i: for @id lines; empty: the host name
	bool include_errors = false; // -e: a missing include is an error
};

struct Loaded {
	Config config;
	Diagnostics diags;
	bool read = false; // false: no file could be read at all
};

Loaded load_file(const std::string &path, const LoadOptions &options = {});
// keepalived.conf text (tests, and one virtual server at a time over RPC).
Loaded load_text(std::string_view text, const std::string &name, const LoadOptions &options = {});

// One virtual server given over JSON-RPC (or kept in the RPC state
// directory), read against the root config: the text holds exactly one
// `virtual_server ADDRESS PORT` block and nothing else (no include, no
// group, no fwmark, no other top-level block); a local_address_group it
// names is the root's. Only what concerns the text is reported (its file
// index is 1); the config holds the root's globals and the one service.
Loaded load_service(std::string_view text, const std::string &name, const Config &root,
		    const LoadOptions &options = {});

// keepalived's validate_check_config() and vrrp_validate_config(): applies
// the defaults and inheritance, removes what cannot be used, says why.
void validate(Config &cfg, Diagnostics &diags);

} // namespace lvs::config
