// --json: one document, stable keys, numeric addresses.
#include "ipvsadm/json.hpp"

#include "core/net/addr.hpp"

#include <doctest/doctest.h>

#include <linux/ip_vs.h>
#include <netinet/in.h>

using namespace lvs::ipvsadm;

TEST_CASE("the JSON writer places commas and escapes strings")
{
	JsonWriter j;
	j.open('{').key("a").open('[').num(1).str("x\"y\\z\n\x01").null().close(']');
	j.key("b").boolean(true).close('}');
	CHECK(j.done() == "{\"a\":[1,\"x\\\"y\\\\z\\n\\u0001\",null],\"b\":true}\n");
}

TEST_CASE("services as JSON")
{
	lvs::ipvs::Service s;
	s.key.protocol = IPPROTO_TCP;
	s.key.addr = *lvs::net::parse_ipv4_liberal("10.0.0.1");
	s.key.port = 80;
	s.sched_name = "sh";
	s.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED2;
	s.timeout = 300;
	s.netmask = 0xffffffff;
	lvs::ipvs::Dest d;
	d.addr = *lvs::net::parse_ipv4_liberal("192.168.0.1");
	d.port = 8080;
	d.conn_flags = lvs::ipvs::kFwdFullNat;
	d.weight = 2;
	lvs::ipvs::Info info{0x010201, 4096};
	CHECK(services_json({{s, {d}}}, &info) ==
	      "{\"version\":\"1.2.1\",\"conn_tab_size\":4096,\"services\":[{\"family\":\"inet\","
	      "\"protocol\":\"tcp\",\"address\":\"10.0.0.1\",\"port\":80,\"fwmark\":0,\"scheduler\":\"sh\","
	      "\"sched_flags\":[\"sh-port\"],\"persistent\":true,\"timeout\":300,"
	      "\"netmask\":\"255.255.255.255\",\"pe\":\"\",\"ops\":false,"
	      "\"stats\":{\"conns\":0,\"inpkts\":0,\"outpkts\":0,\"inbytes\":0,\"outbytes\":0},"
	      "\"rate\":{\"cps\":0,\"inpps\":0,\"outpps\":0,\"inbps\":0,\"outbps\":0},"
	      "\"destinations\":[{\"family\":\"inet\",\"address\":\"192.168.0.1\",\"port\":8080,"
	      "\"forward\":\"fullnat\",\"weight\":2,\"u_threshold\":0,\"l_threshold\":0,"
	      "\"active_conns\":0,\"inactive_conns\":0,\"persistent_conns\":0,\"tunnel\":null,"
	      "\"stats\":{\"conns\":0,\"inpkts\":0,\"outpkts\":0,\"inbytes\":0,\"outbytes\":0},"
	      "\"rate\":{\"cps\":0,\"inpps\":0,\"outpps\":0,\"inbps\":0,\"outbps\":0}}]}]}\n");
	CHECK(services_json({}, nullptr) == "{\"services\":[]}\n");
}

TEST_CASE("timeouts and daemons as JSON")
{
	CHECK(timeouts_json({900, 120, 300}) == "{\"timeouts\":{\"tcp\":900,\"tcp_fin\":120,\"udp\":300}}\n");
	lvs::ipvs::Daemon d{IP_VS_STATE_MASTER, "eth0", 7, 0, lvs::net::Addr{0, {}}, 0, 0};
	CHECK(daemons_json({d}) == "{\"daemons\":[{\"state\":\"master\",\"mcast_interface\":\"eth0\","
				   "\"syncid\":7,\"sync_maxlen\":0,\"mcast_group\":null,\"mcast_port\":0,"
				   "\"mcast_ttl\":0}]}\n");
}

TEST_CASE("local addresses as JSON")
{
	lvs::ipvs::ServiceKey web{AF_INET, IPPROTO_TCP, *lvs::net::parse_ipv4_liberal("10.0.0.1"), 80, 0};
	lvs::ipvs::ServiceKey mark{AF_INET, IPPROTO_TCP, {}, 0, 7};
	lvs::ipvs::LocalAddr la{*lvs::net::parse_ipv4_liberal("10.0.200.1"), 4294967296ull, 12};
	CHECK(laddrs_json({{web, {la}}, {mark, {}}}) ==
	      "{\"services\":[{\"family\":\"inet\",\"protocol\":\"tcp\",\"address\":\"10.0.0.1\","
	      "\"port\":80,\"fwmark\":0,\"local_addresses\":[{\"family\":\"inet\","
	      "\"address\":\"10.0.200.1\",\"port_conflicts\":4294967296,\"conns\":12}]},"
	      "{\"family\":\"inet\",\"protocol\":null,\"address\":null,\"port\":0,\"fwmark\":7,"
	      "\"local_addresses\":[]}]}\n");
	CHECK(laddrs_json({}) == "{\"services\":[]}\n");
}
