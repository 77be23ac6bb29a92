// Virtual server groups, virtual servers, real servers and checkers as
// keywords, with their effective (inherited, defaulted) values.
#include "core/config/emit.hpp"
#include "core/config/keywords_lvs.hpp"
#include "core/config/values.hpp"

#include <cstring>
#include <linux/ip_vs.h>
#include <netinet/in.h>

namespace lvs::config {

namespace {

std::string num(uint64_t v)
{
	return std::to_string(v);
}

void timer(std::vector<Node> &out, const char *key, Micros t)
{
	if (t != kNoTime)
		out.push_back(kw(key, {timer_str(t)}));
}

void count(std::vector<Node> &out, const char *key, uint32_t v)
{
	if (v != kNoCount)
		out.push_back(kw(key, {num(v)}));
}

void script(std::vector<Node> &out, const char *key, const std::optional<Script> &s)
{
	if (s)
		out.push_back(kw(key, script_args(*s)));
}

std::vector<std::string> endpoint(const Endpoint &e)
{
	std::vector<std::string> a{addr_str(e.addr)};
	if (e.port)
		a.push_back(num(e.port));
	return a;
}

std::vector<std::string> forward(const ForwardMethod &f)
{
	std::vector<std::string> a{forward_name(f.kind)};
	if (f.kind != Forward::tun)
		return a;
	static const char *types[] = {"ipip", "gue", "gre"};
	static const char *csums[] = {"nocsum", "csum", "remcsum"};
	a.insert(a.end(), {"type", types[static_cast<int>(f.tun_type)]});
	if (f.tun_type == TunnelType::gue)
		a.insert(a.end(), {"port", num(f.tun_port)});
	if (f.tun_type != TunnelType::ipip)
		a.push_back(csums[static_cast<int>(f.csum)]);
	return a;
}

std::vector<Node> conn(const ConnOpts &c)
{
	std::vector<Node> out;
	if (c.connect.addr.af)
		out.push_back(kw("connect_ip", {addr_str(c.connect.addr)}));
	if (c.connect.port)
		out.push_back(kw("connect_port", {num(c.connect.port)}));
	const ConnSource &src = peek(c.source);
	if (src.bindto.addr.af)
		out.push_back(kw("bindto", {addr_str(src.bindto.addr)}));
	if (src.bindto.port)
		out.push_back(kw("bind_port", {num(src.bindto.port)}));
	text(out, "bind_if", src.bind_if);
	timer(out, "connect_timeout", c.connect_timeout);
	if (src.fwmark)
		out.push_back(kw("fwmark", {num(src.fwmark)}));
	return out;
}

Node url(const Url &u)
{
	std::vector<Node> c{kw("path", {u.path})};
	if (u.digest)
		c.push_back(kw("digest", {hex_str({u.digest->begin(), u.digest->end()}, nullptr)}));
	if (!u.status_codes.empty()) {
		std::vector<std::string> a;
		for (const auto &r : u.status_codes)
			a.push_back(r.first == r.last ? num(r.first) : num(r.first) + "-" + num(r.last));
		c.push_back(kw("status_code", a));
	}
	text(c, "virtualhost", u.virtualhost);
	if (!u.regex.empty()) {
		Node n = kw("regex", {u.regex});
		n.shell = true;
		c.push_back(std::move(n));
	}
	if (u.regex_no_match)
		c.push_back(kw("regex_no_match"));
	if (!u.regex_options.empty())
		c.push_back(kw("regex_options", u.regex_options));
	if (u.regex_min_offset)
		c.push_back(kw("regex_min_offset", {num(u.regex_min_offset)}));
	if (u.regex_max_offset)
		c.push_back(kw("regex_max_offset", {num(*u.regex_max_offset)}));
	if (u.regex_stack_max)
		c.push_back(kw("regex_stack", {num(u.regex_stack_start), num(u.regex_stack_max)}));
	return block("url", {}, std::move(c));
}

void detail(std::vector<Node> &c, const HttpCheck &h)
{
	static const char *protocols[] = {"1.0", "1.0C", "1.1"};
	c.push_back(kw("http_protocol", {protocols[static_cast<int>(h.protocol)]}));
	text(c, "virtualhost", h.virtualhost);
	if (h.fast_recovery)
		c.push_back(kw("fast_recovery"));
	if (h.enable_sni)
		c.push_back(kw("enable_sni"));
	for (const auto &u : h.urls)
		c.push_back(url(u));
}

void detail(std::vector<Node> &c, const UdpCheck &u)
{
	if (!u.payload.empty())
		c.push_back(kw("payload", {hex_str(u.payload, nullptr)}));
	if (u.require_reply) {
		std::vector<std::string> a;
		if (!u.reply_data.empty())
			a.push_back(hex_str(u.reply_data, &u.reply_mask));
		c.push_back(kw("require_reply", a));
	}
	c.push_back(kw("min_reply_length", {num(u.min_reply_length)}));
	c.push_back(kw("max_reply_length", {num(u.max_reply_length)}));
	if (u.ping_check_off)
		c.push_back(kw("ping_check_off"));
}

void detail(std::vector<Node> &c, const MiscCheck &m)
{
	c.push_back(kw("misc_path", {m.script.command}));
	if (m.timeout)
		c.push_back(kw("misc_timeout", {num(m.timeout / kSecond)}));
	if (m.dynamic)
		c.push_back(kw("misc_dynamic"));
	if (!m.script.user.empty()) {
		std::vector<std::string> a{m.script.user};
		if (!m.script.group.empty())
			a.push_back(m.script.group);
		c.push_back(kw("user", a));
	}
}

void detail(std::vector<Node> &c, const DnsCheck &d)
{
	static const char *types[] = {"A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY"};
	c.push_back(kw("type", {types[static_cast<int>(d.type)]}));
	c.push_back(kw("name", {d.name}));
}

void detail(std::vector<Node> &c, const SmtpCheck &s)
{
	text(c, "helo_name", s.helo_name);
}

void detail(std::vector<Node> &c, const FileCheck &f)
{
	c.push_back(kw("track_file", {f.track_file}));
	if (f.weight_set) {
		std::vector<std::string> a{std::to_string(f.weight)};
		if (f.reverse)
			a.push_back("reverse");
		c.push_back(kw("weight", a));
	}
}

void detail(std::vector<Node> &c, const BfdCheck &b)
{
	c.push_back(kw("name", {b.name}));
}

} // namespace

const char *checker_keyword(CheckerType t)
{
	static const char *names[] = {"TCP_CHECK", "HTTP_GET", "SSL_GET", "UDP_CHECK", "MISC_CHECK",
				      "DNS_CHECK", "SMTP_CHECK", "PING_CHECK", "FILE_CHECK", "BFD_CHECK"};
	return names[static_cast<int>(t)];
}

Node checker_node(const Checker &k)
{
	std::vector<Node> c;
	bool connects = k.type != CheckerType::misc && k.type != CheckerType::file && k.type != CheckerType::bfd;
	if (connects)
		c = conn(k.conn);
	if (k.type != CheckerType::file) {
		flag(c, "alpha", k.alpha);
	}
	if (k.type != CheckerType::file && k.type != CheckerType::bfd) {
		count(c, "retry", k.retry);
		timer(c, "delay_before_retry", k.delay_before_retry);
		timer(c, "warmup", k.warmup);
		timer(c, "delay_loop", k.delay_loop);
		flag(c, "log_all_failures", k.log_all_failures);
	}
	if (k.detail)
		std::visit([&](const auto &d) { detail(c, d); }, *k.detail);
	return block(checker_keyword(k.type), {}, std::move(c));
}

namespace {

Node real_server(const RealServer &r)
{
	std::vector<Node> c;
	count(c, "weight", r.weight);
	if (r.forward.kind != Forward::unset)
		c.push_back(kw("lvs_method", forward(r.forward)));
	if (r.uthreshold)
		c.push_back(kw("uthreshold", {num(r.uthreshold)}));
	if (r.lthreshold)
		c.push_back(kw("lthreshold", {num(r.lthreshold)}));
	flag(c, "inhibit_on_failure", r.inhibit_on_failure);
	const RealServerRare &x = peek(r.rare);
	script(c, "notify_up", x.notify_up);
	script(c, "notify_down", x.notify_down);
	flag(c, "alpha", r.alpha);
	count(c, "retry", r.retry);
	timer(c, "delay_before_retry", r.delay_before_retry);
	timer(c, "warmup", r.warmup);
	timer(c, "connect_timeout", r.connect_timeout);
	timer(c, "delay_loop", r.delay_loop);
	flag(c, "smtp_alert", r.smtp_alert);
	text(c, "virtualhost", x.virtualhost);
	text(c, "snmp_name", x.snmp_name);
	if (x.mac)
		c.push_back(kw("mac", {mac_str(*x.mac)}));
	if (x.vni)
		c.push_back(kw("vni", {num(*x.vni)}));
	if (x.vteppaddr.addr.af)
		c.push_back(kw("vteppaddr", endpoint(x.vteppaddr)));
	if (x.dest_lb_kind != Forward::unset)
		c.push_back(kw("dest_lb_kind", {forward_name(x.dest_lb_kind)}));
	for (const auto &k : r.checkers)
		c.push_back(checker_node(k));
	return block("real_server", endpoint(r.addr), std::move(c));
}

std::string granularity(const VirtualServer &v)
{
	if (v.af == AF_INET6)
		return num(v.persistence_granularity);
	net::Addr a{AF_INET, {}};
	std::memcpy(a.bytes.data(), &v.persistence_granularity, 4);
	return addr_str(a);
}

const char *protocol_name(uint16_t p)
{
	return p == IPPROTO_TCP ? "TCP" : p == IPPROTO_UDP ? "UDP" : "SCTP";
}

// flag-1 and flag-2 are sh's (and mh's) fallback and port flags.
void sched_flags(std::vector<Node> &c, const VirtualServer &v)
{
	uint32_t f = v.sched_flags;
	bool hashing = v.sched == "sh" || v.sched == "mh";
	if (f & IP_VS_SVC_F_ONEPACKET)
		c.push_back(kw("ops"));
	if (f & IP_VS_SVC_F_SCHED1)
		c.push_back(kw(hashing ? v.sched + "-fallback" : "flag-1"));
	if (f & IP_VS_SVC_F_SCHED2)
		c.push_back(kw(hashing ? v.sched + "-port" : "flag-2"));
	if (f & IP_VS_SVC_F_SCHED3)
		c.push_back(kw("flag-3"));
}

void vs_header(std::vector<Node> &c, const VirtualServer &v)
{
	if (v.af && v.kind != VsKind::address)
		c.push_back(kw("ip_family", {v.af == AF_INET6 ? "inet6" : "inet"}));
	text(c, "lb_algo", v.sched);
	sched_flags(c, v);
	if (v.forward.kind != Forward::unset)
		c.push_back(kw("lb_kind", forward(v.forward)));
	text(c, "persistence_engine", peek(v.rare).persistence_engine);
	if (v.persistence_timeout)
		c.push_back(kw("persistence_timeout", {num(v.persistence_timeout)}));
	if (v.persistence_granularity != UINT32_MAX)
		c.push_back(kw("persistence_granularity", {granularity(v)}));
	if (v.protocol)
		c.push_back(kw("protocol", {protocol_name(v.protocol)}));
}


std::vector<std::string> vsg_entry(const VsgEntry &e)
{
	if (e.kind == VsgEntryKind::fwmark) {
		std::vector<std::string> a{"fwmark", num(e.fwmark)};
		if (e.fwmark_af)
			a.push_back(e.fwmark_af == AF_INET6 ? "inet6" : "inet");
		return a;
	}
	std::string range = addr_str(e.first);
	if (!(e.last == e.first))
		range += "-" + addr_str(e.last);
	std::vector<std::string> a{range};
	if (e.port)
		a.push_back(num(e.port));
	return a;
}

} // namespace

Node virtual_server(const VirtualServer &v)
{
	std::vector<Node> c;
	const VirtualServerRare &x = peek(v.rare);
	vs_header(c, v);
	if (v.ha_suspend)
		c.push_back(kw("ha_suspend"));
	flag(c, "smtp_alert", v.smtp_alert);
	text(c, "virtualhost", x.virtualhost);
	text(c, "snmp_name", x.snmp_name);
	if (v.alpha)
		c.push_back(kw("alpha"));
	if (v.omega)
		c.push_back(kw("omega"));
	c.push_back(kw("quorum", {num(v.quorum)}));
	c.push_back(kw("hysteresis", {num(v.hysteresis)}));
	script(c, "quorum_up", x.quorum_up);
	script(c, "quorum_down", x.quorum_down);
	c.push_back(kw("weight", {num(v.weight)}));
	count(c, "retry", v.retry);
	timer(c, "connect_timeout", v.connect_timeout);
	timer(c, "delay_loop", v.delay_loop);
	timer(c, "warmup", v.warmup);
	timer(c, "delay_before_retry", v.delay_before_retry);
	if (v.inhibit_on_failure)
		c.push_back(kw("inhibit_on_failure"));
	if (x.sorry_server) {
		c.push_back(kw("sorry_server", endpoint(x.sorry_server->addr)));
		if (x.sorry_server->forward.kind != Forward::unset)
			c.push_back(kw("sorry_server_lvs_method", forward(x.sorry_server->forward)));
		if (x.sorry_server->inhibit)
			c.push_back(kw("sorry_server_inhibit"));
	}
	text(c, "laddr_group_name", x.laddr_group_name);
	if (x.tcp_draining_timeout)
		c.push_back(kw("tcp_draining_timeout", {num(*x.tcp_draining_timeout)}));
	if (x.flow_control_cps)
		c.push_back(kw("flow_control_cps", {num(*x.flow_control_cps)}));
	if (x.flow_control_interval)
		c.push_back(kw("flow_control_interval", {num(*x.flow_control_interval)}));
	if (x.flow_control_pc)
		c.push_back(kw("flow_control_pc", {num(*x.flow_control_pc)}));
	for (auto [key, list] : {std::pair{"client_ipaddr_allow", &x.client_ipaddr_allow},
				 std::pair{"client_ipaddr_exclude", &x.client_ipaddr_exclude}}) {
		if (list->empty())
			continue;
		std::vector<std::vector<std::string>> lines;
		for (const auto &e : *list)
			lines.push_back({addr_str(e.addr) + "/" + num(e.prefix)});
		c.push_back(value_block(key, lines));
	}
	if (v.checker_off)
		c.push_back(kw("checker_off"));
	if (v.checker_merge)
		c.push_back(kw("checker_merge"));
	text(c, "vip_bind_dev", x.vip_bind_dev);
	for (const auto &r : v.real_servers)
		c.push_back(real_server(r));
	std::vector<std::string> head = v.kind == VsKind::group	 ? std::vector<std::string>{"group", v.group}
					: v.kind == VsKind::fwmark ? std::vector<std::string>{"fwmark", num(v.fwmark)}
								   : endpoint(v.addr);
	return block("virtual_server", head, std::move(c));
}

void emit_lvs(const Config &cfg, std::vector<Node> &out)
{
	for (const auto &g : cfg.virtual_server_groups) {
		std::vector<std::vector<std::string>> lines;
		for (const auto &e : g.entries)
			lines.push_back(vsg_entry(e));
		Node n = value_block("virtual_server_group", lines);
		n.args = {g.name};
		out.push_back(std::move(n));
	}
	for (const auto &v : cfg.virtual_servers)
		out.push_back(virtual_server(v));
}

} // namespace lvs::config
