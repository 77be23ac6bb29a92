#include "core/regex.hpp"

#include "core/error.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <iterator>

namespace lvs {

namespace {

// A partial match longer than this is given up (keepalived gives up at
// its 4 KiB read buffer): a page that never completes a `.*` cannot make
// the checker hold all of it.
constexpr std::size_t kMaxKept = 64 * 1024;

struct Option {
	std::string_view name;
	std::uint32_t bit;
};

// keepalived 2.2.7's names, each the PCRE2 compile option it stands for.
constexpr Option kOptions[] = {
	{"allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS},
	{"alt_bsux", PCRE2_ALT_BSUX},
	{"auto_callout", PCRE2_AUTO_CALLOUT},
	{"caseless", PCRE2_CASELESS},
	{"dollar_endonly", PCRE2_DOLLAR_ENDONLY},
	{"dotall", PCRE2_DOTALL},
	{"dupnames", PCRE2_DUPNAMES},
	{"extended", PCRE2_EXTENDED},
	{"firstline", PCRE2_FIRSTLINE},
	{"match_unset_backref", PCRE2_MATCH_UNSET_BACKREF},
	{"multiline", PCRE2_MULTILINE},
	{"never_ucp", PCRE2_NEVER_UCP},
	{"never_utf", PCRE2_NEVER_UTF},
	{"no_auto_capture", PCRE2_NO_AUTO_CAPTURE},
	{"no_auto_possess", PCRE2_NO_AUTO_POSSESS},
	{"no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR},
	{"no_start_optimize", PCRE2_NO_START_OPTIMIZE},
	{"ucp", PCRE2_UCP},
	{"ungreedy", PCRE2_UNGREEDY},
	{"utf", PCRE2_UTF},
	{"never_backslash_c", PCRE2_NEVER_BACKSLASH_C},
	{"alt_circumflex", PCRE2_ALT_CIRCUMFLEX},
	{"alt_verbnames", PCRE2_ALT_VERBNAMES},
	{"use_offset_limit", PCRE2_USE_OFFSET_LIMIT},
};

std::string message(int code)
{
	PCRE2_UCHAR buf[256];
	if (pcre2_get_error_message(code, buf, sizeof buf) < 0)
		return "PCRE2 error " + std::to_string(code);
	return reinterpret_cast<const char *>(buf);
}

bool continuation(char c)
{
	return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// The bytes of b up to a UTF-8 character a read has cut short: PCRE2 calls
// such a subject invalid rather than a partial match.
std::size_t whole_characters(const std::string &b)
{
	std::size_t lead = b.size();
	while (lead > 0 && b.size() - lead < 4 && continuation(b[lead - 1]))
		lead--;
	if (lead == 0)
		return b.size();
	auto c = static_cast<unsigned char>(b[lead - 1]);
	std::size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return b.size() - (lead - 1) < need ? lead - 1 : b.size();
}

std::uint32_t compile_options(const RegexSettings &s)
{
	std::uint32_t options = 0;
	for (const auto &name : s.options)
		options |= regex_option(name).value_or(0);
	return options;
}

// The pattern compiled, or why not.
pcre2_code *compile(const RegexSettings &s, std::string &why)
{
	int err = 0;
	PCRE2_SIZE at = 0;
	pcre2_code *code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(s.pattern.data()), s.pattern.size(),
					 compile_options(s), &err, &at, nullptr);
	if (!code)
		why = "Invalid regex: '" + s.pattern + "' at offset " + std::to_string(at) + ": " + message(err);
	return code;
}

} // namespace

std::optional<std::string> regex_error(const RegexSettings &s)
{
	std::string why;
	pcre2_code *code = compile(s, why);
	if (!code)
		return why;
	pcre2_code_free(code);
	return std::nullopt;
}

std::optional<std::uint32_t> regex_option(std::string_view name)
{
	auto it = std::find_if(std::begin(kOptions), std::end(kOptions),
			       [name](const Option &o) { return o.name == name; });
	if (it == std::end(kOptions))
		return std::nullopt;
	return it->bit;
}

struct Regex::Code {
	pcre2_code *code = nullptr;
	pcre2_jit_stack *stack = nullptr;
	pcre2_match_context *context = nullptr;

	~Code()
	{
		pcre2_match_context_free(context);
		pcre2_jit_stack_free(stack);
		pcre2_code_free(code);
	}
};

Regex::Regex(const RegexSettings &s) : code_(std::make_unique<Code>())
{
	std::string why;
	code_->code = compile(s, why);
	if (!code_->code)
		throw Error(why);
	// Without a JIT (another architecture) PCRE2 interprets: the same
	// answers, slower.
	pcre2_jit_compile(code_->code, PCRE2_JIT_COMPLETE | PCRE2_JIT_PARTIAL_HARD);
	if (s.stack_max) {
		code_->stack = pcre2_jit_stack_create(s.stack_start, s.stack_max, nullptr);
		code_->context = pcre2_match_context_create(nullptr);
		if (!code_->stack || !code_->context)
			throw Error("regex_stack " + std::to_string(s.stack_start) + " " + std::to_string(s.stack_max) +
				    ": cannot allocate the JIT stack");
		pcre2_jit_stack_assign(code_->context, nullptr, code_->stack);
	}
	// Lookbehind, and one character before a possible match so that `^`
	// (multiline) and `\b` see what precedes it; in UTF-8 a character is
	// up to 4 bytes.
	std::uint32_t behind = 0, all = 0;
	pcre2_pattern_info(code_->code, PCRE2_INFO_MAXLOOKBEHIND, &behind);
	pcre2_pattern_info(code_->code, PCRE2_INFO_ALLOPTIONS, &all);
	utf_ = all & PCRE2_UTF;
	context_ = (std::size_t(behind) + 1) * (utf_ ? 4 : 1);
}

Regex::~Regex() = default;

struct Regex::Search::MatchData {
	pcre2_match_data *md;
	explicit MatchData(const pcre2_code *code) : md(pcre2_match_data_create_from_pattern(code, nullptr)) {}
	~MatchData() { pcre2_match_data_free(md); }
};

Regex::Search::Search(const Regex &re, std::uint64_t min_offset, std::optional<std::uint64_t> max_offset)
	: re_(re), min_(min_offset), max_(max_offset), md_(std::make_unique<MatchData>(re.code_->code))
{
	if (!md_->md)
		throw Error("regex: out of memory");
}

Regex::Search::~Search() = default;

void Regex::Search::feed(const char *data, std::size_t n)
{
	if (state_ != State::searching || !n)
		return;
	buf_.append(data, n);
	search(true);
}

bool Regex::Search::end()
{
	// What needed more of the body now gets a whole-subject answer; and
	// an empty body, or one wholly before min_offset, is searched too.
	if (state_ == State::searching)
		search(false);
	return state_ == State::matched;
}

void Regex::Search::search(bool more)
{
	std::size_t len = more && re_.utf_ ? whole_characters(buf_) : buf_.size();
	std::size_t start = from_;
	if (min_ > base_ + start) {
		if (min_ - base_ > len) { // min_offset not reached yet
			if (more)
				keep_from(len);
			else
				state_ = State::no_match;
			return;
		}
		start = std::size_t(min_ - base_);
	}
	if (max_ && base_ + start > *max_) {
		state_ = State::no_match;
		return;
	}
	std::uint32_t flags = more ? PCRE2_PARTIAL_HARD : 0;
	// buf_[0] is the body's first byte only while nothing was dropped.
	if (base_)
		flags |= PCRE2_NOTBOL;
	int rc = pcre2_match(re_.code_->code, reinterpret_cast<PCRE2_SPTR>(buf_.data()), len, start, flags, md_->md,
			     re_.code_->context);
	const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md_->md);
	if (rc >= 0) {
		// The leftmost match: if it starts past max_offset, none can
		// start earlier.
		state_ = !max_ || base_ + ov[0] <= *max_ ? State::matched : State::no_match;
		return;
	}
	if (rc == PCRE2_ERROR_PARTIAL) {
		if (max_ && base_ + ov[0] > *max_) {
			state_ = State::no_match;
		} else if (len - ov[0] > kMaxKept) {
			error_ = "partial match longer than " + std::to_string(kMaxKept) + " bytes given up";
			keep_from(len);
		} else {
			keep_from(ov[0]);
		}
		return;
	}
	if (rc != PCRE2_ERROR_NOMATCH)
		error_ = message(rc);
	if (more)
		keep_from(len); // no match begins before the end, however the body goes on
	else
		state_ = State::no_match;
}

void Regex::Search::keep_from(std::size_t from)
{
	std::size_t cut = from > re_.context_ ? from - re_.context_ : 0;
	while (re_.utf_ && cut > 0 && continuation(buf_[cut]))
		cut--; // keep whole characters
	buf_.erase(0, cut);
	base_ += cut;
	from_ = from - cut;
}

std::shared_ptr<const Regex> RegexCache::get(const RegexSettings &s)
{
	std::string key = s.pattern + '\0' + std::to_string(s.stack_start) + ' ' + std::to_string(s.stack_max);
	for (const auto &o : s.options)
		key += ' ' + o;
	auto &slot = map_[key];
	if (auto re = slot.lock())
		return re;
	auto re = std::make_shared<const Regex>(s);
	slot = re;
	if (map_.size() >= sweep_at_) {
		std::erase_if(map_, [](const auto &e) { return e.second.expired(); });
		sweep_at_ = std::max<std::size_t>(64, 2 * map_.size());
	}
	return re;
}

} // namespace lvs
