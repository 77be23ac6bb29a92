// Kernel modules as the kernel and depmod describe them: /proc/modules
// (what is loaded and which modules use it) and modules.dep (each module's
// file and the files it needs). Pure text in, plain data out; kernel.hpp
// reads the files and makes the syscalls.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lvs::kmod {

// One line of /proc/modules.
struct Loaded {
	std::string name;
	std::vector<std::string> users; // modules that depend on this one
};

std::vector<Loaded> parse_proc_modules(std::string_view text);

// The name the kernel gives the module in FILE: its basename without
// ".ko" (and a compression suffix), dashes as underscores.
std::string module_name(std::string_view file);

// The loaded modules among `names` and every module that uses them,
// directly or not, in an order in which each can be unloaded: users first.
std::vector<std::string> unload_order(const std::vector<Loaded> &loaded, const std::vector<std::string> &names);

// modules.dep by module name: the module's file and the files it needs,
// as written there (relative to the modules directory, or absolute).
struct DepEntry {
	std::string file;
	std::vector<std::string> needs;
};
using DepIndex = std::unordered_map<std::string, DepEntry>;

DepIndex parse_modules_dep(std::string_view text);

// The files to load for the module `name`, dependencies first, each once.
// Throws lvs::Error when modules.dep does not list it.
std::vector<std::string> load_order(const DepIndex &deps, const std::string &name);

} // namespace lvs::kmod
