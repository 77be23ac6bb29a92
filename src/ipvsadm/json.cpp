#include "ipvsadm/json.hpp"

#include "core/net/addr.hpp"

#include <fmt/format.h>
#include <linux/ip_vs.h>

namespace lvs::ipvsadm {

void JsonWriter::item()
{
	if (after_key_) {
		after_key_ = false;
		return;
	}
	if (!first_.empty()) {
		if (!first_.back())
			out_ += ',';
		first_.back() = false;
	}
}

JsonWriter &JsonWriter::open(char bracket)
{
	item();
	out_ += bracket;
	first_.push_back(true);
	return *this;
}

JsonWriter &JsonWriter::close(char bracket)
{
	out_ += bracket;
	first_.pop_back();
	return *this;
}

JsonWriter &JsonWriter::key(std::string_view k)
{
	str(k);
	out_ += ':';
	after_key_ = true;
	return *this;
}

JsonWriter &JsonWriter::str(std::string_view v)
{
	item();
	out_ += '"';
	for (unsigned char ch : v) {
		switch (ch) {
		case '"':
			out_ += "\\\"";
			break;
		case '\\':
			out_ += "\\\\";
			break;
		case '\n':
			out_ += "\\n";
			break;
		case '\t':
			out_ += "\\t";
			break;
		default:
			if (ch < 0x20)
				out_ += fmt::format("\\u{:04x}", ch);
			else
				out_ += static_cast<char>(ch);
		}
	}
	out_ += '"';
	return *this;
}

JsonWriter &JsonWriter::num(uint64_t v)
{
	item();
	out_ += std::to_string(v);
	return *this;
}

JsonWriter &JsonWriter::boolean(bool v)
{
	item();
	out_ += v ? "true" : "false";
	return *this;
}

JsonWriter &JsonWriter::null()
{
	item();
	out_ += "null";
	return *this;
}

std::string JsonWriter::done()
{
	return std::move(out_) + "\n";
}

namespace {

const char *family(uint16_t af)
{
	return af == AF_INET6 ? "inet6" : "inet";
}

const char *forward(const ipvs::Dest &d)
{
	switch (d.conn_flags & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ:
		return "masq";
	case IP_VS_CONN_F_LOCALNODE:
		return "local";
	case IP_VS_CONN_F_TUNNEL:
		return "tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "route";
	case IP_VS_CONN_F_BYPASS:
		return "bypass";
	case ipvs::kFwdFullNat:
		return "fullnat";
	default:
		return "unknown";
	}
}

void stats(JsonWriter &j, const ipvs::Stats &s)
{
	j.key("stats").open('{');
	j.key("conns").num(s.conns).key("inpkts").num(s.inpkts).key("outpkts").num(s.outpkts);
	j.key("inbytes").num(s.inbytes).key("outbytes").num(s.outbytes);
	j.close('}');
	j.key("rate").open('{');
	j.key("cps").num(s.cps).key("inpps").num(s.inpps).key("outpps").num(s.outpps);
	j.key("inbps").num(s.inbps).key("outbps").num(s.outbps);
	j.close('}');
}

void tunnel(JsonWriter &j, const ipvs::Dest &d)
{
	static constexpr const char *kTypes[] = {"ipip", "gue", "gre"};
	static constexpr const char *kChecksums[] = {"nocsum", "csum", "remcsum"};
	j.key("tunnel");
	if ((d.conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL) {
		j.null();
		return;
	}
	j.open('{');
	j.key("type").str(d.tun_type < 3 ? kTypes[d.tun_type] : "unknown");
	j.key("port").num(d.tun_port);
	j.key("checksum").str(d.tun_flags < 3 ? kChecksums[d.tun_flags] : "unknown");
	j.close('}');
}

void dest(JsonWriter &j, const ipvs::Dest &d)
{
	j.open('{');
	j.key("family").str(family(d.addr.af));
	j.key("address").str(net::to_string(d.addr));
	j.key("port").num(d.port);
	j.key("forward").str(forward(d));
	j.key("weight").num(static_cast<uint32_t>(d.weight));
	j.key("u_threshold").num(d.u_threshold).key("l_threshold").num(d.l_threshold);
	j.key("active_conns").num(d.active_conns).key("inactive_conns").num(d.inact_conns);
	j.key("persistent_conns").num(d.persist_conns);
	tunnel(j, d);
	stats(j, d.stats);
	j.close('}');
}

// What names a service: family, protocol, address, port, fwmark.
void service_key(JsonWriter &j, const ipvs::ServiceKey &k)
{
	j.key("family").str(family(k.af));
	j.key("protocol");
	if (const char *p = k.fwmark ? nullptr : net::service_protocol(k.protocol))
		j.str(p);
	else
		j.null();
	j.key("address");
	if (k.fwmark)
		j.null();
	else
		j.str(net::to_string(k.addr));
	j.key("port").num(k.port);
	j.key("fwmark").num(k.fwmark);
}

void service(JsonWriter &j, const ServiceEntry &e)
{
	const ipvs::Service &s = e.service;
	const ipvs::ServiceKey &k = s.key;
	j.open('{');
	service_key(j, k);
	j.key("scheduler").str(s.sched_name);
	j.key("sched_flags").open('[');
	for (std::string_view name : sched_flag_names(s.flags, s.sched_name))
		j.str(name);
	j.close(']');
	j.key("persistent").boolean(s.flags & IP_VS_SVC_F_PERSISTENT);
	j.key("timeout").num(s.timeout);
	j.key("netmask").str(k.af == AF_INET6 ? std::to_string(s.netmask)
					      : net::to_string(net::ipv4(s.netmask)));
	j.key("pe").str(s.pe_name);
	j.key("ops").boolean(s.flags & IP_VS_SVC_F_ONEPACKET);
	stats(j, s.stats);
	j.key("destinations").open('[');
	for (const ipvs::Dest &d : e.dests)
		dest(j, d);
	j.close(']');
	j.close('}');
}

} // namespace

std::string services_json(const std::vector<ServiceEntry> &entries, const ipvs::Info *info)
{
	JsonWriter j;
	j.open('{');
	if (info) {
		j.key("version").str(fmt::format("{}.{}.{}", (info->version >> 16) & 0xff,
						 (info->version >> 8) & 0xff, info->version & 0xff));
		j.key("conn_tab_size").num(info->conn_tab_size);
	}
	j.key("services").open('[');
	for (const ServiceEntry &e : entries)
		service(j, e);
	j.close(']');
	j.close('}');
	return j.done();
}

std::string timeouts_json(const ipvs::Timeouts &t)
{
	JsonWriter j;
	j.open('{').key("timeouts").open('{');
	j.key("tcp").num(t.tcp).key("tcp_fin").num(t.tcp_fin).key("udp").num(t.udp);
	j.close('}').close('}');
	return j.done();
}

std::string daemons_json(const std::vector<ipvs::Daemon> &daemons)
{
	JsonWriter j;
	j.open('{').key("daemons").open('[');
	for (const ipvs::Daemon &d : daemons) {
		j.open('{');
		j.key("state").str(d.state & IP_VS_STATE_MASTER   ? "master"
				   : d.state & IP_VS_STATE_BACKUP ? "backup"
								  : "none");
		j.key("mcast_interface").str(d.mcast_ifn);
		j.key("syncid").num(d.syncid);
		j.key("sync_maxlen").num(d.sync_maxlen);
		j.key("mcast_group");
		if (d.mcast_group.af)
			j.str(net::to_string(d.mcast_group));
		else
			j.null();
		j.key("mcast_port").num(d.mcast_port);
		j.key("mcast_ttl").num(d.mcast_ttl);
		j.close('}');
	}
	j.close(']').close('}');
	return j.done();
}

std::string laddrs_json(const std::vector<LaddrEntry> &entries)
{
	JsonWriter j;
	j.open('{').key("services").open('[');
	for (const LaddrEntry &e : entries) {
		j.open('{');
		service_key(j, e.key);
		j.key("local_addresses").open('[');
		for (const ipvs::LocalAddr &la : e.laddrs) {
			j.open('{');
			j.key("family").str(family(la.addr.af));
			j.key("address").str(net::to_string(la.addr));
			j.key("port_conflicts").num(la.port_conflict);
			j.key("conns").num(la.conn_counts);
			j.close('}');
		}
		j.close(']');
		j.close('}');
	}
	j.close(']').close('}');
	return j.done();
}

} // namespace lvs::ipvsadm
