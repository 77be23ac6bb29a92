// The VRRP side as keywords: scripts and tracked objects first (instances
// refer to them by name), then sync groups and instances.
#include "core/config/emit.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

std::string num(int64_t v)
{
	return std::to_string(v);
}

void script(std::vector<Node> &out, const char *key, const std::unique_ptr<Script> &s)
{
	if (!s)
		return;
	out.push_back(kw(key, s->command.empty() ? std::vector<std::string>{} : script_args(*s)));
}

std::vector<std::string> ip_address(const IpAddress &a)
{
	std::vector<std::string> w{addr_str(a.addr) + "/" + num(a.prefix)};
	if (!a.dev.empty())
		w.insert(w.end(), {"dev", a.dev});
	w.insert(w.end(), a.options.begin(), a.options.end());
	return w;
}

Node addresses(const char *key, const std::vector<IpAddress> &list)
{
	std::vector<std::vector<std::string>> lines;
	for (const auto &a : list)
		lines.push_back(ip_address(a));
	return value_block(key, lines);
}

Node ip_lines(const char *key, const std::vector<IpLine> &list)
{
	std::vector<std::vector<std::string>> lines;
	for (const auto &l : list)
		lines.push_back(l.words);
	return value_block(key, lines);
}

Node tracks(const char *key, const std::vector<TrackRef> &list)
{
	std::vector<std::vector<std::string>> lines;
	for (const auto &t : list) {
		lines.push_back({t.name});
		if (t.weight)
			lines.back().insert(lines.back().end(), {"weight", num(*t.weight)});
		if (t.reverse)
			lines.back().push_back("reverse");
	}
	return value_block(key, lines);
}

void tracking(std::vector<Node> &c, const VrrpTracking &t)
{
	std::pair<const char *, const std::vector<TrackRef> *> lists[] = {
		{"track_interface", &t.interfaces}, {"track_script", &t.scripts}, {"track_file", &t.files},
		{"track_process", &t.processes},    {"track_bfd", &t.bfds}};
	for (const auto &[key, list] : lists)
		if (!list->empty())
			c.push_back(tracks(key, *list));
}

void notify(std::vector<Node> &c, const VrrpNotify &n)
{
	script(c, "notify_master", n.master);
	script(c, "notify_backup", n.backup);
	script(c, "notify_fault", n.fault);
	script(c, "notify_stop", n.stop);
	script(c, "notify_deleted", n.deleted);
	script(c, "notify", n.any);
	script(c, "notify_master_rx_lower_pri", n.master_rx_lower_pri);
}

Node instance(const VrrpInstance &vi)
{
	std::vector<Node> c;
	if (vi.state != VrrpState::unset)
		c.push_back(kw("state", {vi.state == VrrpState::master ? "MASTER" : "BACKUP"}));
	if (!vi.interface.empty())
		c.push_back(kw("interface", {vi.interface}));
	c.push_back(kw("virtual_router_id", {num(vi.virtual_router_id)}));
	if (vi.priority)
		c.push_back(kw("priority", {num(vi.priority)}));
	if (vi.advert_int != kNoTime)
		c.push_back(kw("advert_int", {timer_str(vi.advert_int)}));
	if (vi.version)
		c.push_back(kw("version", {num(vi.version)}));
	if (vi.auth_type != AuthType::none)
		c.push_back(block("authentication", {},
				  {kw("auth_type", {vi.auth_type == AuthType::ah ? "AH" : "PASS"}),
				   kw("auth_pass", {vi.auth_pass})}));
	if (vi.mcast_src_ip.af)
		c.push_back(kw("mcast_src_ip", {addr_str(vi.mcast_src_ip)}));
	if (vi.unicast_src_ip.af)
		c.push_back(kw("unicast_src_ip", {addr_str(vi.unicast_src_ip)}));
	if (!vi.unicast_peer.empty()) {
		std::vector<std::vector<std::string>> lines;
		for (const auto &p : vi.unicast_peer) {
			lines.push_back({addr_str(p.addr)});
			if (p.min_ttl >= 0)
				lines.back().insert(lines.back().end(), {"min_ttl", num(p.min_ttl)});
			if (p.max_ttl >= 0)
				lines.back().insert(lines.back().end(), {"max_ttl", num(p.max_ttl)});
		}
		c.push_back(value_block("unicast_peer", lines));
	}
	if (!vi.virtual_ipaddress.empty())
		c.push_back(addresses("virtual_ipaddress", vi.virtual_ipaddress));
	if (!vi.virtual_ipaddress_excluded.empty())
		c.push_back(addresses("virtual_ipaddress_excluded", vi.virtual_ipaddress_excluded));
	if (!vi.virtual_routes.empty())
		c.push_back(ip_lines("virtual_routes", vi.virtual_routes));
	if (!vi.virtual_rules.empty())
		c.push_back(ip_lines("virtual_rules", vi.virtual_rules));
	if (vi.nopreempt)
		c.push_back(kw("nopreempt"));
	if (vi.preempt_delay)
		c.push_back(kw("preempt_delay", {timer_str(vi.preempt_delay)}));
	if (vi.accept != Inherit::unset)
		c.push_back(kw(vi.accept == Inherit::yes ? "accept" : "no_accept"));
	flag(c, "strict_mode", vi.strict_mode);
	flag(c, "smtp_alert", vi.smtp_alert);
	if (vi.dont_track_primary)
		c.push_back(kw("dont_track_primary"));
	tracking(c, vi.track);
	notify(c, vi.notify);
	for (const auto &s : vi.other)
		c.push_back(setting(s));
	return block("vrrp_instance", {vi.name}, std::move(c));
}

