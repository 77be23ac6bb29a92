// global_defs and the LVS blocks beside virtual servers, as keywords.
#include "core/config/emit.hpp"
#include "core/config/values.hpp"

namespace lvs::config {

namespace {

Node sync_daemon(const LvsSyncDaemon &d)
{
	std::vector<std::string> a{d.interface};
	if (!d.vrrp_instance.empty())
		a.insert(a.end(), {"inst", d.vrrp_instance});
	if (d.syncid != kNoCount)
		a.insert(a.end(), {"id", std::to_string(d.syncid)});
	if (d.maxlen)
		a.insert(a.end(), {"maxlen", std::to_string(d.maxlen)});
	if (d.port)
		a.insert(a.end(), {"port", std::to_string(d.port)});
	if (d.ttl)
		a.insert(a.end(), {"ttl", std::to_string(d.ttl)});
	if (d.group.af)
		a.insert(a.end(), {"group", addr_str(d.group)});
	return kw("lvs_sync_daemon", a);
}

Node global_defs(const GlobalDefs &g)
{
	std::vector<Node> c;
	text(c, "router_id", g.router_id);
	if (!g.notification_email.empty()) {
		std::vector<std::vector<std::string>> lines;
		for (const auto &e : g.notification_email)
			lines.push_back({e});
		c.push_back(value_block("notification_email", lines));
	}
	text(c, "notification_email_from", g.notification_email_from);
	if (!g.smtp_server.empty()) {
		std::vector<std::string> a{g.smtp_server};
		if (g.smtp_port)
			a.push_back(std::to_string(g.smtp_port));
		c.push_back(kw("smtp_server", a));
	}
	text(c, "smtp_helo_name", g.smtp_helo_name);
	if (g.smtp_connect_timeout != kNoTime)
		c.push_back(kw("smtp_connect_timeout", {std::to_string(g.smtp_connect_timeout / kSecond)}));
	flag(c, "smtp_alert", g.smtp_alert);
	flag(c, "smtp_alert_vrrp", g.smtp_alert_vrrp);
	flag(c, "smtp_alert_checker", g.smtp_alert_checker);
	if (g.checker_log_all_failures)
		c.push_back(kw("checker_log_all_failures"));
	text(c, "default_interface", g.default_interface);
	const LvsTimeouts &t = g.lvs_timeouts;
	if (t.tcp || t.tcpfin || t.udp) {
		std::vector<std::string> a;
		if (t.tcp)
			a.insert(a.end(), {"tcp", std::to_string(t.tcp)});
		if (t.tcpfin)
			a.insert(a.end(), {"tcpfin", std::to_string(t.tcpfin)});
		if (t.udp)
			a.insert(a.end(), {"udp", std::to_string(t.udp)});
		c.push_back(kw("lvs_timeouts", a));
	}
	if (g.lvs_sync_daemon)
		c.push_back(sync_daemon(*g.lvs_sync_daemon));
	if (g.lvs_flush)
		c.push_back(kw("lvs_flush"));
	if (g.lvs_flush_on_stop == FlushOnStop::all)
		c.push_back(kw("lvs_flush_on_stop"));
	else if (g.lvs_flush_on_stop == FlushOnStop::vs)
		c.push_back(kw("lvs_flush_on_stop", {"VS"}));
	if (!g.script_user.empty()) {
		std::vector<std::string> a{g.script_user};
		if (!g.script_group.empty())
			a.push_back(g.script_group);
		c.push_back(kw("script_user", a));
	}
	if (g.enable_script_security)
		c.push_back(kw("enable_script_security"));
	for (const auto &s : g.other)
		c.push_back(setting(s));
	return block("global_defs", {}, std::move(c));
}

// Keywords keepalived takes outside global_defs but keeps with it.
bool top_level(const std::string &name)
{
	return name == "net_namespace" || name == "net_namespace_ipvs" || name == "namespace_with_ipsets" ||
	       name == "use_pid_dir" || name == "instance" || name == "child_wait_time" ||
	       name == "linkbeat_use_polling";
}

std::string laddr_text(const LocalAddress &a)
{
	std::string s = addr_str(a.first);
	if (!(a.last == a.first))
		s += "-" + addr_str(a.last);
	return s;
}

} // namespace

void emit_global(const Config &cfg, std::vector<Node> &out)
{
	Node defs = global_defs(cfg.global);
	std::vector<Node> inside;
	for (auto &n : defs.children) {
		if (top_level(n.key))
			out.push_back(std::move(n));
		else
			inside.push_back(std::move(n));
	}
	defs.children = std::move(inside);
	out.push_back(std::move(defs));
	for (const auto &lg : cfg.local_address_groups) {
		std::vector<std::vector<std::string>> lines;
		for (const auto &a : lg.addresses) {
			lines.push_back({laddr_text(a)});
			if (!a.dev.empty())
				lines.back().push_back(a.dev);
		}
		Node n = value_block("local_address_group", lines);
		n.args = {lg.name};
		out.push_back(std::move(n));
	}
	if (cfg.vxlan) {
		std::vector<Node> c{kw("id", {std::to_string(cfg.vxlan->id)})};
		if (cfg.vxlan->local_vtepaddr.af)
			c.push_back(kw("local_vtepaddr", {addr_str(cfg.vxlan->local_vtepaddr)}));
		out.push_back(block("LVS_VXLAN_PARAM", {}, std::move(c)));
	}
	if (cfg.ssl) {
		std::vector<Node> c;
		text(c, "password", cfg.ssl->password);
		text(c, "ca", cfg.ssl->ca);
		text(c, "certificate", cfg.ssl->certificate);
		text(c, "key", cfg.ssl->key);
		out.push_back(block("SSL", {}, std::move(c)));
	}
}

} // namespace lvs::config
