// Script keywords: the command line as keepalived splits it for scripts,
// with quotes and escapes, rather than the plain word splitting of other
// keywords.
#include "core/config/values.hpp"

#include <cctype>

namespace lvs::config {

namespace {

bool white(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

int hex_value(char c)
{
	return std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
							   : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// Decodes the escape at raw[i] (just after the backslash); advances i.
char unescape(std::string_view raw, size_t &i)
{
	char c = raw[i];
	if (c == 'x' && i + 1 < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + 1]))) {
		unsigned v = 0;
		for (++i; i < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i])); ++i)
			v = v << 4 | static_cast<unsigned>(hex_value(raw[i]));
		return static_cast<char>(v);
	}
	if (c == 'c' && i + 1 < raw.size()) {
		char ctl = static_cast<char>(raw[i + 1] & 0x1f);
		i += 2;
		return ctl;
	}
	if (c >= '0' && c <= '7') {
		unsigned v = 0;
		for (int n = 0; n < 3 && i < raw.size() && raw[i] >= '0' && raw[i] <= '7'; ++n, ++i)
			v = v << 3 | static_cast<unsigned>(raw[i] - '0');
		return static_cast<char>(v);
	}
	++i;
	switch (c) {
	case 'a':
		return '\a';
	case 'b':
		return '\b';
	case 'E':
		return 0x1b;
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	case 'v':
		return '\v';
	default:
		return c;
	}
}

} // namespace

std::vector<std::string> split_shell(Ctx &ctx, Loc loc, std::string_view raw)
{
	std::vector<std::string> words;
	size_t i = 0;
	while (true) {
		while (i < raw.size() && white(raw[i]))
			++i;
		if (i == raw.size())
			return words;
		std::string word;
		char quote = 0;
		while (i < raw.size()) {
			char c = raw[i];
			if (c == '\\') {
				if (++i == raw.size())
					return words; // keepalived drops a line ending in a lone '\'
				word += unescape(raw, i);
			} else if (quote) {
				if (c == quote)
					quote = 0;
				else
					word += c;
				++i;
			} else if (c == '"' || c == '\'') {
				quote = c;
				++i;
			} else if (white(c)) {
				break;
			} else {
				word += c;
				++i;
			}
		}
		if (quote) {
			ctx.error(loc, "String '" + std::string(raw) + "': missing terminating " + quote,
				  Level::unmatched_quote);
			return {};
		}
		words.push_back(std::move(word));
	}
}

bool read_script(Ctx &ctx, const Stmt &s, Script &out, bool with_user)
{
	auto words = split_shell(ctx, s.loc, s.raw);
	if (words.size() < 2 || words[1].empty()) {
		ctx.error(s.loc, str(s.words[0]) + " script missing");
		return false;
	}
	out.command = std::move(words[1]);
	out.loc = s.loc;
	if (with_user) {
		if (words.size() > 2)
			out.user = std::move(words[2]);
		if (words.size() > 3)
			out.group = std::move(words[3]);
		if (words.size() > 4)
			ctx.error(s.loc, "Too many parameters for " + str(s.words[0]) + " script '" +
						 out.command + "' - ignoring extra parameters",
				  Level::note);
	}
	return true;
}

} // namespace lvs::config
