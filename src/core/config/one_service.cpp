#include "core/config/one_service.hpp"

#include <string>

namespace lvs::config {

bool OneService::admit(const Stmt &s)
{
	std::string_view kw = s.words[0];
	if (kw != "virtual_server") {
		diags_.report(Level::general, s.loc,
			      "'" + std::string(kw) + "' is not allowed here: give one virtual_server, " +
				      "and keep the rest in keepalived.conf");
		return false;
	}
	if (s.words.size() > 1 && (s.words[1] == "group" || s.words[1] == "fwmark")) {
		diags_.report(Level::general, s.loc,
			      "virtual_server " + std::string(s.words[1]) +
				      " is not supported here: give one address and port");
		return false;
	}
	if (first_.line) {
		diags_.report(Level::general, s.loc,
			      "one virtual_server per call; the first is at line " + std::to_string(first_.line));
		return false;
	}
	first_ = s.loc;
	return true;
}

void OneService::feed(const Stmt &s)
{
	if (skipping_) {
		skipping_ += s.kind == Stmt::Kind::open ? 1 : s.kind == Stmt::Kind::close ? -1 : 0;
		return;
	}
	if (refused_) {
		refused_ = false;
		if (s.kind == Stmt::Kind::open) {
			skipping_ = 1;
			return;
		}
	}
	if (depth_ == 0 && s.kind == Stmt::Kind::words && !admit(s)) {
		refused_ = true;
		return;
	}
	if (s.kind == Stmt::Kind::open)
		depth_++;
	else if (s.kind == Stmt::Kind::close && depth_ > 0)
		depth_--;
	next_(s);
}

void OneService::finish()
{
	if (!first_.line)
		diags_.report(Level::general, {}, "no virtual_server given");
}

} // namespace lvs::config
