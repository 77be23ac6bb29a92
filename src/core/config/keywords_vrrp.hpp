// Helpers the VRRP keyword files share.
#pragma once

#include "core/config/keywords.hpp"

#include <string>

namespace lvs::config {

void open_vrrp_instance(Ctx &c, const Stmt &s);
void open_vrrp_sync_group(Ctx &c, const Stmt &s);

// Tracking, notify and smtp_alert keywords of instances and sync groups;
// they write where Ctx::track / notify / smtp_alert point. A sync group's
// are the same keywords, none of them acted upon.
extern const Block kVrrpCommonBlock, kVrrpSyncGroupCommonBlock;

// The options of an ip address line (virtual_ipaddress, static_ipaddress)
// after the address; min_args 1: the option takes a value; track_group is
// a static address's only, use_vmac a VIP's only. The VRRP process adds a
// VIP with its dev, brd (or broadcast), scope, label and, for IPv6,
// preferred_lft; no_track asks for what it always
// does (a VIP's interface is not tracked).
inline constexpr Inert kAddressPeer{"no peer address is set"};
inline constexpr Inert kAddressFlag{"the address is added without this flag"};
inline constexpr Keyword kAddressOptions[] = {
	{"brd", 1, nullptr},
	{"broadcast", 1, nullptr},
	{"dev", 1, nullptr},
	{"scope", 1, nullptr},
	{"label", 1, nullptr},
	{"peer", 1, nullptr, nullptr, &kAddressPeer},
	{"preferred_lft", 1, nullptr},
	{"track_group", 1, nullptr, nullptr, &kTrackGroup},
	{"use_vmac", 0, nullptr, nullptr, &kVmac},
	{"home", 0, nullptr, nullptr, &kAddressFlag},
	{"-nodad", 0, nullptr, nullptr, &kAddressFlag},
	{"mngtmpaddr", 0, nullptr, nullptr, &kAddressFlag},
	{"noprefixroute", 0, nullptr, nullptr, &kAddressFlag},
	{"autojoin", 0, nullptr, nullptr, &kAddressFlag},
	{"no_track", 0, nullptr},
};

// An interface named in the config does not exist on this host: said at
// the line, and once more at the end as keepalived's "bad interface".
void report_missing_interface(Ctx &c, Loc loc, std::string text);

// ip address / route / rule lines (virtual_* and static_* blocks). An
// address option not acted upon is said for a VIP (a static address is
// not set at all, which its block's keyword says).
bool read_ip_address(Ctx &c, const Stmt &s, IpAddress &out, bool vip);
// tracked: a vrrp instance's route, which needs an interface to be tracked.
bool read_route(Ctx &c, const Stmt &s, IpLine &out, bool tracked);
bool read_rule(Ctx &c, const Stmt &s, IpLine &out);


void open_vrrp_script(Ctx &c, const Stmt &s);
void open_track_file(Ctx &c, const Stmt &s);
void open_track_process(Ctx &c, const Stmt &s);
void open_garp_group(Ctx &c, const Stmt &s);
void open_bfd_instance(Ctx &c, const Stmt &s);
void open_track_group(Ctx &c, const Stmt &s);

} // namespace lvs::config
