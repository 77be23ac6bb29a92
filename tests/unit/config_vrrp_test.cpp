// The VRRP grammar: instances, sync groups and what they track, with
// keepalived 2.2.7's defaults and checks.
#include "core/config/load.hpp"
#include "core/config/validate.hpp"
#include "core/config/values.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace lvs::config;

namespace {

Loaded load(const std::string &text)
{
	return load_text(text, "v.conf");
}

bool said(const Loaded &l, const std::string &text)
{
	for (const auto &d : l.diags.all())
		if (l.diags.format(d).find(text) != std::string::npos)
			return true;
	return false;
}

// An instance needs an interface; the one named here does not exist (a
// unit test has no interfaces of its own). "lo" exists everywhere;
// keepalived refuses it as a VRRP interface but accepts it elsewhere
// (tracked, addresses).
std::string instance(const std::string &body)
{
	return "vrrp_instance VI_1 {\n interface lvsbox_test0\n unicast_peer {\n 10.0.0.2\n }\n" + body + "}\n";
}

// Nothing is wrong with what instance() made but its missing interface.
bool only_the_interface_missing(const Loaded &l)
{
	for (const auto &d : l.diags.all())
		if (d.level != Level::note && d.text.find("lvsbox_test0") == std::string::npos &&
		    d.text != "Non-existent interface specified in configuration")
			return false;
	return true;
}

} // namespace

TEST_CASE("an instance's protocol settings and its defaults")
{
	Loaded l = load(instance(" virtual_router_id 51\n virtual_ipaddress {\n 10.0.0.100/24 dev lo label lo:1\n }\n"));
	CHECK(only_the_interface_missing(l));
	const VrrpInstance &vi = l.config.vrrp.instances.at(0);
	CHECK(vi.virtual_router_id == 51);
	CHECK(vi.priority == 100);
	CHECK(vi.advert_int == kSecond);
	CHECK(vi.version == 2);
	CHECK(vi.state == VrrpState::backup);
	CHECK(addr_str(vi.virtual_ipaddress.at(0).addr) == "10.0.0.100");
	CHECK(vi.virtual_ipaddress.at(0).prefix == 24);
	CHECK(vi.virtual_ipaddress.at(0).dev == "lo");
	CHECK(vi.unicast_peer.size() == 1);
}

TEST_CASE("virtual_ipaddress: brd, scope, label and preferred_lft checked as 2.2.7 checks them")
{
	Loaded l = load(instance(" virtual_router_id 51\n virtual_ipaddress {\n"
				 " 10.0.0.1/24 brd + scope nowhere\n"
				 " 10.0.0.2/24 broadcast 10.0.0.255 scope 0xc8\n"
				 " 10.0.0.3/24 scope bogus\n"
				 " 10.0.0.4/31 brd -\n"
				 " 10.0.0.5/24 brd 10.0.0\n"
				 " 10.0.0.6/24 label abcdefghijklmnop\n"
				 " }\n virtual_ipaddress_excluded {\n"
				 " fd00::1/64 scope link label lo:1 preferred_lft 0\n"
				 " fd00::2/64 brd +\n"
				 " fd00::3/64 preferred_lft soon\n"
				 " }\n"));
	const auto &vips = l.config.vrrp.instances.at(0).virtual_ipaddress;
	REQUIRE(vips.size() == 4); // .5 (bad brd) and .6 (long label) are skipped
	CHECK(vips[0].options == std::vector<std::string>{"brd", "+", "scope", "nowhere"});
	CHECK(vips[1].options == std::vector<std::string>{"brd", "10.0.0.255", "scope", "0xc8"});
	CHECK(vips[2].options.empty());
	CHECK(vips[3].options.empty());
	CHECK(said(l, "Invalid scope 'bogus' specified for 10.0.0.3/24 - ignoring"));
	CHECK(said(l, "Address prefix length 31 too long for broadcast"));
	CHECK(said(l, "VRRP is trying to assign invalid broadcast 10.0.0. skipping VIP..."));
	CHECK(said(l, "Address label abcdefghijklmnop is longer than maximum length 15 - removing address"));
	const auto &excluded = l.config.vrrp.instances.at(0).virtual_ipaddress_excluded;
	REQUIRE(excluded.size() == 2); // fd00::2 (a broadcast) is skipped
	CHECK(excluded[0].options == std::vector<std::string>{"preferred_lft", "0"});
	CHECK(excluded[1].options.empty());
	CHECK(said(l, "Cannot specify scope for IPv6 addresses (fd00::1/64) - ignoring scope"));
	CHECK(said(l, "Cannot specify label for IPv6 addresses (fd00::1/64) - ignoring label"));
	CHECK(said(l, "VRRP is trying to assign a broadcast brd to the IPv6 address fd00::2/64 !!?? WTF... skipping VIP..."));
	CHECK(said(l, "preferred_lft soon is invalid"));
}

