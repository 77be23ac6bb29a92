// Helpers the LVS keyword files share.
#pragma once

#include "core/config/keywords.hpp"

#include <optional>

namespace lvs::config {

inline VirtualServer &current_vs(Ctx &c)
{
	return c.cfg.virtual_servers.back();
}

inline RealServer &current_rs(Ctx &c)
{
	return current_vs(c).real_servers.back();
}

// lb_kind / lvs_method / sorry_server_lvs_method / dest_lb_kind:
// NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum], and FNAT,
// NATinVXLAN, FNATinVXLAN. `who` is "virtual", "real" or "sorry".
bool read_forward(Ctx &c, const Stmt &s, const char *who, ForwardMethod &out);
const char *forward_name(Forward f);

// Top-level block openers.
void open_virtual_server(Ctx &c, const Stmt &s);
void open_virtual_server_group(Ctx &c, const Stmt &s);
void open_real_server(Ctx &c, const Stmt &s);
void open_local_address_group(Ctx &c, const Stmt &s);
void open_vxlan(Ctx &c, const Stmt &s);
void open_ssl(Ctx &c, const Stmt &s);

// A block that stands once in a config (LVS_VXLAN_PARAM, SSL): a second
// one replaces the first, with keepalived's message `again`.
template <typename Block>
void open_single(Ctx &c, const Stmt &s, std::optional<Block> &slot, const char *again)
{
	if (slot)
		c.error(s.loc, again);
	slot = Block{};
	slot->loc = s.loc;
}

// An optional <BOOL> after the keyword: absent means on.
bool read_switch(Ctx &c, const Stmt &s, const std::string &what, Inherit &out);

} // namespace lvs::config
