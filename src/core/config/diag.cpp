#include "core/config/diag.hpp"

namespace lvs::config {

uint32_t Diagnostics::add_file(std::string name)
{
	files_.push_back(std::move(name));
	return static_cast<uint32_t>(files_.size() - 1);
}

void Diagnostics::report(Level level, Loc loc, std::string text)
{
	if (level > worst_)
		worst_ = level;
	diags_.push_back({level, loc, std::move(text)});
}

int Diagnostics::exit_status() const
{
	switch (worst_) {
	case Level::note:
		return kExitOk;
	case Level::file_not_found:
	case Level::bad_interface:
		return kExitConfigFatal;
	case Level::security:
		return kExitSecurity;
	default:
		return kExitConfigError;
	}
}

std::string Diagnostics::format(const Diag &d) const
{
	if (d.loc.line == 0)
		return d.text;
	return "(" + files_[d.loc.file] + ": Line " + std::to_string(d.loc.line) + ") " + d.text;
}

} // namespace lvs::config