TEST_CASE("an initial MASTER without a priority is the address owner")
{
	Loaded l = load(instance(" state MASTER\n virtual_router_id 1\n"));
	CHECK(l.config.vrrp.instances.at(0).priority == 255);
}

TEST_CASE("the VRID is required and 1-255")
{
	CHECK(said(load(instance("")), "(VI_1) the virtual router id must be set"));
	CHECK(said(load(instance(" virtual_router_id 256\n")), "(VI_1): VRID '256' not valid - must be between 1 & 255"));
}

TEST_CASE("AH with an initial MASTER state is cleared, as keepalived does")
{
	Loaded l = load(instance(" state MASTER\n priority 100\n virtual_router_id 1\n"
				 " authentication {\n auth_type AH\n auth_pass x\n }\n"));
	CHECK(said(l, "(VI_1) Initial state master is incompatible with AH authentication - clearing"));
	CHECK(l.config.vrrp.instances.at(0).state == VrrpState::backup);
}

TEST_CASE("tracked scripts must be defined before they are tracked")
{
	Loaded l = load(instance(" virtual_router_id 1\n track_script {\n later\n }\n") +
			"vrrp_script later {\n script /nonexistent\n}\n");
	CHECK(said(l, "(v.conf: Line 8) (VI_1) track script later not found, ignoring..."));
	Loaded ok = load("vrrp_script s {\n script /nonexistent\n weight -10 reverse\n rise 2\n fall 3\n}\n" +
			 instance(" virtual_router_id 1\n track_script {\n s weight 5\n }\n track_interface {\n lo weight -20\n }\n"));
	const VrrpInstance &vi = ok.config.vrrp.instances.at(0);
	CHECK(*vi.track.scripts.at(0).weight == 5);
	CHECK(*vi.track.interfaces.at(0).weight == -20);
	const VrrpScript &s = ok.config.vrrp.scripts.at(0);
	CHECK(s.weight == -10);
	CHECK(s.weight_reverse);
	CHECK(s.rise == 2);
	CHECK(s.fall == 3);
}

TEST_CASE("an instance without an interface is refused, whatever default_interface and unicast say")
{
	Loaded l = load("global_defs {\n default_interface lo\n}\nvrrp_instance VI_1 {\n virtual_router_id 1\n"
			" unicast_src_ip 10.0.0.1\n unicast_peer {\n 10.0.0.2\n }\n virtual_ipaddress {\n 10.0.0.100\n }\n}\n");
	CHECK(said(l, "(v.conf: Line 4) (VI_1) Unknown interface!"));
	CHECK(l.config.vrrp.instances.empty());
	CHECK(l.diags.exit_status() == kExitConfigError);
	Loaded long_name = load("vrrp_instance VI_1 {\n interface lvsbox_name_too_long0\n virtual_router_id 1\n}\n");
	CHECK(said(long_name, "(v.conf: Line 2) Interface name 'lvsbox_name_too_long0' too long - ignoring"));
	CHECK(said(long_name, "(VI_1) Unknown interface!"));
}

