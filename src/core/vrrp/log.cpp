#include "core/vrrp/log.hpp"

#include <syslog.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>

namespace lvs::vrrp {

namespace {
bool g_console = true;
}

void open_log(bool console)
{
	g_console = console;
	openlog("Keepalived_vrrp", LOG_PID, LOG_DAEMON);
}

void log(const std::string &line)
{
	syslog(LOG_INFO, "%s", line.c_str());
	if (!g_console)
		return;
	char when[64];
	std::time_t t = std::time(nullptr);
	std::tm tm{};
	std::strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", localtime_r(&t, &tm));
	std::fprintf(stderr, "%s: Keepalived_vrrp[%d]: %s\n", when, static_cast<int>(getpid()), line.c_str());
}

} // namespace lvs::vrrp
