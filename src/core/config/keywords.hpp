// The keyword tables: one table per block, each keyword with its minimum
// number of arguments, the handler that stores it in the model, the block
// it opens and, for a keyword not acted upon, why (inert.hpp). The parser
// walks these; the handlers live in keywords_*.cpp, one file per area.
#pragma once

#include "core/config/diag.hpp"
#include "core/config/inert.hpp"
#include "core/config/model.hpp"
#include "core/config/stmt.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace lvs::config {

struct Ctx;
using Handler = void (*)(Ctx &, const Stmt &);

struct Block;

struct Keyword {
	std::string_view name;
	uint8_t min_args; // fewer is keepalived's "missing a parameter" error
	Handler handler;  // may be null: the keyword only opens its block
	const Block *block = nullptr;
	const Inert *inert = nullptr; // accepted, checked, and not acted upon
};

// A block holds keywords, or (values != null) lines that are values, as
// in virtual_ipaddress { ... }, handled one line at a time.
struct Block {
	std::span<const Keyword> keywords;
	Handler values = nullptr;
	void (*close)(Ctx &) = nullptr; // at its '}'
	const Block *also = nullptr;    // looked up after keywords (a real server's checkers)
	// The options a value line may carry after its first word (min_args 1:
	// the option takes a value), as an ip address's "peer ADDR"; the
	// values handler reads them.
	std::span<const Keyword> options = {};
};

// What handlers share: the model being filled and where to report.
struct Ctx {
	Ctx(Config &c, Diagnostics &d) : cfg(c), diags(d) {}

	Config &cfg;
	Diagnostics &diags;
	// Set by a handler of a block keyword that rejects it: the block that
	// follows is skipped, as keepalived's skip_block().
	bool skip_block = false;
	// Where the '}' of the block being closed is: keepalived reports what
	// its close handlers find there.
	Loc close_loc;
	// Where track_* and notify_* lines of the open vrrp block go.
	VrrpTracking *track = nullptr;
	VrrpNotify *notify = nullptr;
	Inherit *smtp_alert = nullptr;
	const std::string *block_name = nullptr; // for "(NAME) ..." messages
	std::vector<Setting> *other = nullptr;
	// An interface named in the config is missing (keepalived's CONFIG_BAD_IF).
	bool missing_interface = false;
	// SMTP_CHECK's legacy host { } blocks, until the SMTP_CHECK closes;
	// smtp_host while one is open (its connection keywords are its own).
	std::vector<ConnOpts> smtp_hosts;
	bool smtp_host = false;
	// The last url regex (and its options) found valid: a generated
	// config repeats one, and it is compiled once.
	std::string regex_checked;
	// global_defs' include_check, passed back to the lexer.
	std::function<void(unsigned)> include_check;

	void error(Loc loc, std::string text, Level level = Level::general)
	{
		diags.report(level, loc, std::move(text));
	}
};

// The top level of keepalived.conf (keywords_top.cpp).
const Block &root_block();

// The tables of each area, for the top level.
extern const Block kGlobalDefsBlock, kVirtualServerBlock, kVirtualServerGroupBlock,
	kLocalAddressGroupBlock, kVxlanBlock, kSslBlock, kRealServerBlock;
extern const Block kVrrpInstanceBlock, kVrrpSyncGroupBlock, kVrrpScriptBlock, kTrackFileBlock,
	kTrackProcessBlock, kGarpGroupBlock, kBfdInstanceBlock, kTrackGroupBlock;
extern const Block kStaticAddressBlock, kStaticRoutesBlock, kStaticRulesBlock, kLinkbeatBlock,
	kUpDownDelaysBlock;
// The checker keywords, looked up after a real server's own.
extern const Block kCheckersBlock;

const Keyword *find_keyword(const Block &block, std::string_view name);

// The words after the keyword.
inline std::span<const std::string_view> args(const Stmt &s)
{
	return s.words.subspan(1);
}

// The text of word i, or "" past the end.
inline std::string_view arg(const Stmt &s, size_t i)
{
	return i < s.words.size() ? s.words[i] : std::string_view{};
}

std::string str(std::string_view s);

} // namespace lvs::config
