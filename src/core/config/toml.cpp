#include "core/config/toml.hpp"

#include "core/config/emit.hpp"
#include "core/config/keywords.hpp"

#include <algorithm>
#include <map>
#include <sstream>
#include <toml++/toml.h>

namespace lvs::config {

namespace {

// ------------------------------------------------------------------ write

bool integer_like(const std::string &s)
{
	return !s.empty() && s.size() < 18 && s.find_first_not_of("0123456789") == std::string::npos &&
	       (s == "0" || s[0] != '0');
}

void push_scalar(toml::array &a, const std::string &s)
{
	if (integer_like(s))
		a.push_back(std::stoll(s));
	else
		a.push_back(s);
}

toml::array strings(const std::vector<std::string> &v)
{
	toml::array a;
	for (const auto &s : v)
		a.push_back(s);
	return a;
}

std::string line_text(const Node &line)
{
	std::string s = conf_word(line.key);
	for (const auto &a : line.args)
		s += " " + conf_word(a);
	return s;
}

toml::array *array_at(toml::table &t, const std::string &key)
{
	if (!t.contains(key))
		t.insert(key, toml::array{});
	return t[key].as_array();
}

void put(toml::table &t, const std::vector<Node> &nodes);

void put_plain(toml::table &t, const std::string &key, const std::vector<const Node *> &same)
{
	auto value = [](const Node &n) -> toml::array {
		toml::array a;
		for (const auto &s : n.args)
			push_scalar(a, s);
		return a;
	};
	if (same.size() > 1) {
		toml::array all;
		for (const Node *n : same)
			all.push_back(value(*n));
		t.insert(key, std::move(all));
		return;
	}
	const Node &n = *same.front();
	if (n.args.empty())
		t.insert(key, true);
	else if (n.args.size() == 1 && integer_like(n.args[0]))
		t.insert(key, std::stoll(n.args[0]));
	else if (n.args.size() == 1)
		t.insert(key, n.args[0]);
	else
		t.insert(key, value(n));
}

void put_block(toml::table &t, const Node &n)
{
	if (n.values) {
		toml::array lines;
		for (const auto &l : n.children)
			lines.push_back(line_text(l));
		if (n.args.empty()) {
			t.insert(n.key, std::move(lines));
			return;
		}
		toml::table sub{{"_args", strings(n.args)}, {"_lines", std::move(lines)}};
		array_at(t, n.key)->push_back(std::move(sub));
		return;
	}
	toml::table sub;
	if (!n.args.empty())
		sub.insert("_args", strings(n.args));
	put(sub, n.children);
	array_at(t, n.key)->push_back(std::move(sub));
}

void put(toml::table &t, const std::vector<Node> &nodes)
{
	std::map<std::string, std::vector<const Node *>> plain;
	for (const auto &n : nodes)
		if (n.block)
			put_block(t, n);
		else
			plain[n.key].push_back(&n);
	for (const auto &[key, same] : plain)
		put_plain(t, key, same);
}

// ------------------------------------------------------------------- read

// Blocks others refer to by name come before the blocks that refer to
// them; TOML tables have no order of their own.
int rank(std::string_view key)
{
	static constexpr std::string_view order[] = {
		"global_defs",	    "local_address_group", "LVS_VXLAN_PARAM", "SSL",	       "track_file",
		"vrrp_track_file",  "vrrp_track_process",  "vrrp_script",     "bfd_instance",  "track_group",
		"garp_group",	    "vrrp_instance",	   "vrrp_sync_group", "virtual_server_group",
		"virtual_server"};
	auto it = std::find(std::begin(order), std::end(order), key);
	return it == std::end(order) ? 0 : 1 + static_cast<int>(it - std::begin(order));
}

class Reader {
public:
	Reader(const StmtSink &sink, uint32_t file) : sink_(sink), file_(file) {}

	void table(const toml::table &t, const Block &block, bool top);

private:
	Loc loc(const toml::node &n) const
	{
		return {file_, static_cast<uint32_t>(n.source().begin.line)};
	}
	void statement(Loc loc, std::vector<std::string> words);
	void brace(Loc loc, Stmt::Kind kind);
	void plain(const std::string &key, const toml::node &v);
	void value_block(const std::string &key, const toml::node &v);
	void keyword_block(const std::string &key, const toml::node &v, const Block &sub);
	static std::vector<std::string> scalars(const toml::node &v);
	static std::vector<std::string> split(std::string_view line);

