// The services lvscli added, kept by keepalived itself (the guide leaves
// that to the caller): one file per service in the RPC state directory,
// the text the call gave, read after keepalived.conf at every start,
// respawn, reload and -t, so the table a restart builds is the one the
// calls left. Files are written 0600 with fsync and rename: a crash leaves
// the old text or the new, never a mix.
#pragma once

#include "core/config/load.hpp"
#include "core/ipvs/model.hpp"

#include <string>
#include <string_view>

namespace lvs::keepalived {

// The file of service `key` in `dir`: "TCP_10.0.0.1_80.conf".
std::string state_file(const std::string &dir, const ipvs::ServiceKey &key);

// Reads every *.conf of `dir` in name order (none when it is missing) as
// one service each (config::load_service against loaded.config), appending
// it with its file in rpc_file; its diagnostics go to loaded.diags under
// the file's name. A file with an error, or whose service keepalived.conf
// (or an earlier file) has too, is left out, and said.
void read_state_dir(const std::string &dir, config::Loaded &loaded, const config::LoadOptions &options);

// Replaces the file at `path` with `text` (the directory made 0700 when
// missing); throws lvs::Error, leaving the old file, when it cannot.
void write_state_file(const std::string &path, std::string_view text);
// Removes it; throws lvs::Error when it exists and cannot be removed.
void remove_state_file(const std::string &path);

} // namespace lvs::keepalived
