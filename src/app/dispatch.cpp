#include "app/dispatch.hpp"

#include "ipvs-switch/ipvs_switch.hpp"
#include "ipvsadm/ipvsadm.hpp"
#include "keepalived/keepalived.hpp"
#include "lvscli/lvscli.hpp"

#include <cstdio>
#include <exception>
#include <string>

namespace lvs::app {

namespace {

constexpr Personality kPersonalities[] = {
	{"ipvsadm", "manage the kernel's virtual-server table (ipvsadm 1.31 compatible)",
	 ipvsadm::ipvsadm_main},
	{"keepalived", "health checking, VRRP and kernel programming from keepalived.conf",
	 keepalived::keepalived_main},
	{"ipvs-switch", "switch the kernel between stock ip_vs and the full-NAT module",
	 ipvs_switch::ipvs_switch_main},
	{"lvscli", "change one virtual server at a time over JSON-RPC", lvscli::lvscli_main},
};

const Personality *find(std::string_view name)
{
	for (const auto &p : kPersonalities)
		if (p.name == name)
			return &p;
	return nullptr;
}

std::string_view basename(std::string_view path)
{
	auto slash = path.rfind('/');
	return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void usage(std::FILE *out)
{
	std::fprintf(out,
		     "Usage: lvsbox PERSONALITY [ARGS...]\n"
		     "   or: PERSONALITY [ARGS...]   (through a link named after it)\n\n"
		     "Personalities:\n");
	for (const auto &p : kPersonalities)
		std::fprintf(out, "  %-12s %.*s\n", std::string(p.name).c_str(), (int)p.summary.size(),
			     p.summary.data());
}

std::string known_names()
{
	std::string s;
	for (const auto &p : kPersonalities)
		s += (s.empty() ? "" : ", ") + std::string(p.name);
	return s;
}

int run(const Personality &p, int argc, char **argv)
{
	try {
		return p.entry(argc, argv);
	} catch (const std::exception &e) {
		std::fprintf(stderr, "%.*s: %s\n", (int)p.name.size(), p.name.data(), e.what());
		return 1;
	}
}

} // namespace

std::span<const Personality> personalities()
{
	return kPersonalities;
}

int dispatch(int argc, char **argv)
{
	std::string_view self = argc > 0 ? basename(argv[0]) : "lvsbox";
	if (const Personality *p = find(self))
		return run(*p, argc, argv);

	if (argc < 2) {
		usage(stderr);
		return kUsageExit;
	}
	std::string_view name = argv[1];
	if (name == "--help" || name == "-h") {
		usage(stdout);
		return 0;
	}
	if (name == "--version") {
		std::printf("lvsbox %s\n", LVSBOX_VERSION);
		return 0;
	}
	if (const Personality *p = find(name))
		return run(*p, argc - 1, argv + 1);

	std::fprintf(stderr, "lvsbox: unknown personality '%s'; known personalities: %s\n",
		     argv[1], known_names().c_str());
	return kUsageExit;
}

} // namespace lvs::app
