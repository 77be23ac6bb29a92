#include "core/config/lexer.hpp"

#include <sys/utsname.h>

namespace lvs::config {

namespace {

bool blank(char c)
{
	return c == ' ' || c == '\t';
}

bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// keepalived's default config id: the node name up to its first dot.
std::string node_name()
{
	utsname u{};
	if (uname(&u) != 0)
		return {};
	std::string_view n = u.nodename;
	return std::string(n.substr(0, n.find('.')));
}

// Extra safety against definitions that expand to themselves forever.
constexpr int kMaxDepth = 64;

} // namespace

void decomment(std::string &s, bool *unterminated)
{
	size_t start = 0;
	while (start < s.size() && blank(s[start]))
		++start;
	s.erase(0, start);
	*unterminated = false;
	// Most lines have nothing to strip but blanks: skip to the first
	// character that matters (find_first_of would search the set per
	// character).
	size_t i = 0;
	while (i < s.size() && s[i] != '"' && s[i] != '\\' && s[i] != '#' && s[i] != '!')
		++i;
	bool quote = false, cont = false;
	size_t skip = std::string::npos;
	for (; i < s.size(); ++i) {
		char c = s[i];
		if (c == '"') {
			if (skip == std::string::npos)
				quote = !quote;
		} else if (c == '\\') {
			if (i + 1 == s.size()) {
				s.pop_back();
				cont = true;
				break;
			}
			// "\#" and "\!" outside quotes are the characters themselves
			if (!quote && (s[i + 1] == '#' || s[i + 1] == '!'))
				s.erase(i, 1);
			else
				++i;
		} else if (!quote && skip == std::string::npos && (c == '!' || c == '#')) {
			skip = i;
		}
	}
	*unterminated = quote;
	if (skip != std::string::npos)
		s.resize(skip);
	while (!s.empty() && blank(s.back()))
		s.pop_back();
	if (cont)
		s.push_back('\\');
}

Lexer::Lexer(Diagnostics &diags, LexOptions options, StmtSink sink)
	: diags_(diags), options_(std::move(options)), sink_(std::move(sink))
{
	if (options_.config_id.empty())
		options_.config_id = node_name();
}

void Lexer::physical_line(std::string_view text, Loc loc)
{
	while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
		text.remove_suffix(1);
	if (open_def_ && text.empty()) {
		// a blank line ends a multi-line definition
		open_def_ = nullptr;
		return;
	}
	line_.assign(text);
	bool unterminated = false;
	decomment(line_, &unterminated);
	if (unterminated)
		diags_.report(Level::general, loc, "Unterminated quote '" + line_ + "'");
	if (line_.empty())
		return;
	if (open_def_) {
		bool more = line_.back() == '\\';
		if (more) {
			line_.pop_back();
			while (!line_.empty() && blank(line_.back()))
				line_.pop_back();
		}
		if (!line_.empty()) {
			if (!open_def_->value.empty())
				open_def_->value += '\n';
			open_def_->value += line_;
		}
		if (!more) {
			open_def_->multiline = open_def_->value.find('\n') != std::string::npos;
			open_def_ = nullptr;
		}
		return;
	}
	logical_line(line_, loc, 0);
}

bool Lexer::conditional(std::string &text) const
{
	bool reverse = text.size() > 1 && text[1] == '^';
	size_t id_start = reverse ? 2 : 1;
	size_t end = text.find_first_of(" \t", id_start);
	if (end == std::string::npos)
		return false;
	bool match = std::string_view(text).substr(id_start, end - id_start) == options_.config_id;
	if (match == reverse)
		return false;
	while (end < text.size() && blank(text[end]))
		++end;
	text.erase(0, end);
	return true;
}

void Lexer::logical_line(std::string &text, Loc loc, int depth)
{
	if (depth > kMaxDepth) {
		diags_.report(Level::general, loc, "Parameter or sequence expansion nested too deeply - ignoring line");
		return;
	}
	std::vector<std::string> more; // further lines of a multi-line parameter
	for (int round = 0; !text.empty(); ++round) {
		if (text[0] == '@' && !conditional(text))
			return;
		if (text[0] == '$' && definition(text))
			return;
		if (text.starts_with("~SEQ")) {
			if (!sequence(text, loc, depth))
				diags_.report(Level::general, loc, "Invalid ~SEQ specification '" + text + "'");
			return;
		}
		if (text.starts_with("~LST")) {
			if (!list(text, loc, depth))
				diags_.report(Level::general, loc, "Invalid ~LST specification '" + text + "'");
			return;
		}
		if (text[0] == '~' || text.find('$') == std::string::npos)
			break;
		if (round == kMaxDepth) {
			diags_.report(Level::general, loc, "Parameter substitution does not terminate: '" + text + "'");
			return;
		}
		if (!substitute(text, more, loc))
			break;
		bool unterminated = false;
		decomment(text, &unterminated);
		if (text.empty() || (text[0] != '@' && text.find('$') == std::string::npos &&
				     text[0] != '~'))
			break;
	}
	if (!text.empty() && !include_line(text, loc))
		emit(text, loc);
	for (auto &l : more) {
		bool unterminated = false;
		decomment(l, &unterminated);
		if (!l.empty())
			logical_line(l, loc, depth + 1);
	}
}

bool Lexer::include_line(std::string_view text, Loc loc)
{
	if (!text.starts_with("include") || text.size() < 9)
		return false;
	unsigned type;
	size_t rest;
	if (space(text[7])) {
		type = 0;
		rest = 8;
	} else if (space(text[8]) && std::string_view("rmwba").find(text[7]) != std::string_view::npos) {
		switch (text[7]) {
		case 'r':
			type = kIncludeRead;
			break;
		case 'm':
			type = kIncludeRead | kIncludeMatch;
			break;
		case 'w':
			type = kIncludeRead | kIncludeMatch | kIncludeWildcard;
			break;
		case 'b':
			type = kIncludeRead | kIncludeBrace;
			break;
		default:
			type = kIncludeAll;
			break;
		}
		rest = 9;
	} else {
		return false;
	}
	if (!options_.includes) {
		diags_.report(Level::general, loc, "include is not allowed here: give the text itself");
		return true;
	}
	while (rest < text.size() && blank(text[rest]))
		++rest;
	include(text.substr(rest), type, loc);
	return true;
}

// alloc_strvec_r() after read_line()'s brace splitting: words split at
// blanks; a word starting with '"' runs to the next '"' and loses the
// quotes; '{' and '}' outside quotes are statements of their own.
void Lexer::emit(std::string_view text, Loc loc)
{
	words_.clear();
	size_t seg_start = 0;
	auto flush = [&](size_t end) {
		if (words_.empty())
			return;
		Stmt s;
		s.loc = loc;
		s.words = words_;
		s.raw = text.substr(seg_start, end - seg_start);
		sink_(s);
		words_.clear();
	};
	size_t i = 0;
	while (i < text.size()) {
		char c = text[i];
		if (space(c)) {
			++i;
			continue;
		}
		if (c == '{' || c == '}') {
			flush(i);
			Stmt s;
			s.kind = c == '{' ? Stmt::Kind::open : Stmt::Kind::close;
			s.loc = loc;
			sink_(s);
			seg_start = ++i;
			continue;
		}
		if (words_.empty())
			seg_start = i;
		if (c == '"') {
			size_t close = text.find('"', i + 1);
			if (close == std::string_view::npos) {
				diags_.report(Level::unmatched_quote, loc,
					      "Unmatched quote: '" + std::string(text) + "'");
				break;
			}
			words_.push_back(text.substr(i + 1, close - i - 1));
			i = close + 1;
			continue;
		}
		size_t end = i;
		while (end < text.size() && !space(text[end]) && text[end] != '"' && text[end] != '{' &&
		       text[end] != '}')
			++end;
		words_.push_back(text.substr(i, end - i));
		i = end;
	}
	flush(text.size());
}

} // namespace lvs::config
