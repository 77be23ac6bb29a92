#include "ipvs-switch/plan.hpp"

#include <algorithm>

namespace lvs::ipvs_switch {

namespace {

bool is_loaded(const std::vector<kmod::Loaded> &loaded, const std::string &name)
{
	return std::any_of(loaded.begin(), loaded.end(), [&](const kmod::Loaded &m) { return m.name == name; });
}

} // namespace

std::optional<Mode> parse_mode(std::string_view word)
{
	if (word == "orig")
		return Mode::orig;
	if (word == "fnat")
		return Mode::fnat;
	return std::nullopt;
}

std::string_view mode_name(Mode mode)
{
	switch (mode) {
	case Mode::orig:
		return "orig";
	case Mode::fnat:
		return "fnat";
	case Mode::none:
		break;
	}
	return "none";
}

Mode current_mode(const std::vector<kmod::Loaded> &loaded, const Settings &settings)
{
	if (is_loaded(loaded, settings.fnat.front()))
		return Mode::fnat;
	if (is_loaded(loaded, settings.orig.front()))
		return Mode::orig;
	return Mode::none;
}

Plan plan(const std::vector<kmod::Loaded> &loaded, Mode target, const Settings &settings)
{
	std::vector<std::string> both = settings.fnat;
	both.insert(both.end(), settings.orig.begin(), settings.orig.end());
	return {kmod::unload_order(loaded, both), target == Mode::fnat ? settings.fnat : settings.orig};
}

const Words &words(Mode target)
{
	// The guide's own (uneven) wording, since scripts may look for it.
	static const Words orig{"Clear ipvs tables", "rmmod ip_vs", "doing depmod", "modprobe ip_vs",
				"switch to original mode successfully"};
	static const Words fnat{"Clear ip_vs tables", "rmmod ip_vs modules", "doing depmod",
				"modprobe ip_vs modules", "switch to fnat mode successfully"};
	return target == Mode::fnat ? fnat : orig;
}

} // namespace lvs::ipvs_switch
