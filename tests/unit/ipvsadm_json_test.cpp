// --json: one document per listing, stable keys, numeric addresses, held
// to the contract of JSON OUTPUT in man/ipvsadm.8.
#include "ipvsadm/connections.hpp"
#include "ipvsadm/json.hpp"
#include "json_contract.hpp"

#include "core/net/addr.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>

using namespace lvs::ipvsadm;

namespace {

lvs::net::Addr v4(const char *text)
{
	return *lvs::net::parse_ipv4_liberal(text);
}

lvs::net::Addr v6(const char *text)
{
	return *lvs::net::parse_ipv6(text);
}

// TCP 10.0.0.1:80, sh with sh-port, persistent for 300 s per /mask, with
// one full-NAT real server.
ServiceEntry web(uint32_t mask)
{
	lvs::ipvs::Service s;
	s.key.protocol = IPPROTO_TCP;
	s.key.addr = v4("10.0.0.1");
	s.key.port = 80;
	s.sched_name = "sh";
	s.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED2;
	s.timeout = 300;
	s.netmask = htonl(mask);
	lvs::ipvs::Dest d;
	d.addr = v4("192.168.0.1");
	d.port = 8080;
	d.conn_flags = lvs::ipvs::kFwdFullNat;
	d.weight = 2;
	return {s, {d}};
}

// Firewall mark 7 over IPv6, with a GUE tunnel to an IPv4 real server.
ServiceEntry tunnelled()
{
	lvs::ipvs::Service s;
	s.key = {AF_INET6, 0, {}, 0, 7};
	s.sched_name = "rr";
	s.netmask = 64;
	lvs::ipvs::Dest d;
	d.addr = v4("192.168.0.2");
	d.conn_flags = IP_VS_CONN_F_TUNNEL;
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 6080;
	d.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	return {s, {d}};
}

const char *kStats = "\"stats\":{\"conns\":0,\"inpkts\":0,\"outpkts\":0,\"inbytes\":0,\"outbytes\":0},"
		     "\"rate\":{\"cps\":0,\"inpps\":0,\"outpps\":0,\"inbps\":0,\"outbps\":0}";

} // namespace

TEST_CASE("services as JSON: schema_version first, protocol in lower case, the netmask a prefix length")
{
	lvs::ipvs::Info info{0x010201, 4096};
	CHECK(services_json({web(0xffffff00)}, &info) ==
	      std::string("{\"schema_version\":1,\"version\":\"1.2.1\",\"conn_tab_size\":4096,\"services\":[{"
			  "\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"10.0.0.1\",\"port\":80,\"fwmark\":0,"
			  "\"scheduler\":\"sh\",\"sched_flags\":[\"sh-port\"],\"persistent\":true,\"timeout\":300,"
			  "\"netmask\":24,\"pe_name\":\"\",\"ops\":false,") +
		      kStats +
		      ",\"destinations\":[{\"family\":\"inet\",\"address\":\"192.168.0.1\",\"port\":8080,"
		      "\"forward\":\"fullnat\",\"weight\":2,\"u_threshold\":0,\"l_threshold\":0,"
		      "\"active_conns\":0,\"inactive_conns\":0,\"persistent_conns\":0,\"tunnel\":null," +
		      kStats + "}]}]}\n");
	CHECK(services_json({}, nullptr) == "{\"schema_version\":1,\"services\":[]}\n");
}

TEST_CASE("the netmask: a prefix length for both families, null for an IPv4 mask that is no prefix")
{
	auto netmask = [](const ServiceEntry &e) {
		return lvs::OrderedJson::parse(services_json({e}, nullptr))["services"][0]["netmask"];
	};
	CHECK(netmask(web(0xffffffff)) == 32);
	CHECK(netmask(web(0)) == 0);
	CHECK(netmask(web(0x80000000)) == 1);
	CHECK(netmask(web(0xff00ff00)).is_null());
	CHECK(netmask(tunnelled()) == 64);
}

TEST_CASE("the listing's document is the one JSON OUTPUT documents")
{
	lvs::ipvs::Info info{0x010201, 4096};
	json_contract::check("ipvsadm.8", "listing",
			     {services_json({web(0xffffff00), tunnelled(), web(0xff00ff00)}, &info),
			      services_json({tunnelled()}, nullptr), services_json({}, &info)});
}

