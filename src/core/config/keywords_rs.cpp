// real_server and the forwarding methods: keepalived 2.2.7's keywords with
// its messages, and the EulerOS VXLAN ones (mac, vni, vteppaddr,
// dest_lb_kind). A real server's checkers are in keywords_check.cpp.
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

#include <climits>

namespace lvs::config {

namespace {

constexpr uint32_t kWeightLimit = INT_MAX;

struct ForwardName {
	std::string_view name;
	Forward kind;
};

constexpr ForwardName kForwards[] = {
	{"NAT", Forward::nat},
	{"DR", Forward::dr},
	{"TUN", Forward::tun},
	{"FNAT", Forward::fnat},
	{"NATinVXLAN", Forward::nat_in_vxlan},
	{"FNATinVXLAN", Forward::fnat_in_vxlan},
};

bool read_tunnel(Ctx &c, const Stmt &s, const std::string &who, ForwardMethod &out)
{
	TunnelType type = TunnelType::ipip;
	TunnelCsum csum = TunnelCsum::nocsum;
	uint32_t port = 0;
	for (size_t i = 2; i < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		if (w == "type") {
			if (i + 1 == s.words.size())
				return c.error(s.loc, "Missing tunnel type for " + who + " server."), false;
			std::string_view t = s.words[++i];
			if (t == "ipip")
				type = TunnelType::ipip;
			else if (t == "gue")
				type = TunnelType::gue;
			else if (t == "gre")
				type = TunnelType::gre;
			else
				return c.error(s.loc, "Unknown tunnel type " + str(t) + " for " + who + " server."),
				       false;
		} else if (w == "port") {
			if (i + 1 == s.words.size())
				return c.error(s.loc, "Missing port for " + who + " server gue tunnel."), false;
			if (!read_unsigned(c, s.loc, s.words[++i], 1, 65535, port))
				return c.error(s.loc, "Invalid gue tunnel port " + str(s.words[i]) + " for " + who +
							      " server."),
				       false;
		} else if (w == "nocsum") {
			csum = TunnelCsum::nocsum;
		} else if (w == "csum") {
			csum = TunnelCsum::csum;
		} else if (w == "remcsum") {
			csum = TunnelCsum::remcsum;
		} else {
			return c.error(s.loc, "Invalid tunnel option " + str(w) + " for " + who + " server."), false;
		}
	}
	if ((type == TunnelType::gue) != (port != 0))
		return c.error(s.loc, "gue tunnels require port, otherwise cannot have port."), false;
	if (type == TunnelType::ipip && csum != TunnelCsum::nocsum)
		return c.error(s.loc, "ipip tunnels do not support checksum option."), false;
	if (type == TunnelType::gre && csum == TunnelCsum::remcsum)
		return c.error(s.loc, "gre tunnels do not support remote checksum option."), false;
	out.tun_type = type;
	out.tun_port = static_cast<uint16_t>(port);
	out.csum = csum;
	return true;
}

RealServer &rs(Ctx &c)
{
	return current_rs(c);
}

void weight(Ctx &c, const Stmt &s)
{
	uint32_t w;
	if (read_unsigned(c, s.loc, s.words[1], 0, kWeightLimit, w))
		rs(c).weight = w;
	else
		c.error(s.loc, "Real server weight " + str(s.words[1]) + " is outside range 0-" +
				       std::to_string(kWeightLimit));
}

void lvs_method(Ctx &c, const Stmt &s)
{
	read_forward(c, s, "real", rs(c).forward);
}

void threshold(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, UINT_MAX, v))
		return c.error(s.loc, "Invalid real_server " + str(s.words[0]) + " '" + str(s.words[1]) +
					      "' - ignoring");
	(s.words[0] == "uthreshold" ? rs(c).uthreshold : rs(c).lthreshold) = v;
}

void inhibit(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "inhibit_on_failure", rs(c).inhibit_on_failure);
}

void notify(Ctx &c, const Stmt &s)
{
	RealServerRare &r = rare(rs(c).rare);
	auto &slot = s.words[0] == "notify_up" ? r.notify_up : r.notify_down;
	if (slot)
		return c.error(s.loc, "(" + current_vs(c).group + ") " + str(s.words[0]) +
					      " script already specified - ignoring " + str(arg(s, 1)));
	Script script;
	if (read_script(c, s, script, true))
		slot = std::move(script);
}

void alpha(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "alpha", rs(c).alpha);
}

void retry(Ctx &c, const Stmt &s)
{
	set_retry(c, s, rs(c).retry);
}

void delay_before_retry(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 0, 0, rs(c).delay_before_retry,
	      "real server delay_before_retry '" + str(s.words[1]) + "' invalid - ignoring");
}

void warmup(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 0, 0, rs(c).warmup, "real server warmup '" + str(s.words[1]) + "' invalid - ignoring");
}

void connect_timeout(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 1, UINT_MAX, rs(c).connect_timeout,
	      "real server connect_timeout " + str(s.words[1]) + " invalid - ignoring");
}

void delay_loop(Ctx &c, const Stmt &s)
{
	set_timer(c, s, 1, 0, rs(c).delay_loop, "real server delay_loop '" + str(s.words[1]) + "' invalid - ignoring");
}

void smtp_alert(Ctx &c, const Stmt &s)
{
	read_switch(c, s, "real_server smtp_alert", rs(c).smtp_alert);
}

void virtualhost(Ctx &c, const Stmt &s)
{
	if (s.words.size() < 2)
		return c.error(s.loc, "real server virtualhost missing");
	rare(rs(c).rare).virtualhost = str(s.words[1]);
}

