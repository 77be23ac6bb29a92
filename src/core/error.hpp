// One exception type for the core: a message that is complete on its own
// (what failed and on what), printed as one line at the personality boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace lvs {

class Error : public std::runtime_error {
public:
	explicit Error(const std::string &what) : std::runtime_error(what) {}
};

} // namespace lvs
