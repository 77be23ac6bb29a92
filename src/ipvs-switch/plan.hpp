// What a switch does, worked out from the loaded modules and the
// settings before anything is touched: the mode now, the modules to
// unload and to load, and the lines that report each step.
#pragma once

#include "core/kmod/modules.hpp"
#include "ipvs-switch/settings.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::ipvs_switch {

enum class Mode { none, orig, fnat };

// "orig" or "fnat", as on the command line; nullopt for anything else.
std::optional<Mode> parse_mode(std::string_view word);
std::string_view mode_name(Mode mode); // "none", "orig", "fnat"

// The mode the loaded modules make: the first module of a mode's list
// decides (the full-NAT one first, should both ever be loaded).
Mode current_mode(const std::vector<kmod::Loaded> &loaded, const Settings &settings);

struct Plan {
	std::vector<std::string> unload; // every module of both modes and their users, users first
	std::vector<std::string> load;   // the target mode's modules, in order
};

// Both modes' modules go, whatever is loaded now: switching to the mode
// already set reloads it (after an upgrade of the module, say).
Plan plan(const std::vector<kmod::Loaded> &loaded, Mode target, const Settings &settings);

// The step lines, word for word as the EulerOS guide (§2.2) shows them.
struct Words {
	std::string_view clear, rmmod, depmod, modprobe, done;
};
const Words &words(Mode target);

} // namespace lvs::ipvs_switch
