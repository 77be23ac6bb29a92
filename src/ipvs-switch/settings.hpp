// ipvs-switch's settings: which modules make each mode and where they
// are. A small TOML file; every key has a default, and the default file
// not existing means all defaults.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::ipvs_switch {

inline constexpr const char *kSettingsFile = "/etc/lvsbox/ipvs-switch.toml";

struct Settings {
	std::string module_dir;                      // holds modules.dep; default /lib/modules/RELEASE
	std::vector<std::string> depmod{"depmod"};   // run before loading (found in PATH); empty: skip
	std::vector<std::string> orig{"ip_vs"};      // the stock IPVS
	std::vector<std::string> fnat{"ip_vs_fnat"}; // the full-NAT replacement (kmod/fnat)
	std::map<std::string, std::string> params;   // module name -> "name=value ..."
};

// Settings from TOML text; `file` names it in errors ("FILE:LINE: ...")
// and `release` is the running kernel's (uname -r), for the defaults.
// Throws lvs::Error on bad syntax, unknown keys and wrong types.
Settings parse_settings(std::string_view text, const std::string &file, const std::string &release);

// The settings in `file` for the running kernel. When the file does not
// exist: the defaults, unless the user named it (-c), who would otherwise
// get them for a typo; then lvs::Error naming it.
Settings load_settings(const std::string &file, bool named);

} // namespace lvs::ipvs_switch
