#include "core/config/inert.hpp"

#include <algorithm>
#include <string>

namespace lvs::config {

bool inert_applies(const Inert &in, std::string_view first)
{
	if (!in.values.empty())
		return std::ranges::find(in.values, first) != in.values.end();
	return in.arg.empty() || !first.empty();
}

void note_inert(Diagnostics &diags, Loc loc, std::string_view keyword, std::string_view first, const Inert &in)
{
	if (!inert_applies(in, first))
		return;
	std::string what(keyword);
	if (!in.values.empty() || !in.arg.empty())
		what += " " + std::string(first);
	diags.report(Level::note, loc,
		     what + " is accepted but not acted upon by this keepalived (" + std::string(in.why) + ")");
}

} // namespace lvs::config
