// Script security, as keepalived 2.2.7 checks it: scripts configured
// without enable_script_security are a security error (-t exits 6); with
// it, a script needs a user to run as (its own, script_user, or the
// keepalived_script account). Only scripts that exist count: keepalived
// disables the others (and for vrrp_script, says so as an error).
#include "core/config/validate.hpp"

#include <cstdlib>
#include <pwd.h>
#include <sys/stat.h>

namespace lvs::config {

namespace {

struct Scripts {
	std::vector<const Script *> checker, vrrp;
};

void add(std::vector<const Script *> &to, const std::unique_ptr<Script> &s)
{
	if (s && !s->command.empty())
		to.push_back(s.get());
}

void add(std::vector<const Script *> &to, const std::optional<Script> &s)
{
	if (s && !s->command.empty())
		to.push_back(&*s);
}

void notify(std::vector<const Script *> &to, const VrrpNotify &n)
{
	for (auto *s : {&n.master, &n.backup, &n.fault, &n.stop, &n.deleted, &n.any, &n.master_rx_lower_pri})
		add(to, *s);
}

Scripts collect(const Config &cfg)
{
	Scripts out;
	for (const auto &vs : cfg.virtual_servers) {
		add(out.checker, peek(vs.rare).quorum_up);
		add(out.checker, peek(vs.rare).quorum_down);
		for (const auto &rs : vs.real_servers) {
			add(out.checker, peek(rs.rare).notify_up);
			add(out.checker, peek(rs.rare).notify_down);
			for (const auto &k : rs.checkers)
				if (k.type == CheckerType::misc)
					out.checker.push_back(&std::get<MiscCheck>(*k.detail).script);
		}
	}
	for (const auto &s : cfg.vrrp.scripts)
		out.vrrp.push_back(&s.script);
	for (const auto &vi : cfg.vrrp.instances)
		notify(out.vrrp, vi.notify);
	for (const auto &g : cfg.vrrp.sync_groups)
		notify(out.vrrp, g.notify);
	return out;
}

bool executable(const std::string &path)
{
	struct stat st{};
	return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

// The program of a command line, as execvp() would find it.
bool runnable(const std::string &command)
{
	std::string program = command.substr(0, command.find_first_of(" \t"));
	if (program.empty())
		return false;
	if (program.find('/') != std::string::npos)
		return executable(program);
	const char *env = std::getenv("PATH");
	std::string path = env ? env : "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (size_t start = 0; start <= path.size();) {
		size_t end = path.find(':', start);
		if (end == std::string::npos)
			end = path.size();
		if (executable(path.substr(start, end - start) + "/" + program))
			return true;
		start = end + 1;
	}
	return false;
}

void keep_runnable(std::vector<const Script *> &list)
{
	std::erase_if(list, [](const Script *s) { return !runnable(s->command); });
}

bool has_fifo_script(const GlobalDefs &g, std::string_view prefix)
{
	for (const auto &s : g.other)
		if (s.name.starts_with(prefix) && s.name.ends_with("notify_fifo_script"))
			return true;
	return false;
}

} // namespace

void validate_scripts(const Config &cfg, Diagnostics &d)
{
	Scripts s = collect(cfg);
	for (const auto &vs : cfg.vrrp.scripts)
		if (!runnable(vs.script.command))
			d.report(Level::general, vs.loc, "Disabling track script " + vs.name +
								 " since not found/accessible");
	keep_runnable(s.checker);
	keep_runnable(s.vrrp);
	bool checker = !s.checker.empty() || has_fifo_script(cfg.global, "lvs_");
	bool vrrp = !s.vrrp.empty() || has_fifo_script(cfg.global, "vrrp_");
	if (!cfg.global.enable_script_security) {
		if (checker)
			d.report(Level::security, {},
				 "SECURITY VIOLATION - check scripts are being executed but script_security not enabled.");
		if (vrrp)
			d.report(Level::security, {},
				 "SECURITY VIOLATION - scripts are being executed but script_security not enabled.");
		return;
	}
	if (!cfg.global.script_user.empty() || getpwnam("keepalived_script"))
		return;
	for (const auto *list : {&s.checker, &s.vrrp})
		for (const Script *script : *list)
			if (script->user.empty())
				d.report(Level::general, script->loc, "Unable to set default user keepalived_script for script");
}

} // namespace lvs::config
