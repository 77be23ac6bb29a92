// keepalived.conf as TOML, for configs written by programs. Every block is
// an array of tables (`[[virtual_server]]`) whose `_args` are the words
// after the block keyword; a keyword is a key whose value is `true` (no
// arguments), one value, or an array of arguments; a block of value lines
// (virtual_ipaddress) is an array of strings, or a table with `_args` and
// `_lines` when the block keyword has arguments (local_address_group).
// Reading turns the document back into statements for the same keyword
// tables, so a TOML config gets exactly the checks and messages of a
// keepalived.conf one.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/model.hpp"
#include "core/config/stmt.hpp"

#include <string>

namespace lvs::config {

std::string to_toml(const Config &cfg);
// False when the file cannot be read or is not TOML (reported).
bool read_toml(const std::string &path, const StmtSink &sink, Diagnostics &diags);

} // namespace lvs::config
