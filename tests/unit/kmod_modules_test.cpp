// The kernel's module lists as text: /proc/modules (what is loaded, who
// uses it) and modules.dep (where a module is, what it needs).
#include "core/kmod/modules.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using Strings = std::vector<std::string>;

namespace {

// ip_vs with schedulers and a helper that needs nf_nat too.
const char *kProcModules = "ip_vs_consh 20480 0 - Live 0xffffffffc0a50000 (OE)\n"
			   "ip_vs_rr 16384 1 - Live 0xffffffffc0a3c000\n"
			   "ip_vs_ftp 16384 0 - Live 0xffffffffc0a41000\n"
			   "nf_nat 57344 1 ip_vs_ftp, Live 0xffffffffc0a20000\n"
			   "ip_vs 192512 7 ip_vs_consh,ip_vs_rr,ip_vs_ftp, Live 0xffffffffc09e0000\n"
			   "nf_conntrack 176128 3 nf_nat,ip_vs, Live 0xffffffffc0990000\n"
			   "libcrc32c 16384 2 nf_conntrack,ip_vs, Live 0xffffffffc0980000\n"
			   "crc32c_generic 16384 0 [permanent], Live 0xffffffffc0970000\n";

const char *kModulesDep = "kernel/net/netfilter/ipvs/ip_vs.ko: kernel/net/netfilter/nf_conntrack.ko "
			  "kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko kernel/lib/libcrc32c.ko\n"
			  "kernel/net/netfilter/nf_conntrack.ko: kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko "
			  "kernel/lib/libcrc32c.ko\n"
			  "kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko:\n"
			  "kernel/lib/libcrc32c.ko:\n"
			  "kernel/arch/x86/crypto/crc32c-intel.ko:\n"
			  "extra/ip_vs_fnat.ko: kernel/net/netfilter/nf_conntrack.ko kernel/lib/libcrc32c.ko\n"
			  "extra/ip_vs_consh.ko: kernel/net/netfilter/ipvs/ip_vs.ko\n";

} // namespace

TEST_CASE("/proc/modules: names and the modules using each")
{
	auto loaded = lvs::kmod::parse_proc_modules(kProcModules);
	REQUIRE(loaded.size() == 8);
	CHECK(loaded[0].name == "ip_vs_consh");
	CHECK(loaded[0].users.empty());
	CHECK(loaded[4].name == "ip_vs");
	CHECK(loaded[4].users == Strings{"ip_vs_consh", "ip_vs_rr", "ip_vs_ftp"});
	CHECK(loaded[7].users.empty()); // [permanent] is no module
	CHECK(lvs::kmod::parse_proc_modules("").empty());
}

TEST_CASE("module names from file names")
{
	CHECK(lvs::kmod::module_name("kernel/net/netfilter/ipvs/ip_vs.ko") == "ip_vs");
	CHECK(lvs::kmod::module_name("kernel/arch/x86/crypto/crc32c-intel.ko") == "crc32c_intel");
	CHECK(lvs::kmod::module_name("/x/extra/ip_vs_fnat.ko.xz") == "ip_vs_fnat");
}

TEST_CASE("unload order: users before the modules they use, each once")
{
	auto loaded = lvs::kmod::parse_proc_modules(kProcModules);
	CHECK(lvs::kmod::unload_order(loaded, {"ip_vs_fnat", "ip_vs"}) ==
	      Strings{"ip_vs_consh", "ip_vs_rr", "ip_vs_ftp", "ip_vs"});
	CHECK(lvs::kmod::unload_order(loaded, {"nf_conntrack"}) ==
	      Strings{"ip_vs_ftp", "nf_nat", "ip_vs_consh", "ip_vs_rr", "ip_vs", "nf_conntrack"});
	CHECK(lvs::kmod::unload_order(loaded, {"not_loaded"}).empty());
}

TEST_CASE("load order: modules.dep's closure, dependencies first")
{
	auto deps = lvs::kmod::parse_modules_dep(kModulesDep);
	CHECK(lvs::kmod::load_order(deps, "ip_vs") ==
	      Strings{"kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko", "kernel/lib/libcrc32c.ko",
		      "kernel/net/netfilter/nf_conntrack.ko", "kernel/net/netfilter/ipvs/ip_vs.ko"});
	CHECK(lvs::kmod::load_order(deps, "ip_vs_fnat") ==
	      Strings{"kernel/net/ipv6/netfilter/nf_defrag_ipv6.ko", "kernel/lib/libcrc32c.ko",
		      "kernel/net/netfilter/nf_conntrack.ko", "extra/ip_vs_fnat.ko"});
	CHECK(lvs::kmod::load_order(deps, "crc32c_intel") == Strings{"kernel/arch/x86/crypto/crc32c-intel.ko"});
	CHECK_THROWS_WITH(lvs::kmod::load_order(deps, "ip_vs_fnat2"),
			  "module ip_vs_fnat2 is not in modules.dep: is it installed, and has depmod run?");
	auto broken = lvs::kmod::parse_modules_dep("extra/a.ko: extra/b.ko\n");
	CHECK_THROWS_WITH(lvs::kmod::load_order(broken, "a"),
			  "module b (needed by a) is not in modules.dep: is it installed, and has depmod run?");
}
