#include "core/sys/log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace lvs::sys {

namespace {

LogOptions current;
std::FILE *file = nullptr;

// "Mon Jan  2 15:04:05 2006: ", keepalived's console and file prefix.
std::string stamp()
{
	std::time_t now = std::time(nullptr);
	char buf[64];
	std::strftime(buf, sizeof buf, "%a %b %e %H:%M:%S %Y", std::localtime(&now));
	return buf;
}

} // namespace

void open_log(const LogOptions &options)
{
	current = options;
	closelog();
	if (current.syslog)
		openlog(current.ident.c_str(), LOG_PID | LOG_NDELAY, current.facility);
	if (file)
		std::fclose(file);
	file = current.file.empty() ? nullptr : std::fopen(current.file.c_str(), "ae");
}

void log(int priority, const std::string &text)
{
	if (current.syslog)
		syslog(priority, "%s", text.c_str());
	if (!current.console && !file)
		return;
	std::string line = stamp() + ": " + current.ident + "[" + std::to_string(getpid()) + "]: " + text + "\n";
	if (current.console)
		std::fputs(line.c_str(), stderr);
	if (file) {
		std::fputs(line.c_str(), file);
		std::fflush(file);
	}
}

void log_detail(const std::string &text)
{
	if (current.detail)
		log(LOG_INFO, text);
}

int log_facility(const std::string &name)
{
	static const struct {
		const char *name;
		int facility;
	} kNames[] = {{"daemon", LOG_DAEMON}, {"user", LOG_USER},     {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},
		      {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3}, {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
		      {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7}};
	if (name.size() == 1 && name[0] >= '0' && name[0] <= '7')
		return LOG_LOCAL0 + ((name[0] - '0') << 3);
	for (const auto &n : kNames)
		if (name == n.name)
			return n.facility;
	return -1;
}

} // namespace lvs::sys
