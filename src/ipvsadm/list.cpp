#include "ipvsadm/list.hpp"

#include "core/net/addr.hpp"
#include "ipvsadm/order.hpp"

#include <arpa/inet.h>
#include <array>
#include <fmt/format.h>
#include <iterator>
#include <linux/ip_vs.h>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

namespace lvs::ipvsadm {

namespace {

// Formats onto the end of out: listings of 100,000 lines build no
// temporary string per line.
template <typename... Args>
void append(std::string &out, fmt::format_string<Args...> format, Args &&...args)
{
	fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

// printf's %-Ns: the text, then spaces up to width.
void pad(std::string &out, std::string_view text, size_t width)
{
	out += text;
	if (text.size() < width)
		out.append(width - text.size(), ' ');
}

constexpr size_t kNameMax = 59;        // addrport_to_anyname's 60-byte buffer
constexpr size_t kServiceNameMax = 33; // IPv4 service column
constexpr size_t kDestNameMax = 28;    // IPv4 destination column
constexpr uint32_t kSchedFlagBits = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3;

// glibc prints a null %s as "(null)", which is what 1.31 shows for a
// forwarding method it has no name for.
constexpr const char *kNull = "(null)";

const char *list_protocol(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "TCP";
	case IPPROTO_UDP:
		return "UDP";
	case IPPROTO_SCTP:
		return "SCTP";
	default:
		return "?";
	}
}

const char *rule_protocol(uint16_t protocol)
{
	switch (protocol) {
	case IPPROTO_TCP:
		return "-t";
	case IPPROTO_UDP:
		return "-u";
	case IPPROTO_SCTP:
		return "--sctp-service";
	default:
		return "--xxx-service";
	}
}

uint32_t fwd_method(const ipvs::Dest &d)
{
	return d.conn_flags & IP_VS_CONN_F_FWD_MASK;
}

const char *fwd_name(const ipvs::Dest &d)
{
	switch (fwd_method(d)) {
	case IP_VS_CONN_F_MASQ:
		return "Masq";
	case IP_VS_CONN_F_LOCALNODE:
		return "Local";
	case IP_VS_CONN_F_TUNNEL:
		return "Tunnel";
	case IP_VS_CONN_F_DROUTE:
		return "Route";
	case ipvs::kFwdFullNat:
		return "FullNat";
	default:
		return kNull;
	}
}

const char *fwd_switch(const ipvs::Dest &d)
{
	switch (fwd_method(d)) {
	case IP_VS_CONN_F_MASQ:
		return "-m";
	case IP_VS_CONN_F_TUNNEL:
		return "-i";
	case IP_VS_CONN_F_LOCALNODE:
	case IP_VS_CONN_F_DROUTE:
		return "-g";
	case ipvs::kFwdFullNat:
		return "--fullnat";
	default:
		return kNull;
	}
}

// 1.31 indexes its name arrays with the kernel's values unchecked; a value
// past them has no defined output, so it shows as "?".
const char *tunnel_flags(uint16_t flags, bool as_option)
{
	static constexpr const char *kShort[] = {"-c", "+c", "r+c"};
	static constexpr const char *kOption[] = {"--tun-nocsum", "--tun-csum", "--tun-remcsum"};
	if (flags > 2)
		return "?";
	return as_option ? kOption[flags] : kShort[flags];
}

// --tun-info's column: "ipip", "gue:PORT:FLAGS", "gre:FLAGS" or "n/a".
std::string tunnel_info(const ipvs::Dest &d)
{
	if (fwd_method(d) != IP_VS_CONN_F_TUNNEL)
		return "n/a";
	switch (d.tun_type) {
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
		return "ipip";
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
		return fmt::format("gue:{}:{}", d.tun_port, tunnel_flags(d.tun_flags, false));
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
		return fmt::format("gre:{}", tunnel_flags(d.tun_flags, false));
	default:
		return "n/a";
	}
}

// The flags named as the service's scheduler reads them, comma-separated.
std::string sched_flags_text(const ipvs::Service &s)
{
	std::string text;
	for (std::string_view name : sched_flag_names(s.flags, s.sched_name))
		text += (text.empty() ? "" : ",") + std::string(name);
	return text;
}

std::string ipv4_mask(uint32_t netmask)
{
	return net::to_string(net::ipv4(netmask));
}

// " mask M" / " -M M" when persistence is coarser than one client.
std::string mask_suffix(const ipvs::Service &s, const char *word)
{
	if (s.key.af == AF_INET && s.netmask != 0xffffffff)
		return fmt::format(" {} {}", word, ipv4_mask(s.netmask));
	if (s.key.af == AF_INET6 && s.netmask != 128)
		return fmt::format(" {} {}", word, static_cast<int>(s.netmask));
	return "";
}

// The service's name column: "TCP  10.0.0.1:80", "FWM  1 IPv6", "-t 10.0.0.1:80".
std::string service_name(const ipvs::Service &s, const Format &f, const Names &names)
{
	const ipvs::ServiceKey &k = s.key;
	if (k.fwmark) {
		// Debian's 1.31 prints the mark with %d: past 2^31 it is negative.
		auto mark = static_cast<int32_t>(k.fwmark);
		const char *v6 = k.af == AF_INET6 ? (f.rule ? " -6" : " IPv6") : "";
		return fmt::format("{}{}{}", f.rule ? "-f " : "FWM  ", mark, v6);
	}
	std::string addr = addr_port(k.addr, k.port, k.protocol, f.numeric, names);
	if (f.rule)
		return fmt::format("{} {}", rule_protocol(k.protocol), addr);
	std::string name = fmt::format("{:<4} {}", list_protocol(k.protocol), addr);
	if (k.af != AF_INET6 && name.size() > kServiceNameMax)
		name.resize(kServiceNameMax);
	return name;
}

void append_service_line(std::string &out, const ipvs::Service &s, const std::string &name,
			 const Format &f)
{
	const ipvs::Stats &st = s.stats;
	if (f.rule) {
		append(out, "-A {} -s {}", name, s.sched_name);
		if (s.flags & IP_VS_SVC_F_PERSISTENT) {
			append(out, " -p {}", s.timeout);
			out += mask_suffix(s, "-M");
		}
		if (!s.pe_name.empty())
			out += " --pe " + s.pe_name;
		if (s.flags & IP_VS_SVC_F_ONEPACKET)
			out += " -o";
		if (s.flags & kSchedFlagBits)
			out += " -b " + sched_flags_text(s);
	} else if (f.stats || f.rate) {
		append(out, "{:<33}", name);
		std::array<uint64_t, 5> counters{st.cps, st.inpps, st.outpps, st.inbps, st.outbps};
		if (f.stats)
			counters = {st.conns, st.inpkts, st.outpkts, st.inbytes, st.outbytes};
		for (uint64_t v : counters)
			out += largenum(v, f.exact);
	} else {
		out += name + " " + s.sched_name;
		if (s.flags & kSchedFlagBits)
			out += " (" + sched_flags_text(s) + ")";
		if (s.flags & IP_VS_SVC_F_PERSISTENT) {
			append(out, " persistent {}", s.timeout);
			out += mask_suffix(s, "mask");
			if (!s.pe_name.empty())
				out += " pe " + s.pe_name;
		}
		if (s.flags & IP_VS_SVC_F_ONEPACKET)
			out += " ops";
	}
	out += '\n';
}

void append_dest_rule(std::string &out, const std::string &svc, const std::string &name,
		      const ipvs::Dest &d)
{
	// By hand, as the plain row: one per destination of a large table.
	out += "-a ";
	out += svc;
	out += " -r ";
	out += name;
	out += ' ';
	out += fwd_switch(d);
	out += " -w ";
	out += fmt::format_int(d.weight).str();
	if (fwd_method(d) == IP_VS_CONN_F_TUNNEL) {
		switch (d.tun_type) {
		case IP_VS_CONN_F_TUNNEL_TYPE_IPIP:
			out += " --tun-type ipip";
			break;
		case IP_VS_CONN_F_TUNNEL_TYPE_GUE:
			append(out, " --tun-type gue --tun-port {} {}", d.tun_port,
					   tunnel_flags(d.tun_flags, true));
			break;
		case IP_VS_CONN_F_TUNNEL_TYPE_GRE:
			append(out, " --tun-type gre {}", tunnel_flags(d.tun_flags, true));
			break;
		default:
			break;
		}
	}
	out += '\n';
}

void append_dest(std::string &out, const ipvs::Dest &d, const std::string &name, const Format &f)
{
	const ipvs::Stats &st = d.stats;
	if (f.stats) {
		append(out, "  -> {:<28}", name);
		for (uint64_t v : {st.conns, st.inpkts, st.outpkts, st.inbytes, st.outbytes})
			out += largenum(v, f.exact);
	} else if (f.rate) {
		// 1.31 scales only the byte rates here.
		append(out, "  -> {:<28} {:>8} {:>8} {:>8}", name, st.cps, st.inpps, st.outpps);
		out += largenum(st.inbps, f.exact) + largenum(st.outbps, f.exact);
	} else if (f.thresholds) {
		append(out, "  -> {:<28} {:<10} {:<10} {:<10} {:<10}", name, d.u_threshold,
				   d.l_threshold, d.active_conns, d.inact_conns);
	} else if (f.persistent_conn) {
		append(out, "  -> {:<28} {:<9} {:<11} {:<10} {:<10}", name,
				   static_cast<uint32_t>(d.weight), d.persist_conns, d.active_conns,
				   d.inact_conns);
	} else if (f.tun_info) {
		append(out, "  -> {:<28} {:<7} {:<13} {:<6} {:<10} {:<10}", name, fwd_name(d),
				   tunnel_info(d), d.weight, d.active_conns, d.inact_conns);
	} else {
		// The plain listing's row, padded by hand: it is the one printed
		// for every destination of a large table.
		out += "  -> ";
		pad(out, name, 28);
		out += ' ';
		pad(out, fwd_name(d), 7);
		out += ' ';
		pad(out, fmt::format_int(d.weight).str(), 6);
		out += ' ';
		pad(out, fmt::format_int(d.active_conns).str(), 10);
		out += ' ';
		pad(out, fmt::format_int(d.inact_conns).str(), 10);
	}
	out += '\n';
}

template <typename Key, typename Value, typename Lookup>
auto cached(Lookup lookup)
{
	auto cache = std::make_shared<std::map<Key, Value>>();
	return [cache, lookup](auto... args) {
		Key key{args...};
		auto it = cache->find(key);
		if (it == cache->end())
			it = cache->emplace(key, lookup(args...)).first;
		return it->second;
	};
}

// One service and its destinations; -S adds its local addresses after
// them, as the -P lines that restore them.
void append_service(std::string &out, const ServiceEntry &e, const Format &f, const Names &names)
{
	std::string name = service_name(e.service, f, names);
	append_service_line(out, e.service, name, f);
	for (const ipvs::Dest &d : e.dests) {
		std::string dname = addr_port(d.addr, d.port, e.service.key.protocol, f.numeric, names);
		if (f.rule) {
			append_dest_rule(out, name, dname, d);
			continue;
		}
		if (d.addr.af != AF_INET6 && dname.size() > kDestNameMax)
			dname.resize(kDestNameMax);
		append_dest(out, d, dname, f);
	}
	if (!f.rule)
		return;
	for (const ipvs::LocalAddr &la : e.laddrs)
		append(out, "-P {} -z {}\n", name,
				   f.numeric ? net::to_string(la.addr) : names.host(la.addr));
}

// -G's name of a service: Alibaba's addrport_to_anyname(FMT_NUMERIC).
std::string laddr_service_name(const ipvs::ServiceKey &k)
{
	if (k.fwmark)
		return fmt::format("FWM:{}", k.fwmark);
	bool v4 = k.af == AF_INET;
	return fmt::format("{}{}{}:{}", v4 ? "" : "[", net::to_string(k.addr), v4 ? "" : "]", k.port);
}

} // namespace

Names system_names()
{
	using Port = std::pair<uint16_t, uint16_t>;
	return Names{
		cached<net::Addr, std::string>([](const net::Addr &a) { return net::host_name(a); }),
		cached<Port, std::optional<std::string>>(
			[](uint16_t port, uint16_t proto) { return net::service_name(port, proto); }),
	};
}

std::string addr_port(const net::Addr &addr, uint16_t port, uint16_t protocol, bool numeric,
		      const Names &names)
{
	bool v4 = addr.af == AF_INET;
	std::string host = numeric ? net::to_string(addr) : names.host(addr);
	std::string service;
	if (!numeric)
		service = names.service(port, protocol).value_or("");
	if (service.empty())
		service = std::to_string(port);
	std::string text = fmt::format("{}{}{}:{}", v4 ? "" : "[", host, v4 ? "" : "]", service);
	if (text.size() > kNameMax)
		text.resize(kNameMax);
	return text;
}

std::string largenum(uint64_t v, bool exact)
{
	if (exact) {
		std::string digits = std::to_string(v);
		return fmt::format("{:>{}}", digits, digits.size() <= 8 ? 9 : digits.size() + 1);
	}
	if (v < 100000000ULL)
		return fmt::format("{:>9}", v);
	if (v < 1000000000ULL)
		return fmt::format("{:>8}K", v / 1000);
	if (v < 100000000000ULL)
		return fmt::format("{:>8}M", v / 1000000);
	if (v < 100000000000000ULL)
		return fmt::format("{:>8}G", v / 1000000000ULL);
	return fmt::format("{:>8}T", v / 1000000000000ULL);
}

std::string header(const ipvs::Info &info)
{
	return fmt::format("IP Virtual Server version {}.{}.{} (size={})\n", (info.version >> 16) & 0xff,
			   (info.version >> 8) & 0xff, info.version & 0xff,
			   static_cast<int>(info.conn_tab_size));
}

std::string title(const Format &f)
{
	auto counters = [](const char *a, const char *b, const char *c, const char *d, const char *e) {
		return fmt::format("{:<33} {:>8} {:>8} {:>8} {:>8} {:>8}\n  -> RemoteAddress:Port\n",
				   "Prot LocalAddress:Port", a, b, c, d, e);
	};
	if (f.stats)
		return counters("Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
	if (f.rate)
		return counters("CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
	if (f.thresholds)
		return fmt::format("{:<33} {:<10} {:<10} {:<10} {:<10}\n  -> RemoteAddress:Port\n",
				   "Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn",
				   "InActConn");
	if (f.persistent_conn)
		return fmt::format("{:<33} {:<9} {:<11} {:<10} {:<10}\n  -> RemoteAddress:Port\n",
				   "Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn",
				   "InActConn");
	if (f.tun_info)
		return "Prot LocalAddress:Port Scheduler Flags\n"
		       "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n";
	if (f.rule)
		return "";
	return "Prot LocalAddress:Port Scheduler Flags\n"
	       "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";
}

std::string table_text(const std::vector<ServiceEntry> &entries, const Format &f, const Names &names)
{
	std::string out = title(f);
	// About a line of 64 bytes per service and per destination.
	size_t lines = entries.size();
	for (const ServiceEntry &e : entries)
		lines += e.dests.size();
	out.reserve(out.size() + 64 * lines);
	for (const ServiceEntry &e : entries)
		append_service(out, e, f, names);
	return out;
}

std::string timeouts_text(const ipvs::Timeouts &t)
{
	return fmt::format("Timeout (tcp tcpfin udp): {} {} {}\n", static_cast<int>(t.tcp),
			   static_cast<int>(t.tcp_fin), static_cast<int>(t.udp));
}

std::string daemons_text(const std::vector<ipvs::Daemon> &daemons)
{
	// libipvs keeps two slots: the first daemon, and the last of the rest.
	std::vector<const ipvs::Daemon *> slots;
	if (!daemons.empty())
		slots.push_back(&daemons.front());
	if (daemons.size() > 1)
		slots.push_back(&daemons.back());
	std::string out;
	for (const ipvs::Daemon *d : slots) {
		const char *type = (d->state & IP_VS_STATE_MASTER)   ? "master"
				   : (d->state & IP_VS_STATE_BACKUP) ? "backup"
								     : nullptr;
		if (!type)
			continue;
		append(out, "{} sync daemon (mcast={}, syncid={}", type, d->mcast_ifn,
				   static_cast<int>(d->syncid));
		if (d->sync_maxlen)
			append(out, ", maxlen={}", d->sync_maxlen);
		if (d->mcast_group.af)
			out += ", group=" + net::to_string(d->mcast_group);
		if (d->mcast_port)
			append(out, ", port={}", d->mcast_port);
		if (d->mcast_ttl)
			append(out, ", ttl={}", d->mcast_ttl);
		out += ")\n";
	}
	return out;
}

std::string laddrs_text(const std::vector<LaddrEntry> &entries)
{
	std::string out;
	for (const LaddrEntry &e : entries) {
		if (out.empty())
			out = fmt::format("{:<20} {:<8} {:<20} {:<10} {:<10}\n", "VIP:VPORT", "TOTAL",
					  "LADDR", "CONFLICTS", "CONNS");
		append(out, "{:<20} {:<8} \n", laddr_service_name(e.key), e.laddrs.size());
		for (const ipvs::LocalAddr &la : e.laddrs)
			append(out, "{:<20} {:<8} {:<20} {:<10} {:<10}\n", "", "",
					   net::to_string(la.addr), la.port_conflict, la.conn_counts);
	}
	return out;
}

void sort_entries(std::vector<ServiceEntry> &entries, const Format &f)
{
	if (f.nosort)
		return;
	glibc_sort(entries, [](const ServiceEntry &a, const ServiceEntry &b) {
		return compare_services(a.service, b.service);
	});
	for (ServiceEntry &e : entries)
		glibc_sort(e.dests, compare_dests);
}

} // namespace lvs::ipvsadm
