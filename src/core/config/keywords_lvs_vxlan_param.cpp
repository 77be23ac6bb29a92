// LVS_VXLAN_PARAM (EulerOS guide): the VXLAN id and local VTEP address of
// the NATinVXLAN and FNATinVXLAN forwarding methods.
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

void vxlan_id(Ctx &c, const Stmt &s)
{
	uint32_t id;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT32_MAX, id))
		return c.error(s.loc, "Invalid LVS_VXLAN_PARAM id '" + str(s.words[1]) + "' - ignoring");
	c.cfg.vxlan->id = id;
}

void vxlan_vtep(Ctx &c, const Stmt &s)
{
	net::Addr a;
	if (!parse_addr(s.words[1], a) || s.words[1].find_first_of("/-") != std::string_view::npos)
		return c.error(s.loc, "Invalid local_vtepaddr '" + str(s.words[1]) + "' - ignoring");
	c.cfg.vxlan->local_vtepaddr = a;
}

void vxlan_close(Ctx &c)
{
	if (c.cfg.vxlan->local_vtepaddr.af == 0)
		c.error(c.close_loc, "LVS_VXLAN_PARAM has no local_vtepaddr");
}

constexpr Keyword kVxlanKeywords[] = {
	{"id", 1, vxlan_id},
	{"local_vtepaddr", 1, vxlan_vtep},
};

} // namespace

const Block kVxlanBlock{kVxlanKeywords, nullptr, vxlan_close};

void open_vxlan(Ctx &c, const Stmt &s)
{
	open_single(c, s, c.cfg.vxlan, "LVS_VXLAN_PARAM already specified - replacing");
}

} // namespace lvs::config