TEST_CASE("a missing interface is an error, and keepalived's bad-interface line")
{
	Loaded l = load("vrrp_instance VI_1 {\n interface lvsbox_none0\n virtual_router_id 1\n}\n");
	CHECK(said(l, "(v.conf: Line 2) WARNING - interface lvsbox_none0 for vrrp_instance VI_1 doesn't exist"));
	CHECK(said(l, "Non-existent interface specified in configuration"));
	CHECK(l.diags.exit_status() == kExitConfigError);
}

TEST_CASE("sync groups name existing instances")
{
	Loaded l = load(instance(" virtual_router_id 1\n") + "vrrp_sync_group G {\n group {\n VI_1\n VI_9\n }\n}\n");
	CHECK(said(l, "Virtual router VI_9 specified in sync group G doesn't exist - ignoring"));
	CHECK(said(l, "Sync group G has only 1 virtual router(s)"));
	CHECK(l.config.vrrp.sync_groups.at(0).group == std::vector<std::string>{"VI_1"});
}

TEST_CASE("routes and rules: addresses checked, the rest kept as written")
{
	Loaded l = load(instance(" virtual_router_id 1\n virtual_routes {\n 10.1.0.0/16 via 10.0.0.254 dev lo\n }\n"
				 " virtual_rules {\n from 10.1.0.0/16 table 7 preference 100\n to 10.2.0./16 table 1 preference 1\n }\n"));
	const VrrpInstance &vi = l.config.vrrp.instances.at(0);
	CHECK(vi.virtual_routes.at(0).words.at(0) == "10.1.0.0/16");
	CHECK(vi.virtual_rules.size() == 1);
	CHECK(said(l, "Invalid rule to address 10.2.0./16"));
}

TEST_CASE("vrrp notify scripts count for script security")
{
	Loaded l = load(instance(" virtual_router_id 1\n notify_master \"/bin/true master\"\n"));
	CHECK(l.config.vrrp.instances.at(0).notify.master->command == "/bin/true master");
	CHECK(said(l, "SECURITY VIOLATION - scripts are being executed but script_security not enabled."));
	CHECK(l.diags.exit_status() == kExitSecurity);
}

TEST_CASE("vrrp_strict: keepalived's resets, and strict_mode per instance")
{
	std::string body = " state MASTER\n virtual_router_id 51\n priority 100\n preempt_delay 2\n"
			   " lower_prio_no_advert false\n authentication {\n auth_type PASS\n auth_pass x\n }\n"
			   " virtual_ipaddress {\n 10.0.0.100/24 dev lo\n }\n";
	Loaded l = load("global_defs {\n vrrp_strict\n}\n" + instance(body));
	const VrrpInstance &vi = l.config.vrrp.instances.at(0);
	CHECK(vrrp_strict(l.config.global, vi));
	CHECK(said(l, "(VI_1) State MASTER must match being address owner"));
	CHECK(vi.state == VrrpState::backup);
	CHECK(said(l, "(VI_1) Strict mode does not support authentication. Ignoring."));
	CHECK(vi.auth_type == AuthType::none);
	CHECK(vi.preempt_delay == 0);
	CHECK_FALSE(flag(vi.other, "lower_prio_no_advert"));

	Loaded off = load("global_defs {\n vrrp_strict\n}\n" + instance(" strict_mode off\n" + body));
	CHECK_FALSE(vrrp_strict(off.config.global, off.config.vrrp.instances.at(0)));
	CHECK(off.config.vrrp.instances.at(0).auth_type == AuthType::pass);

	Loaded no_vip = load(instance(" strict_mode\n virtual_router_id 51\n"));
	CHECK(said(no_vip, "(VI_1) No VIP specified; at least one is required"));
	CHECK(no_vip.config.vrrp.instances.empty());
}
