// A generic-netlink socket bound to one family: the only way the suite
// talks to the kernel's (or our module's) IPVS control plane. One per process.
#pragma once

#include "core/error.hpp"

#include <memory>
#include <string>

struct nl_sock;

namespace lvs::netlink {

// The kernel does not know a family (e.g. "IPVS" before ip_vs is loaded):
// apart from other errors, for its users to say how to get it.
class FamilyNotFound : public Error {
public:
	using Error::Error;
};

class GenlSocket {
public:
	// Connects and resolves `family`; throws FamilyNotFound naming the
	// family when the kernel does not know it, lvs::Error on other failures.
	explicit GenlSocket(const std::string &family);

	int family_id() const { return family_id_; }
	const std::string &family() const { return family_; }
	nl_sock *get() const { return sock_.get(); }

private:
	struct Free {
		void operator()(nl_sock *s) const;
	};
	std::unique_ptr<nl_sock, Free> sock_;
	std::string family_;
	int family_id_ = 0;
};

} // namespace lvs::netlink
