// The unit the parser consumes: the words of one keyword line, or a brace.
// The lexer makes them from keepalived.conf text, the TOML reader from a
// TOML document; the parser does not know which.
#pragma once

#include "core/config/diag.hpp"

#include <functional>
#include <span>
#include <string_view>

namespace lvs::config {

struct Stmt {
	enum class Kind : uint8_t { words, open, close };
	Kind kind = Kind::words;
	Loc loc;
	std::span<const std::string_view> words; // kind == words: keyword first
	// The text the words came from (comments removed, parameters
	// substituted): script keywords split it again, with shell quoting.
	std::string_view raw;
};

using StmtSink = std::function<void(const Stmt &)>;

} // namespace lvs::config
