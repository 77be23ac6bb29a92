// Lines of virtual_ipaddress, static_ipaddress, virtual_routes,
// static_routes, virtual_rules and static_rules: the `ip address|route|rule
// add` syntax keepalived accepts. Addresses and interfaces are checked, and
// the values of brd, scope, label and preferred_lft as keepalived 2.2.7
// checks them; the options that apply are kept as written for the VRRP
// daemon (brd as "brd", also when written "broadcast").
#include "core/config/keywords_vrrp.hpp"
#include "core/config/values.hpp"

#include <arpa/inet.h>
#include <net/if.h>

#include <algorithm>
#include <cstdint>

namespace lvs::config {

namespace {

bool contains(std::span<const std::string_view> list, std::string_view w)
{
	return std::find(list.begin(), list.end(), w) != list.end();
}

bool interface_exists(std::string_view name)
{
	return if_nametoindex(std::string(name).c_str()) != 0;
}

// "ADDR[/LEN]" of routes and rules; "default" and "all" stand for any.
bool prefix_ok(std::string_view w)
{
	if (w == "default" || w == "all")
		return true;
	net::Addr a;
	uint8_t len;
	bool had;
	return parse_cidr(w, a, len, had);
}

void keep_words(const Stmt &s, IpLine &out)
{
	out.loc = s.loc;
	for (auto w : s.words)
		out.words.push_back(str(w));
}

} // namespace

bool read_ip_address(Ctx &c, const Stmt &s, IpAddress &out, bool vip)
{
	std::string_view text = s.words[0];
	size_t slash = text.find('/');
	if (!parse_addr(text.substr(0, slash), out.addr) ||
	    text.substr(0, slash).find('-') != std::string_view::npos) {
		c.error(s.loc, "VRRP parsed invalid IP " + str(text) + ". skipping IP...");
		return false;
	}
	out.loc = s.loc;
	out.prefix = static_cast<uint8_t>(host_prefix(out.addr));
	if (slash != std::string_view::npos) {
		uint8_t len;
		bool had;
		if (parse_cidr(text, out.addr, len, had))
			out.prefix = len;
		else
			c.error(s.loc, "Invalid address prefix len " + str(text.substr(slash + 1)) + " for address " +
					       str(text.substr(0, slash)) + " - using " + std::to_string(out.prefix));
	}
	const bool v6 = out.addr.af == AF_INET6;
	bool scope_v6 = false, label_v6 = false, brd_too_long = false;
	for (size_t i = 1; i < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		auto option = std::ranges::find(kAddressOptions, w, &Keyword::name);
		// 2.2.7 knows track_group in static addresses only, use_vmac in VIPs only.
		bool here = w != (vip ? "track_group" : "use_vmac");
		if (option == std::end(kAddressOptions) || !here || i + option->min_args >= s.words.size()) {
			c.error(s.loc, "Unknown configuration entry '" + str(w) + "' for ip address - ignoring");
			continue;
		}
		if (vip && option->inert)
			note_inert(c.diags, s.loc, w, {}, *option->inert);
		if (!option->min_args) {
			out.options.push_back(str(w));
			continue;
		}
		std::string_view v = s.words[++i];
		if (w == "dev") {
			out.dev = str(v);
			if (!interface_exists(v))
				report_missing_interface(c, s.loc, "WARNING - interface " + str(v) + " for ip address " +
									   str(text) + " doesn't exist");
			continue;
		}
		if (w == "scope") {
			auto scope = parse_scope(v);
			if (!scope) {
				c.error(s.loc, "Invalid scope '" + str(v) + "' specified for " + str(text) + " - ignoring");
				continue;
			}
			if (v6) {
				scope_v6 |= *scope != 0;
				continue;
			}
		} else if (w == "brd" || w == "broadcast") {
			if (v6)
				return c.error(s.loc, "VRRP is trying to assign a broadcast " + str(w) + " to the IPv6 address " +
							      str(text) + " !!?? WTF... skipping VIP..."),
				       false;
			in_addr b;
			if (v != "+" && v != "-" && inet_pton(AF_INET, str(v).c_str(), &b) != 1)
				return c.error(s.loc, "VRRP is trying to assign invalid broadcast " + str(v) + ". skipping VIP..."),
				       false;
			if ((v == "+" || v == "-") && out.prefix > 30) {
				brd_too_long = true;
				continue;
			}
			w = "brd";
		} else if (w == "label") {
			if (v.size() >= IFNAMSIZ)
				return c.error(s.loc, "Address label " + str(v) + " is longer than maximum length " +
							      std::to_string(IFNAMSIZ - 1) + " - removing address"),
				       false;
			if (v6) {
				label_v6 = true;
				continue;
			}
		} else if (w == "preferred_lft") {
			uint32_t lifetime;
			if (v != "forever" && !read_unsigned(c, s.loc, v, 0, UINT32_MAX, lifetime)) {
				c.error(s.loc, "preferred_lft " + str(v) + " is invalid");
				continue;
			}
			if (!v6)
				c.error(s.loc, "preferred_lft applies to IPv6 addresses only (as in keepalived 2.2.7) - ignoring",
					Level::note);
		} else if (w == "peer") {
			net::Addr peer;
			if (!parse_addr(v, peer))
				c.error(s.loc, "Invalid peer address " + str(v));
		}
		out.options.push_back(str(w));
		out.options.push_back(str(v));
	}
	// In keepalived's order, after the whole line.
	if (brd_too_long)
		c.error(s.loc, "Address prefix length " + std::to_string(out.prefix) + " too long for broadcast");
	if (scope_v6)
		c.error(s.loc, "Cannot specify scope for IPv6 addresses (" + str(text) + ") - ignoring scope");
	if (label_v6)
		c.error(s.loc, "Cannot specify label for IPv6 addresses (" + str(text) + ") - ignoring label");
	return true;
}

// [src ADDR [to]] [TYPE] DEST [via|gw ADDR] [or ADDR] [dev IF] [OPTIONS...]
bool read_route(Ctx &c, const Stmt &s, IpLine &out, bool tracked)
{
	static constexpr std::string_view kTypes[] = {"blackhole", "unreachable", "prohibit", "throw",
						      "unicast",   "local",	  "broadcast", "anycast",
						      "multicast", "nat",	  "inet6",     "inet"};
	bool dest = false, dev = false, no_track = false;
	std::string_view destination;
	for (size_t i = 0; i < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		bool has_value = i + 1 < s.words.size();
		if ((w == "src" || w == "from") && has_value) {
			if (!prefix_ok(s.words[++i]))
				return c.error(s.loc, "invalid route src address " + str(s.words[i])), false;
		} else if ((w == "via" || w == "gw" || w == "or") && has_value) {
			net::Addr a;
			if (!parse_addr(s.words[++i], a))
				return c.error(s.loc, "invalid route via address " + str(s.words[i])), false;
		} else if (w == "dev" && has_value) {
			dev = true;
			if (!interface_exists(s.words[++i]))
				report_missing_interface(c, s.loc, "WARNING - interface " + str(s.words[i]) +
									   " for VROUTE nexthop doesn't exist");
		} else if (w == "to" || contains(kTypes, w)) {
			continue;
		} else if (w == "no_track") {
			no_track = true;
		} else if (!dest) {
			if (!prefix_ok(w))
				return c.error(s.loc, "VRRP parsed invalid IP " + str(w) + ". skipping IP..."), false;
			dest = true;
			destination = w;
		} else if (has_value && w != "nexthop" && w != "onlink" && w != "append") {
			++i; // an option and its value
		}
	}
	if (!dest)
		return c.error(s.loc, "Route must have a destination"), false;
	if (tracked && !dev && !no_track)
		c.error(s.loc, "Warning - cannot track route " + str(destination) +
				       " with no interface specified, not tracking");
	keep_words(s, out);
	return true;
}

// from ADDR | to ADDR ... [preference N] ...
bool read_rule(Ctx &c, const Stmt &s, IpLine &out)
{
	bool preference = false;
	for (size_t i = 0; i + 1 < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		if (w == "from" || w == "to") {
			std::string_view a = s.words[++i];
			if (!prefix_ok(a)) {
				c.error(s.loc, "VRRP parsed invalid IP " + str(a) + ". skipping IP...");
				return c.error(s.loc, "Invalid rule " + str(w) + " address " + str(a)), false;
			}
		} else if (w == "preference" || w == "pref" || w == "priority") {
			preference = true;
			++i;
		}
	}
	if (!preference)
		c.error(s.loc, "Rule has no preference specified - setting to 16384. This is probably not what you want.");
	keep_words(s, out);
	return true;
}

} // namespace lvs::config