Node sync_group(const VrrpSyncGroup &g)
{
	std::vector<std::vector<std::string>> members;
	for (const auto &m : g.group)
		members.push_back({m});
	std::vector<Node> c{value_block("group", members)};
	tracking(c, g.track);
	notify(c, g.notify);
	flag(c, "smtp_alert", g.smtp_alert);
	for (const auto &s : g.other)
		c.push_back(setting(s));
	return block("vrrp_sync_group", {g.name}, std::move(c));
}

Node vrrp_script(const VrrpScript &s)
{
	std::vector<Node> c{kw("script", {s.script.command}), kw("interval", {timer_str(s.interval)})};
	if (s.timeout)
		c.push_back(kw("timeout", {timer_str(s.timeout)}));
	std::vector<std::string> w{num(s.weight)};
	if (s.weight_reverse)
		w.push_back("reverse");
	c.push_back(kw("weight", w));
	c.push_back(kw("rise", {num(s.rise)}));
	c.push_back(kw("fall", {num(s.fall)}));
	if (!s.script.user.empty()) {
		std::vector<std::string> u{s.script.user};
		if (!s.script.group.empty())
			u.push_back(s.script.group);
		c.push_back(kw("user", u));
	}
	if (s.init_fail)
		c.push_back(kw("init_fail"));
	return block("vrrp_script", {s.name}, std::move(c));
}

Node track_file(const TrackFile &t)
{
	std::vector<std::string> w{num(t.weight)};
	if (t.reverse)
		w.push_back("reverse");
	std::vector<Node> c{kw("file", {t.file}), kw("weight", w)};
	if (t.init_value) {
		std::vector<std::string> a{num(*t.init_value)};
		if (t.init_overwrite)
			a.push_back("overwrite");
		c.push_back(kw("init_file", a));
	}
	return block("track_file", {t.name}, std::move(c));
}

Node track_process(const TrackProcess &t)
{
	std::vector<std::string> w{num(t.weight)};
	if (t.reverse)
		w.push_back("reverse");
	std::vector<Node> c{kw("process", t.process), kw("weight", w)};
	for (const auto &s : t.options)
		c.push_back(setting(s));
	return block("vrrp_track_process", {t.name}, std::move(c));
}

Node named(const char *key, const NamedBlock &b)
{
	std::vector<Node> c;
	for (const auto &s : b.options)
		c.push_back(setting(s));
	return block(key, {b.name}, std::move(c));
}

Node track_group(const NamedBlock &b)
{
	std::vector<std::vector<std::string>> members;
	for (const auto &s : b.options)
		members.push_back(s.args);
	return block("track_group", {b.name}, {value_block("group", members)});
}

Node garp_group(const GarpGroup &g)
{
	std::vector<Node> c;
	if (g.garp_interval != kNoTime)
		c.push_back(kw("garp_interval", {timer_str(g.garp_interval)}));
	if (g.gna_interval != kNoTime)
		c.push_back(kw("gna_interval", {timer_str(g.gna_interval)}));
	if (!g.interface.empty())
		c.push_back(kw("interface", {g.interface}));
	if (!g.interfaces.empty()) {
		std::vector<std::vector<std::string>> lines;
		for (const auto &i : g.interfaces)
			lines.push_back({i});
		c.push_back(value_block("interfaces", lines));
	}
	return block("garp_group", {}, std::move(c));
}

Node settings_block(const char *key, const std::vector<Setting> &list)
{
	std::vector<std::vector<std::string>> lines;
	for (const auto &s : list) {
		lines.push_back({s.name});
		lines.back().insert(lines.back().end(), s.args.begin(), s.args.end());
	}
	return value_block(key, lines);
}

} // namespace

void emit_vrrp(const Config &cfg, std::vector<Node> &out)
{
	const Vrrp &v = cfg.vrrp;
	if (!v.linkbeat_interfaces.empty())
		out.push_back(settings_block("linkbeat_interfaces", v.linkbeat_interfaces));
	if (!v.interface_up_down_delays.empty())
		out.push_back(settings_block("interface_up_down_delays", v.interface_up_down_delays));
	if (!v.static_ipaddress.empty())
		out.push_back(addresses("static_ipaddress", v.static_ipaddress));
	if (!v.static_routes.empty())
		out.push_back(ip_lines("static_routes", v.static_routes));
	if (!v.static_rules.empty())
		out.push_back(ip_lines("static_rules", v.static_rules));
	for (const auto &t : v.track_files)
		out.push_back(track_file(t));
	for (const auto &t : v.track_processes)
		out.push_back(track_process(t));
	for (const auto &s : v.scripts)
		out.push_back(vrrp_script(s));
	for (const auto &b : v.bfd_instances)
		out.push_back(named("bfd_instance", b));
	for (const auto &g : v.garp_groups)
		out.push_back(garp_group(g));
	for (const auto &vi : v.instances)
		out.push_back(instance(vi));
	for (const auto &g : v.sync_groups)
		out.push_back(sync_group(g));
	for (const auto &t : v.track_groups)
		out.push_back(track_group(t));
}

} // namespace lvs::config
