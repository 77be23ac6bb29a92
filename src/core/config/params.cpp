// $NAME=value parameters, ${NAME} substitution, the predefined ${_PWD},
// ${_INSTANCE}, ${_RANDOM [MIN [MAX]]}, ${_HASH}, ${_BANG}, and the ~SEQ /
// ~LST line generators, as keepalived 2.2.7 defines them.
#include "core/config/lexer.hpp"

#include <cctype>
#include <charconv>
#include <random>

namespace lvs::config {

namespace {

// keepalived's lines live in a fixed buffer; ours grow, but definitions
// that expand into each other could grow one without bound.
constexpr size_t kMaxLine = 1 << 20;

bool name_start(char c)
{
	return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}

bool name_char(char c)
{
	return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool blank(char c)
{
	return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s)
{
	while (!s.empty() && blank(s.front()))
		s.remove_prefix(1);
	while (!s.empty() && blank(s.back()))
		s.remove_suffix(1);
	return s;
}

// strtol(.., 0) over a whole field: decimal, 0x hex or 0 octal, signed.
bool parse_long(std::string_view s, long &out)
{
	s = trim(s);
	bool neg = !s.empty() && s[0] == '-';
	if (neg || (!s.empty() && s[0] == '+'))
		s.remove_prefix(1);
	int base = 10;
	if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s.remove_prefix(2);
	} else if (s.size() > 1 && s[0] == '0') {
		base = 8;
	}
	auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
	if (ec != std::errc() || p != s.data() + s.size() || s.empty())
		return false;
	if (neg)
		out = -out;
	return true;
}

// Splits "a, b, c" at commas, trimmed.
std::vector<std::string_view> split_commas(std::string_view s)
{
	std::vector<std::string_view> out;
	size_t pos = 0;
	while (true) {
		size_t comma = s.find(',', pos);
		out.push_back(trim(s.substr(pos, comma - pos)));
		if (comma == std::string_view::npos)
			return out;
		pos = comma + 1;
	}
}

} // namespace

// "$NAME=value": only blanks may come before the '$', nothing between the
// name and '='. A value ending in '\' continues on the following lines.
bool Lexer::definition(std::string_view text)
{
	if (text.size() < 2 || !name_start(text[1]))
		return false;
	size_t p = 2;
	while (p < text.size() && name_char(text[p]))
		++p;
	if (p == text.size() || text[p] != '=')
		return false;
	std::string name(text.substr(1, p - 1));
	std::string_view value = text.substr(p + 1);
	while (!value.empty() && blank(value.front()))
		value.remove_prefix(1);
	Def &def = defs_[name];
	def.multiline = false;
	if (!value.empty() && value.back() == '\\') {
		value.remove_suffix(1);
		def.value.assign(trim(value));
		open_def_ = &def;
		return true;
	}
	def.value.assign(value);
	return true;
}

const std::string *Lexer::lookup(std::string_view name, std::string_view params)
{
	if (auto it = defs_.find(std::string(name)); it != defs_.end())
		return params.empty() ? &it->second.value : nullptr;
	if (name == "_RANDOM") {
		long lo = 0, hi = 32767;
		auto nums = trim(params);
		if (!nums.empty()) {
			size_t sp = nums.find(' ');
			if (!parse_long(nums.substr(0, sp), lo) ||
			    (sp != std::string_view::npos && !parse_long(nums.substr(sp + 1), hi)))
				return nullptr;
		}
		static std::mt19937 rng{std::random_device{}()};
		scratch_ = std::to_string(std::uniform_int_distribution<long>(lo, hi < lo ? lo : hi)(rng));
		return &scratch_;
	}
	if (!params.empty())
		return nullptr;
	if (name == "_PWD")
		scratch_ = dir_.empty() ? "." : dir_;
	else if (name == "_INSTANCE")
		scratch_ = options_.config_id;
	else if (name == "_HASH")
		scratch_ = "#";
	else if (name == "_BANG")
		scratch_ = "!";
	else
		return nullptr;
	return &scratch_;
}

// Replaces $NAME (followed by a blank, ',', ')' or the end) and ${NAME}.
// Replacement text is scanned again, so parameters may refer to others.
// A multi-line parameter may only end a line: its first line replaces the
// reference, the others are appended to *more.
bool Lexer::substitute(std::string &text, std::vector<std::string> &more, Loc loc)
{
	bool changed = false;
	int replacements = 0;
	size_t pos = 0;
	while ((pos = text.find('$', pos)) != std::string::npos && pos + 1 < text.size()) {
		bool braces = text[pos + 1] == '{';
		size_t start = pos + 1 + braces;
		if (start >= text.size() || !name_start(text[start])) {
			++pos;
			continue;
		}
		size_t end = start + 1;
		while (end < text.size() && name_char(text[end]))
			++end;
		std::string_view params;
		size_t ref_end = end;
		if (braces) {
			size_t close = text.find('}', end);
			std::string_view between = std::string_view(text).substr(end, close - end);
			if (close == std::string::npos ||
			    between.find_first_not_of(" 0123456789") != std::string_view::npos) {
				++pos;
				continue;
			}
			params = between;
			ref_end = close + 1;
		} else if (end < text.size() && !blank(text[end]) && text[end] != ',' && text[end] != ')') {
			++pos;
			continue;
		}
		std::string_view name = std::string_view(text).substr(start, end - start);
		auto it = defs_.find(std::string(name));
		bool multiline = it != defs_.end() && it->second.multiline;
		if (multiline && ref_end != text.size()) {
			++pos;
			continue;
		}
		const std::string *value = lookup(name, params);
		if (!value) {
			++pos;
			continue;
		}
		if (++replacements > 10000) {
			diags_.report(Level::general, loc, "Parameter substitution does not terminate");
			return false;
		}
		std::string_view v = *value;
		if (multiline) {
			size_t nl = v.find('\n');
			std::string_view rest = v.substr(nl + 1);
			v = v.substr(0, nl);
			std::vector<std::string> lines;
			for (size_t p = 0; p <= rest.size();) {
				size_t e = rest.find('\n', p);
				if (e == std::string_view::npos)
					e = rest.size();
				lines.emplace_back(rest.substr(p, e - p));
				p = e + 1;
			}
			more.insert(more.begin(), lines.begin(), lines.end());
		}
		if (text.size() - (ref_end - pos) + v.size() > kMaxLine) {
			diags_.report(Level::general, loc,
				      "Parameter substitution on line '" + text.substr(0, 80) +
					      "...' would exceed maximum line length - ignoring line");
			text.clear();
			return false;
		}
		std::string replacement(v);
		text.replace(pos, ref_end - pos, replacement);
		changed = true;
		size_t first = replacement.find_first_not_of(" \t");
		if (first != std::string::npos && replacement[first] == '~')
			break;
	}
	return changed;
}

// ~SEQ(var, [start,] [step,] end) rest   /   ~SEQx(...) for hex values
bool Lexer::sequence(std::string_view text, Loc loc, int depth)
{
	bool hex = text.size() > 4 && text[4] == 'x';
	std::string_view p = text.substr(hex ? 5 : 4);
	p = trim(p);
	size_t close = p.find(')');
	if (p.empty() || p[0] != '(' || close == std::string_view::npos)
		return false;
	std::string inside(p.substr(1, close - 1));
	std::vector<std::string> unused;
	if (inside.find('$') != std::string::npos)
		substitute(inside, unused, loc);
	auto fields = split_commas(inside);
	if (fields.size() < 2 || fields.size() > 4 || fields[0].empty())
		return false;
	long nums[3];
	for (size_t i = 1; i < fields.size(); ++i)
		if (!parse_long(fields[i], nums[i - 1]))
			return false;
	long start, step, last;
	if (fields.size() == 2) {
		last = nums[0];
		start = last < 0 ? -1 : 1;
		step = last < 1 ? -1 : 1;
	} else if (fields.size() == 3) {
		start = nums[0];
		last = nums[1];
		step = start <= last ? 1 : -1;
	} else {
		start = nums[0];
		step = nums[1];
		last = nums[2];
		if (step == 0 || (start < last && step < 0) || (start > last && step > 0)) {
			diags_.report(Level::general, loc, "Invalid ~SEQ values '" + std::string(text) + "'");
			return true;
		}
	}
	if (hex && (start < 0 || last < 0)) {
		diags_.report(Level::general, loc,
			      "~SEQx is only valid for positive numbers '" + std::string(text) + "'");
		return true;
	}
	std::string var(fields[0]);
	std::string_view rest = trim(p.substr(close + 1));
	for (long v = start; step > 0 ? v <= last : v >= last; v += step) {
		char buf[24];
		auto r = std::to_chars(buf, buf + sizeof buf, v, hex ? 16 : 10);
		defs_[var] = Def{std::string(buf, r.ptr), false};
		std::string line(rest);
		logical_line(line, loc, depth + 1);
	}
	return true;
}

// ~LST(var, v1, v2, ...) rest   /   ~LST({a, b}, {1, 2}, {3, 4}) rest
bool Lexer::list(std::string_view text, Loc loc, int depth)
{
	std::string_view p = trim(text.substr(4));
	if (p.empty() || p[0] != '(')
		return false;
	p.remove_prefix(1);
	// The variables: one name, or {names}.
	std::vector<std::string> vars;
	p = trim(p);
	if (!p.empty() && p[0] == '{') {
		size_t close = p.find('}');
		if (close == std::string_view::npos)
			return false;
		for (auto v : split_commas(p.substr(1, close - 1)))
			vars.emplace_back(v);
		p = trim(p.substr(close + 1));
	} else {
		size_t comma = p.find(',');
		if (comma == std::string_view::npos)
			return false;
		vars.emplace_back(trim(p.substr(0, comma)));
		p = p.substr(comma);
	}
	if (p.empty() || p[0] != ',')
		return false;
	p.remove_prefix(1);
	// The value sets, up to the closing ')'.
	std::vector<std::vector<std::string>> sets;
	while (true) {
		p = trim(p);
		std::vector<std::string> set;
		if (!p.empty() && p[0] == '{') {
			size_t close = p.find('}');
			if (close == std::string_view::npos)
				return false;
			for (auto v : split_commas(p.substr(1, close - 1)))
				set.emplace_back(v);
			p = trim(p.substr(close + 1));
		} else {
			size_t end = p.find_first_of(",)");
			if (end == std::string_view::npos)
				return false;
			set.emplace_back(trim(p.substr(0, end)));
			p = p.substr(end);
		}
		if (set.size() > vars.size()) {
			diags_.report(Level::general, loc,
				      "~LST specification has too many values '" + std::string(text) + "'");
			return true;
		}
		set.resize(vars.size());
		sets.push_back(std::move(set));
		if (p.empty())
			return false;
		if (p[0] == ')')
			break;
		if (p[0] != ',')
			return false;
		p.remove_prefix(1);
	}
	std::string_view rest = trim(p.substr(1));
	for (const auto &set : sets) {
		for (size_t i = 0; i < vars.size(); ++i)
			defs_[vars[i]] = Def{set[i], false};
		std::string line(rest);
		logical_line(line, loc, depth + 1);
	}
	return true;
}

} // namespace lvs::config
