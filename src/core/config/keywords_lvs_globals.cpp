// The LVS blocks beside virtual servers: local_address_group (FNAT local
// addresses) and LVS_VXLAN_PARAM from the EulerOS guide, and keepalived's
// SSL context for SSL_GET.
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

// ------------------------------------------------- local_address_group

LocalAddressGroup &laddr(Ctx &c)
{
	return c.cfg.local_address_groups.back();
}

// "A", "A-B" (B a whole address or A's last octet / IPv6 group) and an
// optional interface after it.
bool laddr_range(std::string_view text, LocalAddress &out)
{
	size_t dash = text.find('-');
	if (!parse_addr(text.substr(0, dash), out.first) ||
	    (text.substr(0, dash).find('/') != std::string_view::npos))
		return false;
	out.last = out.first;
	if (dash == std::string_view::npos)
		return true;
	std::string_view end = text.substr(dash + 1);
	if (end.find(out.first.af == AF_INET ? '.' : ':') != std::string_view::npos)
		return parse_addr(end, out.last) && out.last.af == out.first.af && !(out.last.bytes < out.first.bytes);
	std::string e(end);
	char *stop = nullptr;
	bool v6 = out.first.af == AF_INET6;
	unsigned long v = std::strtoul(e.c_str(), &stop, v6 ? 16 : 10);
	if (e.empty() || *stop || v > (v6 ? 0xffffUL : 0xffUL))
		return false;
	if (v6) {
		out.last.bytes[14] = static_cast<uint8_t>(v >> 8);
		out.last.bytes[15] = static_cast<uint8_t>(v);
	} else {
		out.last.bytes[3] = static_cast<uint8_t>(v);
	}
	return !(out.last.bytes < out.first.bytes);
}

void laddr_line(Ctx &c, const Stmt &s)
{
	LocalAddress a;
	if (!laddr_range(s.words[0], a) || s.words.size() > 2)
		return c.error(s.loc, "Invalid local address '" + str(s.raw) + "' in local_address_group " +
					      laddr(c).name + " - skipping");
	a.dev = str(arg(s, 1));
	laddr(c).addresses.push_back(std::move(a));
}

void laddr_close(Ctx &c)
{
	if (laddr(c).addresses.empty()) {
		c.error(c.close_loc, "local_address_group " + laddr(c).name + " has no entries - removing");
		c.cfg.local_address_groups.pop_back();
	}
}

// --------------------------------------------------------- LVS_VXLAN_PARAM

void vxlan_id(Ctx &c, const Stmt &s)
{
	uint32_t id;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT32_MAX, id))
		return c.error(s.loc, "Invalid LVS_VXLAN_PARAM id '" + str(s.words[1]) + "' - ignoring");
	c.cfg.vxlan->id = id;
}

void vxlan_vtep(Ctx &c, const Stmt &s)
{
	ipvs::Addr a;
	if (!parse_addr(s.words[1], a) || s.words[1].find_first_of("/-") != std::string_view::npos)
		return c.error(s.loc, "Invalid local_vtepaddr '" + str(s.words[1]) + "' - ignoring");
	c.cfg.vxlan->local_vtepaddr = a;
}

void vxlan_close(Ctx &c)
{
	if (c.cfg.vxlan->local_vtepaddr.af == 0)
		c.error(c.close_loc, "LVS_VXLAN_PARAM has no local_vtepaddr");
}

// ------------------------------------------------------------------- SSL

void ssl_file(Ctx &c, const Stmt &s)
{
	std::string_view k = s.words[0];
	const char *what = k == "password" ? "password" : k == "ca" ? "cafile" : k == "certificate" ? "certfile" : "keyfile";
	std::string &slot = k == "password" ? c.cfg.ssl->password
			    : k == "ca"	     ? c.cfg.ssl->ca
			    : k == "certificate" ? c.cfg.ssl->certificate
						 : c.cfg.ssl->key;
	if (s.words.size() < 2)
		return c.error(s.loc, std::string("SSL ") + what + " missing");
	if (!slot.empty())
		c.error(s.loc, std::string("SSL ") + what + " already specified - replacing");
	slot = str(s.words[1]);
}

constexpr Keyword kVxlanKeywords[] = {
	{"id", 1, vxlan_id},
	{"local_vtepaddr", 1, vxlan_vtep},
};

constexpr Keyword kSslKeywords[] = {
	{"password", 0, ssl_file},
	{"ca", 0, ssl_file},
	{"certificate", 0, ssl_file},
	{"key", 0, ssl_file},
};

} // namespace

const Block kLocalAddressGroupBlock{{}, laddr_line, laddr_close};
const Block kVxlanBlock{kVxlanKeywords, nullptr, vxlan_close};
const Block kSslBlock{kSslKeywords};

void open_local_address_group(Ctx &c, const Stmt &s)
{
	for (const auto &g : c.cfg.local_address_groups)
		if (g.name == s.words[1]) {
			c.error(s.loc, "local_address_group " + str(s.words[1]) + " already defined - skipping");
			c.skip_block = true;
			return;
		}
	c.cfg.local_address_groups.push_back({str(s.words[1]), {}, s.loc});
}

void open_vxlan(Ctx &c, const Stmt &s)
{
	if (c.cfg.vxlan)
		c.error(s.loc, "LVS_VXLAN_PARAM already specified - replacing");
	c.cfg.vxlan = VxlanParam{};
	c.cfg.vxlan->loc = s.loc;
}

void open_ssl(Ctx &c, const Stmt &s)
{
	if (c.cfg.ssl)
		c.error(s.loc, "SSL context already specified - replacing");
	c.cfg.ssl = SslContext{};
	c.cfg.ssl->loc = s.loc;
}

} // namespace lvs::config