void snmp_name(Ctx &c, const Stmt &s)
{
	if (s.words.size() != 2)
		return c.error(s.loc, "real server snmp_name missing or extra parameters");
	rare(rs(c).rare).snmp_name = str(s.words[1]);
}

// --------------------------------------------------- EulerOS VXLAN keywords

void mac(Ctx &c, const Stmt &s)
{
	std::array<uint8_t, 6> m;
	if (!parse_mac(s.words[1], m))
		return c.error(s.loc, "Invalid real server mac '" + str(s.words[1]) + "' - ignoring");
	rare(rs(c).rare).mac = m;
}

void vni(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 0, (1u << 24) - 1, v))
		return c.error(s.loc, "Invalid real server vni '" + str(s.words[1]) + "' - ignoring");
	rare(rs(c).rare).vni = v;
}

void vteppaddr(Ctx &c, const Stmt &s)
{
	Endpoint e;
	if (s.words.size() < 3)
		return c.error(s.loc, "vteppaddr needs an address and a port - ignoring");
	if (!read_endpoint(c, s.loc, s.words[1], s.words[2], e) || !e.port)
		return c.error(s.loc, "Invalid vteppaddr " + str(s.words[1]) + " " + str(s.words[2]) +
					      " - ignoring");
	rare(rs(c).rare).vteppaddr = e;
}

void dest_lb_kind(Ctx &c, const Stmt &s)
{
	ForwardMethod f;
	if (!read_forward(c, s, "real", f))
		return;
	if (f.kind != Forward::nat_in_vxlan && f.kind != Forward::fnat_in_vxlan)
		return c.error(s.loc, "dest_lb_kind " + str(s.words[1]) +
					      " invalid - only NATinVXLAN or FNATinVXLAN - ignoring");
	rare(rs(c).rare).dest_lb_kind = f.kind;
}

// keepalived's rs_end_handler: a real server that is not tunnelled must
// have the virtual server's address family, and sets it if still unknown.
void rs_close(Ctx &c)
{
	VirtualServer &v = current_vs(c);
	RealServer &r = v.real_servers.back();
	Forward f = r.forward.kind != Forward::unset ? r.forward.kind : v.forward.kind;
	if (f == Forward::tun)
		return;
	if (v.af == AF_UNSPEC) {
		v.af = r.addr.addr.af;
	} else if (v.af != r.addr.addr.af) {
		c.error(r.loc, "Address family of virtual server and real server " + addr_str(r.addr.addr) +
				       " don't match - skipping real server.");
		v.real_servers.pop_back();
	}
}

constexpr Keyword kRsKeywords[] = {
	{"weight", 1, weight},
	{"lvs_method", 1, lvs_method, nullptr, &kVxlanForward},
	{"uthreshold", 1, threshold},
	{"lthreshold", 1, threshold},
	{"inhibit_on_failure", 0, inhibit},
	{"notify_up", 1, notify},
	{"notify_down", 1, notify},
	{"alpha", 0, alpha},
	{"retry", 1, retry},
	{"delay_before_retry", 1, delay_before_retry},
	{"warmup", 1, warmup},
	{"connect_timeout", 1, connect_timeout},
	{"delay_loop", 1, delay_loop},
	{"smtp_alert", 0, smtp_alert, nullptr, &kNoEmail},
	{"virtualhost", 0, virtualhost},
	{"snmp_name", 0, snmp_name, nullptr, &kNoSnmp},
	// EulerOS
	{"mac", 1, mac, nullptr, &kVxlanKeyword},
	{"vni", 1, vni, nullptr, &kVxlanKeyword},
	{"vteppaddr", 1, vteppaddr, nullptr, &kVxlanKeyword},
	{"dest_lb_kind", 1, dest_lb_kind, nullptr, &kVxlanForward},
};

} // namespace

const Block kRealServerBlock{kRsKeywords, nullptr, rs_close, &kCheckersBlock};

void open_real_server(Ctx &c, const Stmt &s)
{
	RealServer r;
	r.loc = s.loc;
	std::string_view port = arg(s, 2);
	if (!read_endpoint(c, s.loc, s.words[1], port, r.addr)) {
		c.error(s.loc, "Invalid real server ip address/port " + str(s.words[1]) + "/" + str(port) +
				       " - skipping");
		c.skip_block = true;
		return;
	}
	current_vs(c).real_servers.push_back(std::move(r));
}

bool read_forward(Ctx &c, const Stmt &s, const char *who, ForwardMethod &out)
{
	for (const auto &f : kForwards)
		if (f.name == s.words[1]) {
			ForwardMethod m = out;
			m.kind = f.kind;
			if (s.words.size() > 2 && !read_tunnel(c, s, who, m)) {
				out.kind = f.kind;
				return false;
			}
			out = m;
			return true;
		}
	c.error(s.loc, "PARSER : unknown [" + str(s.words[1]) + "] routing method for " + who + " server.");
	return false;
}

const char *forward_name(Forward f)
{
	for (const auto &n : kForwards)
		if (n.kind == f)
			return n.name.data();
	return "";
}

bool read_switch(Ctx &c, const Stmt &s, const std::string &what, Inherit &out)
{
	if (s.words.size() < 2) {
		out = Inherit::yes;
		return true;
	}
	int b = read_bool(s.words[1]);
	if (b < 0) {
		c.error(s.loc, "Invalid " + what + " parameter " + str(s.words[1]));
		return false;
	}
	out = b ? Inherit::yes : Inherit::no;
	return true;
}

} // namespace lvs::config
