#include "ipvsadm/json.hpp"

#include "core/ipvs/json.hpp"
#include "core/net/addr.hpp"

#include <arpa/inet.h>
#include <bit>
#include <fmt/format.h>
#include <linux/ip_vs.h>
#include <utility>

namespace lvs::ipvsadm {

namespace {

using Json = OrderedJson;

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

void add_stats(Json &j, const ipvs::Stats &s)
{
	j["stats"] = {{"conns", s.conns},
		      {"inpkts", s.inpkts},
		      {"outpkts", s.outpkts},
		      {"inbytes", s.inbytes},
		      {"outbytes", s.outbytes}};
	j["rate"] = {
		{"cps", s.cps}, {"inpps", s.inpps}, {"outpps", s.outpps}, {"inbps", s.inbps}, {"outbps", s.outbps}};
}

Json tunnel(const ipvs::Dest &d)
{
	static constexpr const char *kTypes[] = {"ipip", "gue", "gre"};
	static constexpr const char *kChecksums[] = {"nocsum", "csum", "remcsum"};
	if ((d.conn_flags & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL)
		return nullptr;
	return {{"type", d.tun_type < 3 ? kTypes[d.tun_type] : "unknown"},
		{"port", d.tun_port},
		{"checksum", d.tun_flags < 3 ? kChecksums[d.tun_flags] : "unknown"}};
}

Json dest(const ipvs::Dest &d)
{
	Json j = ipvs::address_json(d.addr);
	j["port"] = d.port;
	j["forward"] = forward(d);
	j["weight"] = static_cast<uint32_t>(d.weight);
	j["u_threshold"] = d.u_threshold;
	j["l_threshold"] = d.l_threshold;
	j["active_conns"] = d.active_conns;
	j["inactive_conns"] = d.inact_conns;
	j["persistent_conns"] = d.persist_conns;
	j["tunnel"] = tunnel(d);
	add_stats(j, d.stats);
	return j;
}

// The persistence mask as a prefix length, the one form that reads the
// same for both families: IPv6's is one already (-M 64), and "24" is what
// a program compares more easily than "255.255.255.0". An IPv4 mask that
// is no prefix (-M accepts any, as 1.31 and the kernel do) has none: null.
Json prefix_length(const ipvs::Service &s)
{
	if (s.key.af == AF_INET6)
		return s.netmask;
	uint32_t mask = ntohl(s.netmask);
	int length = std::popcount(mask);
	if (length && mask != ~0u << (32 - length))
		return nullptr;
	return length;
}

Json service(const ServiceEntry &e)
{
	const ipvs::Service &s = e.service;
	Json j = Json::object();
	ipvs::add_service_key(j, s.key);
	j["scheduler"] = s.sched_name;
	j["sched_flags"] = sched_flag_names(s.flags, s.sched_name);
	j["persistent"] = bool(s.flags & IP_VS_SVC_F_PERSISTENT);
	j["timeout"] = s.timeout;
	j["netmask"] = prefix_length(s);
	j["pe_name"] = s.pe_name;
	j["ops"] = bool(s.flags & IP_VS_SVC_F_ONEPACKET);
	add_stats(j, s.stats);
	j["destinations"] = Json::array();
	for (const ipvs::Dest &d : e.dests)
		j["destinations"].push_back(dest(d));
	return j;
}

} // namespace

std::string services_json(const std::vector<ServiceEntry> &entries, const ipvs::Info *info)
{
	Json j = json_document(kJsonSchemaVersion);
	if (info) {
		j["version"] = fmt::format("{}.{}.{}", (info->version >> 16) & 0xff, (info->version >> 8) & 0xff,
					   info->version & 0xff);
		j["conn_tab_size"] = info->conn_tab_size;
	}
	j["services"] = Json::array();
	for (const ServiceEntry &e : entries)
		j["services"].push_back(service(e));
	return json_line(j);
}

std::string timeouts_json(const ipvs::Timeouts &t)
{
	Json j = json_document(kJsonSchemaVersion);
	j["timeouts"] = {{"tcp", t.tcp}, {"tcp_fin", t.tcp_fin}, {"udp", t.udp}};
	return json_line(j);
}

std::string daemons_json(const std::vector<ipvs::Daemon> &daemons)
{
	Json j = json_document(kJsonSchemaVersion);
	j["daemons"] = Json::array();
	for (const ipvs::Daemon &d : daemons)
		j["daemons"].push_back(
			{{"state", d.state & IP_VS_STATE_MASTER   ? "master"
				   : d.state & IP_VS_STATE_BACKUP ? "backup"
								  : "none"},
			 {"mcast_interface", d.mcast_ifn},
			 {"syncid", d.syncid},
			 {"sync_maxlen", d.sync_maxlen},
			 {"mcast_group", d.mcast_group.af ? Json(net::to_string(d.mcast_group)) : Json()},
			 {"mcast_port", d.mcast_port},
			 {"mcast_ttl", d.mcast_ttl}});
	return json_line(j);
}

std::string laddrs_json(const std::vector<LaddrEntry> &entries)
{
	Json j = json_document(kJsonSchemaVersion);
	j["services"] = Json::array();
	for (const LaddrEntry &e : entries) {
		Json s = Json::object();
		ipvs::add_service_key(s, e.key);
		s["local_addresses"] = Json::array();
		for (const ipvs::LocalAddr &la : e.laddrs) {
			Json l = ipvs::address_json(la.addr);
			l["port_conflicts"] = la.port_conflict;
			l["conns"] = la.conn_counts;
			s["local_addresses"].push_back(std::move(l));
		}
		j["services"].push_back(s);
	}
	return json_line(j);
}

} // namespace lvs::ipvsadm
