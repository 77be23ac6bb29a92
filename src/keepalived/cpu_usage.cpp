#include "keepalived/cpu_usage.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

namespace lvs::keepalived {

namespace {

// keepalived's "%ld.%6.6ld".
std::string seconds(const timeval &t)
{
	return fmt::format("{}.{:06}", t.tv_sec, t.tv_usec);
}

} // namespace

std::string cpu_usage(Process p)
{
	rusage self{}, children{};
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	switch (p) {
	case Process::parent:
		return fmt::format("CPU usage (self/children) user: {}/{} system: {}/{}", seconds(self.ru_utime),
				   seconds(children.ru_utime), seconds(self.ru_stime), seconds(children.ru_stime));
	case Process::checkers:
		return fmt::format("Stopped - used (self/children) {}/{} user time, {}/{} system time",
				   seconds(self.ru_utime), seconds(children.ru_utime), seconds(self.ru_stime),
				   seconds(children.ru_stime));
	case Process::vrrp:
		break;
	}
	return fmt::format("Stopped - used {} user time, {} system time", seconds(self.ru_utime),
			   seconds(self.ru_stime));
}

} // namespace lvs::keepalived
