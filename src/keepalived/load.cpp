#include "keepalived/load.hpp"

#include "core/config/load.hpp"
#include "core/sys/log.hpp"
#include "keepalived/state_dir.hpp"

#include <chrono>
#include <sys/stat.h>
#include <thread>
#include <time.h>

namespace lvs::keepalived {

namespace {

constexpr int kReadAttempts = 3;

// Whether a file of the load was modified at or after `start`. Both
// times come from the kernel's coarse clock, which stamps file times.
bool changed_since(const config::Diagnostics &diags, const timespec &start)
{
	for (uint32_t i = 1; i < diags.file_count(); i++) {
		struct stat st;
		if (::stat(diags.file(i).c_str(), &st) != 0)
			return true; // gone: it is being replaced
		const timespec &m = st.st_mtim;
		if (m.tv_sec > start.tv_sec || (m.tv_sec == start.tv_sec && m.tv_nsec >= start.tv_nsec))
			return true;
	}
	return false;
}

bool structural(config::Level level)
{
	using config::Level;
	switch (level) {
	case Level::file_not_found:
	case Level::unexpected_open:
	case Level::missing_open:
	case Level::unexpected_close:
	case Level::missing_close:
	case Level::unmatched_quote:
		return true;
	default:
		return false;
	}
}

} // namespace

const config::Setting *setting(const config::Config &cfg, const char *name)
{
	for (const auto &s : cfg.global.other)
		if (s.name == name)
			return &s;
	return nullptr;
}

std::optional<config::Config> load_config(const Settings &settings)
{
	config::Loaded loaded;
	for (int attempt = 1;; attempt++) {
		timespec start;
		clock_gettime(CLOCK_REALTIME_COARSE, &start);
		loaded = config::load_file(settings.file, settings.load);
		if (attempt == kReadAttempts || !loaded.read || !changed_since(loaded.diags, start))
			break;
		sys::log(LOG_INFO, "Configuration changed while it was read - reading it again");
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	}
	// The services lvscli added follow; a broken one of those is left
	// out, never a reason to refuse keepalived.conf.
	size_t root_diags = loaded.diags.all().size();
	bool root_failed = loaded.diags.failed();
	if (loaded.read)
		read_state_dir(settings.rpc_state_dir, loaded, settings.load);
	for (uint32_t i = 1; i < loaded.diags.file_count(); i++)
		sys::log_detail("Opening file '" + loaded.diags.file(i) + "'.");
	bool bad = !loaded.read;
	for (size_t i = 0; i < loaded.diags.all().size(); i++) {
		const config::Diag &d = loaded.diags.all()[i];
		sys::log(LOG_INFO, loaded.diags.format(d));
		bad |= i < root_diags && structural(d.level);
	}
	if (!bad && root_failed && setting(loaded.config, "reload_check_config")) {
		sys::log(LOG_INFO, "reload_check_config: the configuration has errors");
		bad = true;
	}
	if (bad) {
		sys::log(LOG_ERR, "Configuration " + settings.file + " not usable - nothing changed");
		return std::nullopt;
	}
	return std::move(loaded.config);
}

} // namespace lvs::keepalived