	const StmtSink &sink_;
	uint32_t file_;
};

std::vector<std::string> Reader::scalars(const toml::node &v)
{
	std::vector<std::string> out;
	auto one = [&](const toml::node &n) {
		if (auto s = n.value<std::string>())
			out.push_back(*s);
		else if (auto i = n.value<int64_t>())
			out.push_back(std::to_string(*i));
		else if (auto d = n.value<double>()) {
			std::ostringstream os;
			os.precision(6);
			os << std::fixed << *d;
			out.push_back(os.str());
		} else if (auto b = n.value<bool>())
			out.push_back(*b ? "on" : "off");
	};
	if (const toml::array *a = v.as_array())
		for (const auto &e : *a)
			one(e);
	else
		one(v);
	return out;
}

// A value line: blank-separated words, "..." keeps blanks in one word.
std::vector<std::string> Reader::split(std::string_view line)
{
	std::vector<std::string> out;
	size_t i = 0;
	while (i < line.size()) {
		if (line[i] == ' ' || line[i] == '\t') {
			++i;
			continue;
		}
		size_t end;
		if (line[i] == '"') {
			end = line.find('"', i + 1);
			out.emplace_back(line.substr(i + 1, end - i - 1));
			i = end == std::string_view::npos ? line.size() : end + 1;
			continue;
		}
		end = line.find_first_of(" \t", i);
		out.emplace_back(line.substr(i, end - i));
		i = end == std::string_view::npos ? line.size() : end;
	}
	return out;
}

void Reader::statement(Loc loc, std::vector<std::string> words)
{
	std::string raw;
	for (const auto &w : words) {
		if (!raw.empty())
			raw += ' ';
		bool quote = w.empty() || w.find_first_of(" \t'\"\\") != std::string::npos;
		if (!quote) {
			raw += w;
			continue;
		}
		raw += '"';
		for (char c : w) {
			if (c == '"' || c == '\\')
				raw += '\\';
			raw += c;
		}
		raw += '"';
	}
	std::vector<std::string_view> views(words.begin(), words.end());
	Stmt s;
	s.loc = loc;
	s.words = views;
	s.raw = raw;
	sink_(s);
}

void Reader::brace(Loc loc, Stmt::Kind kind)
{
	Stmt s;
	s.kind = kind;
	s.loc = loc;
	sink_(s);
}

void Reader::plain(const std::string &key, const toml::node &v)
{
	if (auto b = v.value<bool>(); b && v.is_boolean()) {
		if (*b)
			statement(loc(v), {key});
		return;
	}
	const toml::array *a = v.as_array();
	if (a && !a->empty() && a->front().is_array()) {
		for (const auto &e : *a)
			plain(key, e);
		return;
	}
	std::vector<std::string> words{key};
	for (auto &w : scalars(v))
		words.push_back(std::move(w));
	statement(loc(v), std::move(words));
}

void Reader::value_block(const std::string &key, const toml::node &v)
{
	auto one = [&](const toml::node &lines, std::vector<std::string> head, Loc at) {
		statement(at, std::move(head));
		brace(at, Stmt::Kind::open);
		if (const toml::array *a = lines.as_array())
			for (const auto &l : *a)
				if (auto s = l.value<std::string>(); s && !split(*s).empty())
					statement(loc(l), split(*s));
		brace(at, Stmt::Kind::close);
	};
	const toml::array *a = v.as_array();
	if (a && (a->empty() || !a->front().is_table())) {
		one(v, {key}, loc(v));
		return;
	}
	auto each = [&](const toml::table &t) {
		std::vector<std::string> head{key};
		if (const toml::node *args = t.get("_args"))
			for (auto &w : scalars(*args))
				head.push_back(std::move(w));
		static const toml::array no_lines;
		const toml::node *lines = t.get("_lines");
		one(lines ? *lines : no_lines, head, loc(t));
	};
	if (a)
		for (const auto &e : *a) {
			if (const toml::table *t = e.as_table())
				each(*t);
		}
	else if (const toml::table *t = v.as_table())
		each(*t);
}

void Reader::keyword_block(const std::string &key, const toml::node &v, const Block &sub)
{
	auto each = [&](const toml::table &t) {
		std::vector<std::string> head{key};
		if (const toml::node *args = t.get("_args"))
			for (auto &w : scalars(*args))
				head.push_back(std::move(w));
		Loc at = loc(t);
		statement(at, std::move(head));
		brace(at, Stmt::Kind::open);
		table(t, sub, false);
		brace(at, Stmt::Kind::close);
	};
	if (const toml::array *a = v.as_array()) {
		for (const auto &e : *a)
			if (const toml::table *t = e.as_table())
				each(*t);
	} else if (const toml::table *t = v.as_table()) {
		each(*t);
	}
}

void Reader::table(const toml::table &t, const Block &block, bool top)
{
	struct Entry {
		int order;
		std::string key;
		const toml::node *value;
		const Keyword *k;
	};
	std::vector<Entry> entries;
	for (const auto &[key, value] : t) {
		std::string k(key.str());
		if (k == "_args")
			continue;
		const Keyword *kw = find_keyword(block, k);
		int order = kw && kw->block ? 100 + (top ? rank(k) : 0) : 0;
		entries.push_back({order, std::move(k), &value, kw});
	}
	std::stable_sort(entries.begin(), entries.end(),
			 [](const Entry &a, const Entry &b) { return a.order < b.order; });
	for (const auto &e : entries) {
		if (!e.k || !e.k->block)
			plain(e.key, *e.value);
		else if (e.k->block->values)
			value_block(e.key, *e.value);
		else
			keyword_block(e.key, *e.value, *e.k->block);
	}
}

} // namespace

std::string to_toml(const Config &cfg)
{
	toml::table root;
	put(root, emit(cfg));
	std::ostringstream os;
	os << root << "\n";
	return os.str();
}

bool read_toml(const std::string &path, const StmtSink &sink, Diagnostics &diags)
{
	toml::table doc;
	uint32_t file = diags.add_file(path);
	try {
		doc = toml::parse_file(path);
	} catch (const toml::parse_error &e) {
		bool missing = e.source().begin.line == 0;
		diags.report(missing ? Level::file_not_found : Level::general,
			     {file, static_cast<uint32_t>(e.source().begin.line)},
			     std::string(missing ? "Unable to read configuration file " + path + ": " : "") +
				     std::string(e.description()));
		return !missing;
	}
	Reader(sink, file).table(doc, root_block(), true);
	return true;
}

} // namespace lvs::config
