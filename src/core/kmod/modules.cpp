#include "core/kmod/modules.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <functional>
#include <sstream>
#include <unordered_set>

namespace lvs::kmod {

namespace {

std::vector<std::string> split(std::string_view s, char sep)
{
	std::vector<std::string> out;
	size_t i = 0;
	while (i < s.size()) {
		size_t end = std::min(s.find(sep, i), s.size());
		if (end > i)
			out.emplace_back(s.substr(i, end - i));
		i = end + 1;
	}
	return out;
}

std::vector<std::string_view> lines(std::string_view text)
{
	std::vector<std::string_view> out;
	while (!text.empty()) {
		size_t end = std::min(text.find('\n'), text.size());
		out.push_back(text.substr(0, end));
		text.remove_prefix(std::min(end + 1, text.size()));
	}
	return out;
}

} // namespace

std::vector<Loaded> parse_proc_modules(std::string_view text)
{
	// "name size refcount users state address [taints]", users being
	// "-", or names each followed by a comma, or "[permanent],".
	std::vector<Loaded> out;
	for (std::string_view line : lines(text)) {
		std::istringstream in{std::string(line)};
		std::string name, size, refs, users;
		if (!(in >> name >> size >> refs >> users))
			continue;
		Loaded m{name, {}};
		for (auto &u : split(users, ','))
			if (u != "-" && u != "[permanent]")
				m.users.push_back(u);
		out.push_back(std::move(m));
	}
	return out;
}

std::string module_name(std::string_view file)
{
	file.remove_prefix(std::min(file.rfind('/') + 1, file.size()));
	file = file.substr(0, file.find(".ko"));
	std::string name(file);
	std::replace(name.begin(), name.end(), '-', '_');
	return name;
}

std::vector<std::string> unload_order(const std::vector<Loaded> &loaded, const std::vector<std::string> &names)
{
	std::unordered_map<std::string, const Loaded *> by_name;
	for (const auto &m : loaded)
		by_name[m.name] = &m;
	std::vector<std::string> order;
	std::unordered_set<std::string> seen;
	std::function<void(const std::string &)> visit = [&](const std::string &name) {
		auto it = by_name.find(name);
		if (it == by_name.end() || !seen.insert(name).second)
			return;
		for (const auto &user : it->second->users)
			visit(user);
		order.push_back(name);
	};
	for (const auto &name : names)
		visit(name);
	return order;
}

DepIndex parse_modules_dep(std::string_view text)
{
	// "file: needed-file needed-file ..."
	DepIndex index;
	for (std::string_view line : lines(text)) {
		size_t colon = line.find(':');
		if (colon == std::string_view::npos)
			continue;
		std::string file(line.substr(0, colon));
		std::istringstream in{std::string(line.substr(colon + 1))};
		DepEntry e{file, {}};
		for (std::string need; in >> need;)
			e.needs.push_back(need);
		index.emplace(module_name(file), std::move(e));
	}
	return index;
}

std::vector<std::string> load_order(const DepIndex &deps, const std::string &name)
{
	std::vector<std::string> order;
	std::unordered_set<std::string> seen;
	std::function<void(const std::string &, const std::string &)> visit = [&](const std::string &mod,
										   const std::string &needed_by) {
		if (!seen.insert(mod).second)
			return;
		auto it = deps.find(mod);
		if (it == deps.end())
			throw Error("module " + mod + (needed_by.empty() ? "" : " (needed by " + needed_by + ")") +
				    " is not in modules.dep: is it installed, and has depmod run?");
		for (const auto &need : it->second.needs)
			visit(module_name(need), mod);
		order.push_back(it->second.file);
	};
	visit(name, "");
	return order;
}

} // namespace lvs::kmod
