#include "ipvs-switch/switch.hpp"

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/ipvs/client.hpp"
#include "core/kmod/kernel.hpp"
#include "ipvs-switch/guard.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <linux/ip_vs.h>
#include <optional>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lvs::ipvs_switch {

namespace {

void say(std::FILE *out, std::string_view line)
{
	std::fprintf(out, "%.*s\n", static_cast<int>(line.size()), line.data());
	std::fflush(out);
}

// Connections a sync daemon sends or receives belong to the module being
// unloaded; the daemon must be stopped by whoever started it.
void refuse_sync_daemon(ipvs::Client &ipvs)
{
	for (const auto &d : ipvs.daemons()) {
		const char *state = d.state == IP_VS_STATE_MASTER ? "master" : "backup";
		throw Error(std::string("the IPVS sync daemon is running (") + state + ", syncid " +
			    std::to_string(d.syncid) + "); stop it first: ipvsadm --stop-daemon " + state);
	}
}

// The depmod command with its program found in PATH, looked up before
// anything is unloaded: a switch should not stop half way for a typo.
std::vector<std::string> resolve_depmod(std::vector<std::string> command)
{
	if (command.empty() || command[0].find('/') != std::string::npos)
		return command;
	const char *path = std::getenv("PATH");
	std::string_view dirs = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
	while (!dirs.empty()) {
		size_t end = std::min(dirs.find(':'), dirs.size());
		std::string candidate = std::string(dirs.substr(0, end)) + "/" + command[0];
		if (end > 0 && access(candidate.c_str(), X_OK) == 0) {
			command[0] = candidate;
			return command;
		}
		dirs.remove_prefix(std::min(end + 1, dirs.size()));
	}
	throw Error("cannot find " + command[0] + " in PATH (depmod = [] in the settings skips it)");
}

void run(const std::vector<std::string> &command)
{
	if (command.empty())
		return;
	std::vector<char *> argv;
	for (const auto &word : command)
		argv.push_back(const_cast<char *>(word.c_str()));
	argv.push_back(nullptr);
	pid_t pid;
	if (int err = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ))
		throw Error("cannot run " + command[0] + ": " + std::strerror(err));
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		throw Error(command[0] + " failed (status " + std::to_string(status) + ")");
}

void load_modules(const Settings &settings, const std::vector<std::string> &modules)
{
	std::string dep_file = settings.module_dir + "/modules.dep";
	auto text = read_file(dep_file);
	if (!text)
		throw Error("no " + dep_file + ": run depmod, or set module_dir");
	kmod::DepIndex deps = kmod::parse_modules_dep(*text);
	for (const auto &module : modules)
		for (const auto &file : kmod::load_order(deps, module)) {
			auto p = settings.params.find(kmod::module_name(file));
			kmod::load(file.starts_with('/') ? file : settings.module_dir + "/" + file,
				   p == settings.params.end() ? "" : p->second);
		}
}

} // namespace

void switch_to(Mode target, const Settings &settings, std::FILE *out)
{
	SwitchLock lock(kLockFile);
	if (pid_t pid = find_keepalived())
		throw Error("keepalived is still running (pid " + std::to_string(pid) + "); stop it first");
	auto depmod = resolve_depmod(settings.depmod);
	auto loaded = kmod::loaded_modules();
	std::optional<ipvs::Client> ipvs;
	if (current_mode(loaded, settings) != Mode::none) {
		ipvs.emplace();
		refuse_sync_daemon(*ipvs);
	}

	const Words &w = words(target);
	say(out, w.clear);
	if (ipvs) {
		ipvs->execute(ipvs::op::Flush{});
	}
	ipvs.reset(); // the socket must not outlive the family

	Plan p = plan(loaded, target, settings);
	say(out, w.rmmod);
	for (const auto &module : p.unload)
		kmod::unload(module);
	try {
		say(out, w.depmod);
		run(depmod);
		say(out, w.modprobe);
		load_modules(settings, p.load);
	} catch (const Error &e) {
		throw Error(std::string(e.what()) + "; no IPVS module is loaded now: fix that and switch again");
	}
	say(out, w.done);
}

} // namespace lvs::ipvs_switch
