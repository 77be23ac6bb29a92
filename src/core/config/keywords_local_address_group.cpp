// local_address_group (EulerOS guide): the FNAT local addresses a
// virtual server names with laddr_group_name.
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

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

} // namespace

const Block kLocalAddressGroupBlock{{}, laddr_line, laddr_close};

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

} // namespace lvs::config
