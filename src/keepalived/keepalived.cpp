// keepalived's command line: -t checks a config in keepalived's words and
// exit statuses, -d (--dump-conf=toml) dumps the effective model, and
// anything else runs the daemon (parent.cpp, checker.cpp).
#include "keepalived/keepalived.hpp"

#include "core/config/emit.hpp"
#include "core/config/load.hpp"
#include "core/config/toml.hpp"
#include "keepalived/options.hpp"
#include "keepalived/parent.hpp"
#include "keepalived/state_dir.hpp"

#include <cstdio>
#include <string>

namespace lvs::keepalived {

namespace {

int check(const Settings &s)
{
	config::Loaded loaded = config::load_file(s.file, s.load);
	if (loaded.read)
		read_state_dir(s.rpc_state_dir, loaded, s.load);
	std::FILE *log = stderr;
	if (!s.test_log.empty() && !(log = std::fopen(s.test_log.c_str(), "we"))) {
		std::perror(s.test_log.c_str());
		return config::kExitConfigFatal;
	}
	for (const auto &d : loaded.diags.all())
		std::fprintf(log, "%s\n", loaded.diags.format(d).c_str());
	if (log != stderr)
		std::fclose(log);
	if (s.dump) {
		std::string text = s.dump_toml ? config::to_toml(loaded.config) : config::to_conf(config::emit(loaded.config));
		std::fwrite(text.data(), 1, text.size(), stdout);
	}
	if (!loaded.read)
		return config::kExitConfigFatal;
	return loaded.diags.exit_status();
}

} // namespace

int keepalived_main(int argc, char **argv)
{
	Settings settings;
	if (int status = parse_options(argc, argv, settings); status >= 0)
		return status;
	if (settings.test || settings.dump)
		return check(settings);
	return run_daemon(settings);
}

} // namespace lvs::keepalived
