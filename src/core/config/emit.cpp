#include "core/config/emit.hpp"

namespace lvs::config {

Node kw(std::string key, std::vector<std::string> args)
{
	Node n;
	n.key = std::move(key);
	n.args = std::move(args);
	return n;
}

void flag(std::vector<Node> &out, const char *key, Inherit v)
{
	if (v != Inherit::unset)
		out.push_back(kw(key, {v == Inherit::yes ? "on" : "off"}));
}

void text(std::vector<Node> &out, const char *key, const std::string &v)
{
	if (!v.empty())
		out.push_back(kw(key, {v}));
}

Node block(std::string key, std::vector<std::string> args, std::vector<Node> children)
{
	Node n = kw(std::move(key), std::move(args));
	n.children = std::move(children);
	n.block = true;
	return n;
}

Node value_block(std::string key, std::vector<std::vector<std::string>> lines)
{
	Node n = kw(std::move(key));
	n.block = true;
	n.values = true;
	for (auto &l : lines) {
		Node line;
		if (!l.empty()) {
			line.key = std::move(l.front());
			line.args.assign(std::make_move_iterator(l.begin() + 1), std::make_move_iterator(l.end()));
		}
		n.children.push_back(std::move(line));
	}
	return n;
}

Node setting(const Setting &s)
{
	return kw(s.name, s.args);
}

std::vector<std::string> script_args(const Script &s)
{
	std::vector<std::string> a{s.command};
	if (!s.user.empty())
		a.push_back(s.user);
	if (!s.group.empty())
		a.push_back(s.group);
	return a;
}

std::vector<Node> emit(const Config &cfg)
{
	std::vector<Node> out;
	emit_global(cfg, out);
	emit_vrrp(cfg, out);
	emit_lvs(cfg, out);
	return out;
}

// A word that would split or start a comment goes in double quotes; script
// command lines are split again with shell quoting, so quotes inside them
// survive as long as they are not double quotes.
std::string conf_word(const std::string &w)
{
	if (!w.empty() && w.find_first_of(" \t\"#!{}") == std::string::npos)
		return w;
	return "\"" + w + "\"";
}

namespace {

// Backslashes and quotes as escapes split_shell() reads back; octal, as
// \x would take the hex digits that follow along.
std::string shell_escaped(const std::string &w)
{
	std::string out;
	for (char ch : w) {
		if (ch == '\\')
			out += "\\\\";
		else if (ch == '"')
			out += "\\042";
		else if (ch == '\'')
			out += "\\047";
		else
			out += ch;
	}
	return out;
}

void write(std::string &out, const std::vector<Node> &nodes, int depth)
{
	for (const auto &n : nodes) {
		out.append(static_cast<size_t>(depth), '\t');
		out += n.key;
		for (const auto &a : n.args) {
			out += ' ';
			out += conf_word(n.shell ? shell_escaped(a) : a);
		}
		if (n.block) {
			out += n.key.empty() ? "{\n" : " {\n";
			write(out, n.children, depth + 1);
			out.append(static_cast<size_t>(depth), '\t');
			out += "}";
		}
		out += '\n';
	}
}

} // namespace

std::string to_conf(const std::vector<Node> &nodes)
{
	std::string out;
	write(out, nodes, 0);
	return out;
}

} // namespace lvs::config
