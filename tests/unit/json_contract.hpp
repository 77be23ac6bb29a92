// The JSON documents' contract as the manual pages write it (JSON OUTPUT in
// man/ipvsadm.8 and man/lvscli.8), read from the pages themselves so that
// they and the output cannot drift: a document's keys stand between
// `.\" json-keys NAME` and `.\" json-keys end`, each as `.B PATH` and a
// line `TYPE[ or null][, optional]: meaning`.
#pragma once

#include "core/file.hpp"
#include "core/json.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace json_contract {

using lvs::OrderedJson;

struct Key {
	size_t order;                // its place on the page
	std::set<std::string> types; // as OrderedJson::type_name() says them
	bool optional;
};
using Keys = std::map<std::string, Key>; // by path

inline Keys documented(const std::string &page, const std::string &document)
{
	auto text = lvs::read_file((std::filesystem::path(__FILE__).parent_path() / "../../man" / page).string());
	REQUIRE(text);
	std::istringstream in(*text);
	std::string line, path;
	bool inside = false;
	Keys keys;
	while (std::getline(in, line)) {
		if (line == ".\\\" json-keys " + document)
			inside = true;
		else if (line == ".\\\" json-keys end")
			inside = false;
		else if (inside && line.starts_with(".B "))
			path = line.substr(3);
		else if (inside && !path.empty()) {
			std::string type = line.substr(0, line.find(':'));
			Key k{keys.size(), {}, false};
			if (type.ends_with(", optional")) {
				k.optional = true;
				type.resize(type.size() - std::string(", optional").size());
			}
			if (type.ends_with(" or null")) {
				k.types.insert("null");
				type.resize(type.size() - std::string(" or null").size());
			}
			k.types.insert(type);
			keys.emplace(path, k);
			path.clear();
		}
	}
	REQUIRE_MESSAGE(!keys.empty(), "no keys for ", document, " in ", page);
	return keys;
}

// Each key of j where the page says, of a type it allows, in its order;
// each key the page gives an object there unless optional. seen: the paths met.
inline void walk(const Keys &keys, const OrderedJson &j, const std::string &path, std::set<std::string> &seen)
{
	// An array's objects are their keys; an array's other elements are
	// documented as NAME[].
	if (!path.empty() && !(j.is_object() && path.ends_with("[]"))) {
		seen.insert(path);
		auto k = keys.find(path);
		REQUIRE_MESSAGE(k != keys.end(), "not documented: ", path);
		CHECK_MESSAGE(k->second.types.count(j.type_name()), path, " is a ", j.type_name());
	}
	if (j.is_array())
		for (const auto &v : j)
			walk(keys, v, path + "[]", seen);
	if (!j.is_object())
		return;
	const std::string prefix = path.empty() ? "" : path + ".";
	for (const auto &[p, k] : keys)
		if (!k.optional && p.starts_with(prefix) && p.find_first_of(".[", prefix.size()) == std::string::npos)
			CHECK_MESSAGE(j.contains(p.substr(prefix.size())), "missing: ", p);
	size_t last = 0;
	for (const auto &[name, v] : j.items()) {
		const std::string key = prefix + name;
		walk(keys, v, key, seen);
		size_t order = keys.at(key).order;
		CHECK_MESSAGE(order >= last, key, " out of the page's order");
		last = order;
	}
}

// The lines a tool printed for one kind of document, held to the page's
// NAME: one line each, "schema_version": 1 first, every key and type as
// documented; and between them the samples show every key the page has.
inline void check(const std::string &page, const std::string &document, const std::vector<std::string> &lines)
{
	Keys keys = documented(page, document);
	std::set<std::string> seen;
	for (const auto &line : lines) {
		CAPTURE(line);
		REQUIRE(line.find('\n') == line.size() - 1);
		OrderedJson j = OrderedJson::parse(line);
		REQUIRE(j.is_object());
		CHECK(j.begin().key() == "schema_version");
		CHECK(j["schema_version"] == 1);
		walk(keys, j, "", seen);
	}
	for (const auto &[path, k] : keys)
		CHECK_MESSAGE(seen.count(path), "no sample of ", document, " has ", path);
}

} // namespace json_contract
