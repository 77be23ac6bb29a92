// Small whole files as text: settings, /proc entries, modules.dep.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace lvs {

// The file's contents; nullopt when it does not exist. Throws lvs::Error
// (naming the file) on any other failure. Reads to the end rather than
// trusting the size, which /proc reports as 0.
std::optional<std::string> read_file(const std::string &path);

// The rest of an open stream (stdin, say). Throws lvs::Error naming it,
// as name, when a read fails.
std::string read_stream(std::FILE *f, const std::string &name);

} // namespace lvs
