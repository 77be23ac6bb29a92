#include "ipvs-switch/settings.hpp"

#include "core/error.hpp"
#include "core/file.hpp"

#include <cerrno>
#include <cstring>
#include <sys/utsname.h>
#include <toml++/toml.h>

namespace lvs::ipvs_switch {

namespace {

class Reader {
public:
	explicit Reader(const std::string &file) : file_(file) {}

	[[noreturn]] void fail(const toml::node &at, const std::string &what) const
	{
		throw Error(file_ + ":" + std::to_string(at.source().begin.line) + ": " + what);
	}

	std::string string(const toml::node &v, const std::string &key) const
	{
		if (!v.is_string())
			fail(v, key + " must be a string");
		return std::string(**v.as_string());
	}

	// An array of non-empty strings; `allow_empty` for an empty array.
	std::vector<std::string> strings(const toml::node &v, const std::string &key, bool allow_empty) const
	{
		const toml::array *a = v.as_array();
		if (!a)
			fail(v, key + " must be an array of strings");
		std::vector<std::string> out;
		for (const auto &item : *a) {
			out.push_back(string(item, key + "'s items"));
			if (out.back().empty())
				fail(item, key + " has an empty item");
		}
		if (out.empty() && !allow_empty)
			fail(v, key + " must name at least one module");
		return out;
	}

	const toml::table &table(const toml::node &v, const std::string &key) const
	{
		if (!v.is_table())
			fail(v, "[" + key + "] must be a table");
		return *v.as_table();
	}

	void mode(const toml::node &v, const std::string &name, std::vector<std::string> &modules) const
	{
		for (const auto &[key, value] : table(v, name)) {
			if (key.str() != "modules")
				fail(value, "unknown key '" + std::string(key.str()) + "' in [" + name + "]");
			modules = strings(value, name + ".modules", false);
		}
	}

private:
	std::string file_;
};

std::string kernel_release()
{
	utsname u{};
	uname(&u);
	return u.release;
}

} // namespace

Settings parse_settings(std::string_view text, const std::string &file, const std::string &release)
{
	toml::table doc;
	try {
		doc = toml::parse(text, file);
	} catch (const toml::parse_error &e) {
		throw Error(file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
	}
	Reader r(file);
	Settings s;
	s.module_dir = "/lib/modules/" + release;
	for (const auto &[key, value] : doc) {
		std::string k(key.str());
		if (k == "module_dir")
			s.module_dir = r.string(value, k);
		else if (k == "depmod")
			s.depmod = r.strings(value, k, true);
		else if (k == "orig")
			r.mode(value, k, s.orig);
		else if (k == "fnat")
			r.mode(value, k, s.fnat);
		else if (k == "params")
			for (const auto &[module, p] : r.table(value, k))
				s.params[std::string(module.str())] = r.string(p, "params." + std::string(module.str()));
		else
			r.fail(value, "unknown key '" + k + "'");
	}
	return s;
}

Settings load_settings(const std::string &file, bool named)
{
	auto text = read_file(file);
	if (!text && named)
		throw Error(file + ": " + std::strerror(ENOENT));
	return parse_settings(text ? *text : "", file, kernel_release());
}

} // namespace lvs::ipvs_switch
