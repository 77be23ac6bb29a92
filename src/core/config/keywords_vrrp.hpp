// Helpers the VRRP keyword files share.
#pragma once

#include "core/config/keywords.hpp"

#include <string>

namespace lvs::config {

void open_vrrp_instance(Ctx &c, const Stmt &s);
void open_vrrp_sync_group(Ctx &c, const Stmt &s);

// Tracking, notify and smtp_alert keywords of instances and sync groups;
// they write where Ctx::track / notify / smtp_alert point.
extern const Block kVrrpCommonBlock;

// An interface named in the config does not exist on this host: said at
// the line, and once more at the end as keepalived's "bad interface".
void report_missing_interface(Ctx &c, Loc loc, std::string text);

// ip address / route / rule lines (virtual_* and static_* blocks).
bool read_ip_address(Ctx &c, const Stmt &s, IpAddress &out);
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
