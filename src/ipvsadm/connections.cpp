#include "ipvsadm/connections.hpp"

#include "core/ipvs/json.hpp"
#include "core/net/addr.hpp"
#include "ipvsadm/json.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <netinet/in.h>

namespace lvs::ipvsadm {

namespace {

using Json = OrderedJson;

// 1.31 reads the file in 256-byte pieces: a longer line counts as two.
constexpr int kLineBuffer = 256;

std::vector<std::string> fields(std::string_view line)
{
	std::vector<std::string> out;
	size_t i = 0;
	auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
	while (i < line.size()) {
		while (i < line.size() && space(line[i]))
			++i;
		size_t start = i;
		while (i < line.size() && !space(line[i]))
			++i;
		if (i > start)
			out.emplace_back(line.substr(start, i - start));
	}
	return out;
}

// %hX and %d: the number at the start of the field, if there is one.
std::optional<long> leading_number(const std::string &s, int base)
{
	char *end = nullptr;
	long n = std::strtol(s.c_str(), &end, base);
	if (end == s.c_str())
		return std::nullopt;
	return n;
}

uint16_t protocol_number(const std::string &name)
{
	if (name == "TCP")
		return IPPROTO_TCP;
	if (name == "UDP")
		return IPPROTO_UDP;
	if (name == "SCTP")
		return IPPROTO_SCTP;
	return 0;
}

// The kernel writes IPv4 as 8 hex digits and IPv6 in its text form;
// 1.31 also takes dotted quads.
net::Addr address(const std::string &text, uint16_t af)
{
	if (af == AF_INET6) {
		if (auto a = net::parse_ipv6(text))
			return *a;
		return net::Addr{AF_INET6, {}};
	}
	net::Addr a{AF_INET, {}};
	if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1)
		return a;
	return net::ipv4(htonl(static_cast<uint32_t>(std::strtoul(text.c_str(), nullptr, 16))));
}

std::unique_ptr<std::FILE, int (*)(std::FILE *)> open(const std::string &path)
{
	return {std::fopen(path.c_str(), "r"), std::fclose};
}

Json endpoint(const net::Addr &a, uint16_t port)
{
	Json j = ipvs::address_json(a);
	j["port"] = port;
	return j;
}

// The kernel writes the protocol in capitals ("TCP", "IP_47"); the other
// documents, and the services database, in lower case.
std::string lower(std::string text)
{
	for (char &ch : text)
		ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
	return text;
}

void write(const std::string &text)
{
	std::fwrite(text.data(), 1, text.size(), stdout);
}

} // namespace

std::optional<Connection> parse_connection(std::string_view line)
{
	std::vector<std::string> f = fields(line);
	if (f.empty())
		return std::nullopt;
	Connection c;
	auto text = [&](size_t i, std::string &out) {
		if (c.fields < static_cast<int>(i) || i >= f.size())
			return;
		out = f[i];
		c.fields = static_cast<int>(i) + 1;
	};
	auto num = [&](size_t i, int base, auto &out) {
		if (c.fields < static_cast<int>(i) || i >= f.size())
			return;
		if (auto n = leading_number(f[i], base)) {
			out = static_cast<std::remove_reference_t<decltype(out)>>(*n);
			c.fields = static_cast<int>(i) + 1;
		}
	};
	std::string caddr, vaddr, daddr;
	text(0, c.protocol);
	text(1, caddr);
	num(2, 16, c.cport);
	text(3, vaddr);
	num(4, 16, c.vport);
	text(5, daddr);
	num(6, 16, c.dport);
	text(7, c.state);
	num(8, 10, c.expires);
	text(9, c.pe_name);
	text(10, c.pe_data);
	c.proto = protocol_number(c.protocol);
	// The client's address decides both its and the virtual address's
	// family; the destination's may differ (tunnels).
	uint16_t af = net::parse_ipv6(caddr) ? AF_INET6 : AF_INET;
	c.client = address(caddr, af);
	c.virt = address(vaddr, af);
	c.dest = address(daddr, net::parse_ipv6(daddr) ? AF_INET6 : AF_INET);
	return c;
}

std::string connections_json(const std::vector<Connection> &rows)
{
	Json j = json_document(kJsonSchemaVersion);
	j["connections"] = Json::array();
	for (const Connection &c : rows)
		j["connections"].push_back({{"protocol", lower(c.protocol)},
					    {"expires", c.expires},
					    {"state", c.state},
					    {"source", endpoint(c.client, c.cport)},
					    {"virtual", endpoint(c.virt, c.vport)},
					    {"destination", endpoint(c.dest, c.dport)},
					    {"pe_name", c.pe_name},
					    {"pe_data", c.pe_data}});
	return json_line(j);
}

std::string connections_title(const Format &f)
{
	if (f.persistent_conn)
		return fmt::format("pro expire {:<11} {:<18} {:<18} {:<18} {:<16} {}\n", "state", "source", "virtual",
				   "destination", "pe name", "pe_data");
	return fmt::format("pro expire {:<11} {:<18} {:<18} {}\n", "state", "source", "virtual", "destination");
}

std::string connection_row(const Connection &c, const Format &f, const Names &names)
{
	std::string client = addr_port(c.client, c.cport, c.proto, f.numeric, names);
	std::string virt = addr_port(c.virt, c.vport, c.proto, f.numeric, names);
	std::string dest = addr_port(c.dest, c.dport, c.proto, f.numeric, names);
	std::string expire = fmt::format("{:02}:{:02}", c.expires / 60, c.expires % 60);
	if (f.persistent_conn && c.fields == 11)
		return fmt::format("{:<3} {:<6} {:<11} {:<18} {:<18} {:<16} {:<18} {}\n", c.protocol, expire, c.state,
				   client, virt, dest, c.pe_name, c.pe_data);
	return fmt::format("{:<3} {:<6} {:<11} {:<18} {:<18} {}\n", c.protocol, expire, c.state, client, virt, dest);
}

void list_connections(const std::string &path, const Format &f, const Names &names)
{
	auto file = open(path);
	if (!file)
		throw Exit(1, "cannot open file " + path + "\n");
	char buf[kLineBuffer];
	if (!std::fgets(buf, sizeof buf, file.get()))
		throw Exit(1, "unexpected input from " + path + "\n");
	if (!f.json)
		write("IPVS connection entries\n" + connections_title(f));
	std::vector<Connection> rows;
	while (std::fgets(buf, sizeof buf, file.get())) {
		auto c = parse_connection(buf);
		if (!c)
			throw Exit(1, "");
		if (f.json)
			rows.push_back(std::move(*c));
		else
			write(connection_row(*c, f, names));
	}
	if (f.json)
		write(connections_json(rows));
}

} // namespace lvs::ipvsadm