TEST_CASE("timeouts and daemons as JSON")
{
	CHECK(timeouts_json({900, 120, 300}) ==
	      "{\"schema_version\":1,\"timeouts\":{\"tcp\":900,\"tcp_fin\":120,\"udp\":300}}\n");
	lvs::ipvs::Daemon d{IP_VS_STATE_MASTER, "eth0", 7, 0, lvs::net::Addr{0, {}}, 0, 0};
	CHECK(daemons_json({d}) == "{\"schema_version\":1,\"daemons\":[{\"state\":\"master\",\"mcast_interface\":"
				   "\"eth0\",\"syncid\":7,\"sync_maxlen\":0,\"mcast_group\":null,\"mcast_port\":0,"
				   "\"mcast_ttl\":0}]}\n");
	json_contract::check("ipvsadm.8", "timeouts", {timeouts_json({900, 120, 300})});
	lvs::ipvs::Daemon backup{IP_VS_STATE_BACKUP, "eth1", 8, 1500, v4("224.0.0.82"), 8849, 2};
	json_contract::check("ipvsadm.8", "daemons", {daemons_json({d, backup}), daemons_json({})});
}

TEST_CASE("a daemon's interface that is not UTF-8 is printed, its odd byte replaced")
{
	lvs::ipvs::Daemon d{IP_VS_STATE_BACKUP, "eth\xff", 1, 0, lvs::net::Addr{0, {}}, 0, 0};
	CHECK(daemons_json({d}).find("\"mcast_interface\":\"eth\xef\xbf\xbd\"") != std::string::npos);
}

TEST_CASE("connections as JSON: the kernel's protocol in lower case, each end with its family")
{
	auto c = parse_connection("TCP 0A000002 8C3E 0A000001 0050 2001:db8::5 1F90 ESTABLISHED 897 sip abc\n");
	REQUIRE(c);
	auto plain = parse_connection("UDP 0A000002 8C3E 0A000001 0035 C0A80001 0035 UDP 12\n");
	REQUIRE(plain);
	CHECK(connections_json({*c}) ==
	      "{\"schema_version\":1,\"connections\":[{\"protocol\":\"tcp\",\"expires\":897,\"state\":\"ESTABLISHED\","
	      "\"source\":{\"family\":\"inet\",\"address\":\"10.0.0.2\",\"port\":35902},"
	      "\"virtual\":{\"family\":\"inet\",\"address\":\"10.0.0.1\",\"port\":80},"
	      "\"destination\":{\"family\":\"inet6\",\"address\":\"2001:db8::5\",\"port\":8080},"
	      "\"pe_name\":\"sip\",\"pe_data\":\"abc\"}]}\n");
	json_contract::check("ipvsadm.8", "connections", {connections_json({*c, *plain}), connections_json({})});
}

TEST_CASE("local addresses as JSON")
{
	lvs::ipvs::ServiceKey web{AF_INET, IPPROTO_TCP, v4("10.0.0.1"), 80, 0};
	lvs::ipvs::ServiceKey mark{AF_INET, IPPROTO_TCP, {}, 0, 7};
	lvs::ipvs::LocalAddr la{v4("10.0.200.1"), 4294967296ull, 12};
	CHECK(laddrs_json({{web, {la}}, {mark, {}}}) ==
	      "{\"schema_version\":1,\"services\":[{\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"10.0.0.1\","
	      "\"port\":80,\"fwmark\":0,\"local_addresses\":[{\"family\":\"inet\","
	      "\"address\":\"10.0.200.1\",\"port_conflicts\":4294967296,\"conns\":12}]},"
	      "{\"family\":\"inet\",\"protocol\":null,\"address\":null,\"port\":0,\"fwmark\":7,"
	      "\"local_addresses\":[]}]}\n");
	CHECK(laddrs_json({}) == "{\"schema_version\":1,\"services\":[]}\n");
	lvs::ipvs::ServiceKey six{AF_INET6, IPPROTO_SCTP, v6("2001:db8::1"), 5060, 0};
	lvs::ipvs::LocalAddr la6{v6("2001:db8::200"), 0, 0};
	json_contract::check("ipvsadm.8", "local-addresses", {laddrs_json({{web, {la}}, {mark, {}}, {six, {la6}}})});
}
