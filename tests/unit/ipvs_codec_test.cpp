// The IPVS wire format without a kernel: requests round-trip through the
// decoders, replies built the way ip_vs_ctl.c (and our module's
// netlink.c, for local addresses) builds them decode to the model,
// requests carry what the kernel needs and ipvsadm 1.31 sends, and no
// truncated, hostile or random input gets past the decoders' checks.
#include "core/error.hpp"
#include "core/ipvs/codec.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <functional>
#include <linux/ip_vs.h>
#include <memory>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <random>
#include <string>
#include <vector>

#include "ip_vs_fnat_uapi.h" // after <linux/ip_vs.h>

using namespace lvs::ipvs;

namespace {

constexpr int kFamily = 0x24;

std::vector<uint8_t> wire(const MsgPtr &msg)
{
	const nlmsghdr *h = nlmsg_hdr(msg.get());
	auto *p = reinterpret_cast<const uint8_t *>(h);
	return {p, p + h->nlmsg_len};
}

// The bytes in a buffer of exactly their size, so ASan sees a read past them.
struct Exact {
	explicit Exact(const std::vector<uint8_t> &v)
		: buf(std::make_unique<uint8_t[]>(v.size())), n(v.size())
	{
		std::copy(v.begin(), v.end(), buf.get());
	}
	Bytes bytes() const { return Bytes(buf.get(), n); }

	std::unique_ptr<uint8_t[]> buf;
	size_t n;
};

Addr v4(const char *s)
{
	Addr a{AF_INET, {}};
	REQUIRE(inet_pton(AF_INET, s, a.bytes.data()) == 1);
	return a;
}

Addr v6(const char *s)
{
	Addr a{AF_INET6, {}};
	REQUIRE(inet_pton(AF_INET6, s, a.bytes.data()) == 1);
	return a;
}

Service tcp_service()
{
	Service s;
	s.key = ServiceKey{AF_INET, IPPROTO_TCP, v4("10.0.0.1"), 80, 0};
	s.sched_name = "wlc";
	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout = 360;
	s.netmask = htonl(0xffffff00);
	return s;
}

Dest masq_dest()
{
	Dest d;
	d.addr = v4("192.168.10.1");
	d.port = 8080;
	d.conn_flags = IP_VS_CONN_F_MASQ;
	d.weight = 3;
	d.u_threshold = 100;
	d.l_threshold = 10;
	return d;
}

// The request of the typed op for `cmd` and its part.
std::vector<uint8_t> request(int cmd, const Service &s)
{
	switch (cmd) {
	case IPVS_CMD_NEW_SERVICE:
		return wire(encode(kFamily, op::NewService{s}));
	case IPVS_CMD_SET_SERVICE:
		return wire(encode(kFamily, op::SetService{s}));
	case IPVS_CMD_DEL_SERVICE:
		return wire(encode(kFamily, op::DelService{s.key}));
	default:
		return wire(encode(kFamily, op::Zero{s.key}));
	}
}

std::vector<uint8_t> request(int, const Timeouts &t)
{
	return wire(encode(kFamily, op::SetTimeouts{t}));
}

std::vector<uint8_t> request(int cmd, const Daemon &d)
{
	if (cmd == IPVS_CMD_NEW_DAEMON)
		return wire(encode(kFamily, op::NewDaemon{d}));
	return wire(encode(kFamily, op::DelDaemon{d}));
}

std::vector<uint8_t> dest_request(int cmd, const ServiceKey &key, const Dest &d)
{
	if (cmd == IPVS_CMD_NEW_DEST)
		return wire(encode(kFamily, op::NewDest{key, d}));
	if (cmd == IPVS_CMD_SET_DEST)
		return wire(encode(kFamily, op::SetDest{key, d}));
	return wire(encode(kFamily, op::DelDest{key, d.addr, d.port}));
}

std::vector<uint8_t> laddr_request(int cmd, const ServiceKey &key, const LocalAddr &la)
{
	if (cmd == IPVS_CMD_NEW_LADDR)
		return wire(encode(kFamily, op::NewLaddr{key, la.addr}));
	return wire(encode(kFamily, op::DelLaddr{key, la.addr}));
}

// SET_* requests carry what NEW_* ones do; only the genl cmd differs.
bool same_but_cmd(std::vector<uint8_t> a, const std::vector<uint8_t> &b)
{
	a.at(NLMSG_HDRLEN) = b.at(NLMSG_HDRLEN);
	return a == b;
}

// --- what the kernel sends (ip_vs_genl_fill_*), built independently ---

void put_u64(nl_msg *msg, int type, uint64_t v)
{
	// nla_put_u64_64bit puts an empty PAD before a u64 it must align.
	REQUIRE(nla_put(msg, IPVS_STATS_ATTR_PAD, 0, nullptr) == 0);
	REQUIRE(nla_put_u64(msg, type, v) == 0);
}

void fill_stats(nl_msg *msg, int type, const Stats &s, bool wide)
{
	nlattr *nest = nla_nest_start(msg, type);
	auto narrow = [&](int t, uint64_t v) {
		if (wide)
			put_u64(msg, t, v);
		else
			REQUIRE(nla_put_u32(msg, t, static_cast<uint32_t>(v)) == 0);
	};
	narrow(IPVS_STATS_ATTR_CONNS, s.conns);
	narrow(IPVS_STATS_ATTR_INPKTS, s.inpkts);
	narrow(IPVS_STATS_ATTR_OUTPKTS, s.outpkts);
	put_u64(msg, IPVS_STATS_ATTR_INBYTES, s.inbytes);
	put_u64(msg, IPVS_STATS_ATTR_OUTBYTES, s.outbytes);
	narrow(IPVS_STATS_ATTR_CPS, s.cps);
	narrow(IPVS_STATS_ATTR_INPPS, s.inpps);
	narrow(IPVS_STATS_ATTR_OUTPPS, s.outpps);
	narrow(IPVS_STATS_ATTR_INBPS, s.inbps);
	narrow(IPVS_STATS_ATTR_OUTBPS, s.outbps);
	nla_nest_end(msg, nest);
}

struct StatsShape {
	std::optional<Stats> legacy; // IPVS_*_ATTR_STATS
	std::optional<Stats> wide;   // IPVS_*_ATTR_STATS64
};

std::vector<uint8_t> service_reply(const Service &s, StatsShape shape, bool unknown = false)
{
	auto msg = new_request(kFamily, IPVS_CMD_NEW_SERVICE);
	nl_msg *m = msg.get();
	if (unknown) // a top-level attribute from a newer kernel
		REQUIRE(nla_put_u32(m, IPVS_CMD_ATTR_MAX + 7, 0xdead) == 0);
	nlattr *nest = nla_nest_start(m, IPVS_CMD_ATTR_SERVICE);
	nla_put_u16(m, IPVS_SVC_ATTR_AF, s.key.af);
	if (s.key.fwmark) {
		nla_put_u32(m, IPVS_SVC_ATTR_FWMARK, s.key.fwmark);
	} else {
		nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, s.key.protocol);
		nla_put(m, IPVS_SVC_ATTR_ADDR, 16, s.key.addr.bytes.data());
		nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(s.key.port));
	}
	nla_put_string(m, IPVS_SVC_ATTR_SCHED_NAME, s.sched_name.c_str());
	if (!s.pe_name.empty())
		nla_put_string(m, IPVS_SVC_ATTR_PE_NAME, s.pe_name.c_str());
	ip_vs_flags flags{s.flags, ~0u};
	nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof flags, &flags);
	nla_put_u32(m, IPVS_SVC_ATTR_TIMEOUT, s.timeout);
	nla_put_u32(m, IPVS_SVC_ATTR_NETMASK, s.netmask);
	if (shape.legacy)
		fill_stats(m, IPVS_SVC_ATTR_STATS, *shape.legacy, false);
	if (shape.wide)
		fill_stats(m, IPVS_SVC_ATTR_STATS64, *shape.wide, true);
	if (unknown) { // our module's additions: a scalar and a nest
		nla_put_u32(m, IPVS_SVC_ATTR_MAX + 1, 7);
		nlattr *extra = nla_nest_start(m, IPVS_SVC_ATTR_MAX + 2);
		nla_put_string(m, 1, "laddr-group");
		nla_nest_end(m, extra);
	}
	nla_nest_end(m, nest);
	return wire(msg);
}

std::vector<uint8_t> dest_reply(const Dest &d, StatsShape shape, bool with_af = true)
{
	auto msg = new_request(kFamily, IPVS_CMD_NEW_DEST);
	nl_msg *m = msg.get();
	nlattr *nest = nla_nest_start(m, IPVS_CMD_ATTR_DEST);
	nla_put(m, IPVS_DEST_ATTR_ADDR, 16, d.addr.bytes.data());
	nla_put_u16(m, IPVS_DEST_ATTR_PORT, htons(d.port));
	nla_put_u32(m, IPVS_DEST_ATTR_FWD_METHOD, d.conn_flags & IP_VS_CONN_F_FWD_MASK);
	nla_put_u32(m, IPVS_DEST_ATTR_WEIGHT, static_cast<uint32_t>(d.weight));
	nla_put_u8(m, IPVS_DEST_ATTR_TUN_TYPE, d.tun_type);
	nla_put_u16(m, IPVS_DEST_ATTR_TUN_PORT, htons(d.tun_port));
	nla_put_u16(m, IPVS_DEST_ATTR_TUN_FLAGS, d.tun_flags);
	nla_put_u32(m, IPVS_DEST_ATTR_U_THRESH, d.u_threshold);
	nla_put_u32(m, IPVS_DEST_ATTR_L_THRESH, d.l_threshold);
	nla_put_u32(m, IPVS_DEST_ATTR_ACTIVE_CONNS, d.active_conns);
	nla_put_u32(m, IPVS_DEST_ATTR_INACT_CONNS, d.inact_conns);
	nla_put_u32(m, IPVS_DEST_ATTR_PERSIST_CONNS, d.persist_conns);
	if (with_af)
		nla_put_u16(m, IPVS_DEST_ATTR_ADDR_FAMILY, d.addr.af);
	if (shape.legacy)
		fill_stats(m, IPVS_DEST_ATTR_STATS, *shape.legacy, false);
	if (shape.wide)
		fill_stats(m, IPVS_DEST_ATTR_STATS64, *shape.wide, true);
	nla_nest_end(m, nest);
	return wire(msg);
}

// One message of our module's GET_LADDR dump (fnat_put_laddr): ADDR, AF,
// CONN_COUNTS and PORT_CONFLICT, which nla_put_u64_64bit aligns with a PAD.
std::vector<uint8_t> laddr_reply(const LocalAddr &la, bool with_af = true)
{
	auto msg = new_request(kFamily, IPVS_CMD_NEW_LADDR);
	nl_msg *m = msg.get();
	nlattr *nest = nla_nest_start(m, IPVS_CMD_ATTR_LADDR);
	nla_put(m, IPVS_LADDR_ATTR_ADDR, 16, la.addr.bytes.data());
	if (with_af)
		nla_put_u16(m, IPVS_LADDR_ATTR_AF, la.addr.af);
	nla_put_u32(m, IPVS_LADDR_ATTR_CONN_COUNTS, la.conn_counts);
	REQUIRE(nla_put(m, IPVS_LADDR_ATTR_PAD, 0, nullptr) == 0);
	REQUIRE(nla_put_u64(m, IPVS_LADDR_ATTR_PORT_CONFLICT, la.port_conflict) == 0);
	nla_nest_end(m, nest);
	return wire(msg);
}

std::vector<uint8_t> info_reply(uint32_t version, uint32_t size)
{
	auto msg = new_request(kFamily, IPVS_CMD_SET_INFO);
	nla_put_u32(msg.get(), IPVS_INFO_ATTR_VERSION, version);
	nla_put_u32(msg.get(), IPVS_INFO_ATTR_CONN_TAB_SIZE, size);
	return wire(msg);
}

std::vector<uint8_t> nl_reply(uint16_t type, std::vector<uint8_t> payload)
{
	nlmsghdr h{};
	h.nlmsg_len = static_cast<uint32_t>(sizeof h + payload.size());
	h.nlmsg_type = type;
	std::vector<uint8_t> v(h.nlmsg_len);
	std::memcpy(v.data(), &h, sizeof h);
	std::copy(payload.begin(), payload.end(), v.begin() + sizeof h);
	return v;
}

std::vector<uint8_t> int_payload(int v)
{
	std::vector<uint8_t> p(sizeof v);
	std::memcpy(p.data(), &v, sizeof v);
	return p;
}

Stats some_stats(uint64_t base)
{
	return Stats{base + 1, base + 2, base + 3, base + 4, base + 5,
		     base + 6, base + 7, base + 8, base + 9, base + 10};
}

// The attributes of a request as the kernel sees them, through libnl's
// parser rather than ours.
struct Request {
	explicit Request(std::vector<uint8_t> bytes) : bytes(std::move(bytes))
	{
		auto *nlh = reinterpret_cast<nlmsghdr *>(this->bytes.data());
		REQUIRE(genlmsg_parse(nlh, 0, top.data(), IPVS_FNAT_CMD_ATTR_MAX, nullptr) == 0);
	}
	// The attributes of nest `type`; all null when it is absent.
	std::array<nlattr *, 32> nest(int type, int max)
	{
		std::array<nlattr *, 32> a{};
		if (top[type])
			REQUIRE(nla_parse_nested(a.data(), max, top[type], nullptr) == 0);
		return a;
	}

	std::vector<uint8_t> bytes;
	std::array<nlattr *, 32> top{};
};

// Every decoder, each of which must either decode or throw lvs::Error.
const std::vector<std::function<void(Bytes)>> kDecoders = {
	[](Bytes b) { decode_service(b); },	   [](Bytes b) { decode_dest(b, AF_INET); },
	[](Bytes b) { decode_dest(b, AF_INET6); }, [](Bytes b) { decode_daemon(b); },
	[](Bytes b) { decode_info(b); },	   [](Bytes b) { decode_timeouts(b); },
	[](Bytes b) { decode_ack(b); },		   [](Bytes b) { decode_done(b); },
	[](Bytes b) { decode_laddr(b, AF_INET); },
};

size_t decoded_or_rejected(const std::function<void(Bytes)> &decode, const std::vector<uint8_t> &v)
{
	Exact e(v);
	try {
		decode(e.bytes());
		return 1;
	} catch (const lvs::Error &) {
		return 0;
	}
}

} // namespace

TEST_CASE("services round-trip through NEW_SERVICE (SET_SERVICE carries the same): IPv4, IPv6, fwmark")
{
	Service v4svc = tcp_service();
	CHECK(decode_service(Exact(request(IPVS_CMD_NEW_SERVICE, v4svc)).bytes()) == v4svc);

	Service v6svc;
	v6svc.key = ServiceKey{AF_INET6, IPPROTO_UDP, v6("2001:db8::1"), 53, 0};
	v6svc.sched_name = "mh";
	v6svc.pe_name = "sip";
	v6svc.flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1;
	v6svc.timeout = 2678400;
	v6svc.netmask = 64; // a prefix length for IPv6
	CHECK(decode_service(Exact(request(IPVS_CMD_NEW_SERVICE, v6svc)).bytes()) == v6svc);
	CHECK(same_but_cmd(request(IPVS_CMD_SET_SERVICE, v6svc), request(IPVS_CMD_NEW_SERVICE, v6svc)));

	for (uint16_t af : {AF_INET, AF_INET6}) {
		Service fwm;
		fwm.key = ServiceKey{af, 0, Addr{af, {}}, 0, 0xfffffffe};
		fwm.sched_name = "sh";
		fwm.flags = IP_VS_SVC_F_SCHED_SH_PORT;
		CAPTURE(af);
		CHECK(decode_service(Exact(request(IPVS_CMD_NEW_SERVICE, fwm)).bytes()) == fwm);
	}
}

TEST_CASE("destinations round-trip through NEW_DEST; SET_DEST carries the same")
{
	ServiceKey key = tcp_service().key;
	Dest masq = masq_dest();
	CHECK(decode_dest(Exact(dest_request(IPVS_CMD_NEW_DEST, key, masq)).bytes(), AF_INET) == masq);

	Dest gue;
	gue.addr = v6("2001:db8::10");
	gue.port = 80;
	gue.conn_flags = IP_VS_CONN_F_TUNNEL;
	gue.weight = 65536;
	gue.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	gue.tun_port = 6080;
	gue.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	// A tunnel to an IPv6 server from an IPv4 service: ADDR_FAMILY decides.
	CHECK(decode_dest(Exact(dest_request(IPVS_CMD_NEW_DEST, key, gue)).bytes(), AF_INET) == gue);
	CHECK(same_but_cmd(dest_request(IPVS_CMD_SET_DEST, key, gue),
			   dest_request(IPVS_CMD_NEW_DEST, key, gue)));

	Dest fnat = masq;
	fnat.conn_flags = kFwdFullNat;
	CHECK(decode_dest(Exact(dest_request(IPVS_CMD_NEW_DEST, key, fnat)).bytes(), AF_INET) == fnat);
}

TEST_CASE("timeouts and daemons round-trip")
{
	Timeouts t{900, 120, 300};
	CHECK(decode_timeouts(Exact(request(IPVS_CMD_SET_CONFIG, t)).bytes()) == t);

	Daemon master{IP_VS_STATE_MASTER, "eth0", 7, 1472, v4("239.1.2.3"), 8848, 2};
	CHECK(decode_daemon(Exact(request(IPVS_CMD_NEW_DAEMON, master)).bytes()) == master);

	Daemon backup{IP_VS_STATE_BACKUP, "bond0.12", 255, 0, v6("ff02::1:81"), 0, 0};
	CHECK(decode_daemon(Exact(request(IPVS_CMD_NEW_DAEMON, backup)).bytes()) == backup);

	Daemon plain{IP_VS_STATE_MASTER, "eth1", 1, 0, Addr{0, {}}, 0, 0};
	CHECK(decode_daemon(Exact(request(IPVS_CMD_NEW_DAEMON, plain)).bytes()) == plain);
	// A default Addr (IPv4, all zero) is "not set" too.
	Daemon unset_v4 = plain;
	unset_v4.mcast_group = Addr{};
	CHECK(decode_daemon(Exact(request(IPVS_CMD_NEW_DAEMON, unset_v4)).bytes()) == plain);
}

TEST_CASE("kernel replies decode: info, stats, connection counters")
{
	Info info = decode_info(Exact(info_reply(0x010201, 4096)).bytes());
	CHECK(info.version == 0x010201);
	CHECK(info.conn_tab_size == 4096);

	Service svc = tcp_service();
	svc.stats = some_stats(1000);
	CHECK(decode_service(Exact(service_reply(svc, {svc.stats, std::nullopt})).bytes()) == svc);

	Dest d = masq_dest();
	d.active_conns = 134;
	d.inact_conns = 2;
	d.persist_conns = 9;
	d.stats = some_stats(50);
	CHECK(decode_dest(Exact(dest_reply(d, {d.stats, std::nullopt})).bytes(), AF_INET) == d);

	// Before 3.18 a destination has no ADDR_FAMILY: it is the service's.
	Dest d6 = d;
	d6.addr = v6("fd00::5");
	CHECK(decode_dest(Exact(dest_reply(d6, {d.stats, std::nullopt}, false)).bytes(), AF_INET6) ==
	      d6);
}

TEST_CASE("STATS64 wins over STATS; STATS alone is read as u32 counters and u64 bytes")
{
	Service svc = tcp_service();
	Stats legacy = some_stats(0xfffff000);    // fits in u32
	Stats wide = some_stats(0x1234567890ull); // does not
	svc.stats = wide;
	CHECK(decode_service(Exact(service_reply(svc, {legacy, wide})).bytes()) == svc);
	svc.stats = legacy;
	CHECK(decode_service(Exact(service_reply(svc, {legacy, std::nullopt})).bytes()) == svc);
	svc.stats = Stats{};
	CHECK(decode_service(Exact(service_reply(svc, {})).bytes()) == svc);

	Dest d = masq_dest();
	d.stats = wide;
	CHECK(decode_dest(Exact(dest_reply(d, {legacy, wide})).bytes(), AF_INET) == d);

	// STATS bytes counters are u64 even there.
	Stats big_bytes{};
	big_bytes.inbytes = 0x500000000ull;
	big_bytes.outbytes = 0x600000000ull;
	svc.stats = big_bytes;
	CHECK(decode_service(Exact(service_reply(svc, {big_bytes, std::nullopt})).bytes()) == svc);
}

TEST_CASE("unknown attributes are skipped at every level")
{
	Service svc = tcp_service();
	svc.stats = some_stats(7);
	CHECK(decode_service(Exact(service_reply(svc, {std::nullopt, svc.stats}, true)).bytes()) == svc);

	// A stats nest with an attribute from a newer kernel.
	auto msg = new_request(kFamily, IPVS_CMD_NEW_DEST);
	nlattr *nest = nla_nest_start(msg.get(), IPVS_CMD_ATTR_DEST);
	Dest d = masq_dest();
	nla_put_u16(msg.get(), IPVS_DEST_ATTR_ADDR_FAMILY, AF_INET);
	nla_put(msg.get(), IPVS_DEST_ATTR_ADDR, 16, d.addr.bytes.data());
	nla_put_u16(msg.get(), IPVS_DEST_ATTR_PORT, htons(d.port));
	nlattr *st = nla_nest_start(msg.get(), IPVS_DEST_ATTR_STATS64);
	nla_put_u64(msg.get(), IPVS_STATS_ATTR_CONNS, 5);
	nla_put_u64(msg.get(), IPVS_STATS_ATTR_MAX + 3, 99);
	nla_nest_end(msg.get(), st);
	nla_nest_end(msg.get(), nest);
	Dest got = decode_dest(Exact(wire(msg)).bytes(), AF_INET);
	CHECK(got.stats.conns == 5);
	CHECK(got.addr == d.addr);
	CHECK(got.port == d.port);
}

TEST_CASE("requests carry what the kernel needs, in its byte order, as ipvsadm sends them")
{
	Service svc = tcp_service();
	Request add(request(IPVS_CMD_NEW_SERVICE, svc));
	auto s = add.nest(IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX);
	REQUIRE(s[IPVS_SVC_ATTR_PORT]);
	auto *port = static_cast<const uint8_t *>(nla_data(s[IPVS_SVC_ATTR_PORT]));
	CHECK(port[0] == 0);
	CHECK(port[1] == 80);
	REQUIRE(s[IPVS_SVC_ATTR_FLAGS]);
	ip_vs_flags flags;
	std::memcpy(&flags, nla_data(s[IPVS_SVC_ATTR_FLAGS]), sizeof flags);
	CHECK(flags.flags == IP_VS_SVC_F_PERSISTENT);
	CHECK(flags.mask == ~0u);
	CHECK(nla_get_u32(s[IPVS_SVC_ATTR_NETMASK]) == htonl(0xffffff00));
	CHECK(nla_len(s[IPVS_SVC_ATTR_ADDR]) == 16);
	CHECK(s[IPVS_SVC_ATTR_SCHED_NAME]);
	CHECK(s[IPVS_SVC_ATTR_TIMEOUT]);
	CHECK_FALSE(s[IPVS_SVC_ATTR_FWMARK]);
	CHECK_FALSE(s[IPVS_SVC_ATTR_PE_NAME]);

	// DEL_SERVICE and ZERO name the service and nothing more.
	for (int cmd : {IPVS_CMD_DEL_SERVICE, IPVS_CMD_ZERO}) {
		Request del(request(cmd, svc));
		auto k = del.nest(IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX);
		CHECK(k[IPVS_SVC_ATTR_AF]);
		CHECK(k[IPVS_SVC_ATTR_PROTOCOL]);
		CHECK(k[IPVS_SVC_ATTR_ADDR]);
		CHECK(k[IPVS_SVC_ATTR_PORT]);
		CHECK_FALSE(k[IPVS_SVC_ATTR_SCHED_NAME]);
		CHECK_FALSE(k[IPVS_SVC_ATTR_FLAGS]);
	}
	// ZERO and FLUSH without a service: no SERVICE attribute at all.
	for (const Op &op : {Op{op::Zero{}}, Op{op::Flush{}}}) {
		Request all(wire(encode(kFamily, op)));
		CHECK_FALSE(all.top[IPVS_CMD_ATTR_SERVICE]);
	}

	// A fwmark service is named by FWMARK alone.
	Service fwm;
	fwm.key = ServiceKey{AF_INET, 0, Addr{}, 0, 42};
	Request f(request(IPVS_CMD_DEL_SERVICE, fwm));
	auto fk = f.nest(IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX);
	CHECK(nla_get_u32(fk[IPVS_SVC_ATTR_FWMARK]) == 42);
	CHECK_FALSE(fk[IPVS_SVC_ATTR_PROTOCOL]);
	CHECK_FALSE(fk[IPVS_SVC_ATTR_ADDR]);
}

TEST_CASE("destination requests: the required attributes, tunnel ones only for tunnels")
{
	ServiceKey key = tcp_service().key;
	Dest d = masq_dest();
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE; // ignored: not a tunnel
	Request add(dest_request(IPVS_CMD_NEW_DEST, key, d));
	auto svc = add.nest(IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX);
	CHECK(svc[IPVS_SVC_ATTR_AF]);
	CHECK_FALSE(svc[IPVS_SVC_ATTR_SCHED_NAME]);
	auto a = add.nest(IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_MAX);
	for (int t : {IPVS_DEST_ATTR_ADDR, IPVS_DEST_ATTR_PORT, IPVS_DEST_ATTR_FWD_METHOD,
		      IPVS_DEST_ATTR_WEIGHT, IPVS_DEST_ATTR_U_THRESH, IPVS_DEST_ATTR_L_THRESH,
		      IPVS_DEST_ATTR_ADDR_FAMILY}) {
		CAPTURE(t);
		CHECK(a[t]);
	}
	CHECK(nla_get_u16(a[IPVS_DEST_ATTR_PORT]) == htons(8080));
	CHECK_FALSE(a[IPVS_DEST_ATTR_TUN_TYPE]);
	CHECK_FALSE(a[IPVS_DEST_ATTR_TUN_PORT]);
	CHECK_FALSE(a[IPVS_DEST_ATTR_TUN_FLAGS]);
	CHECK_FALSE(a[IPVS_DEST_ATTR_ACTIVE_CONNS]);

	d.conn_flags = IP_VS_CONN_F_TUNNEL | IP_VS_CONN_F_ONE_PACKET; // only the method goes
	d.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	d.tun_port = 5555;
	Request tun(dest_request(IPVS_CMD_SET_DEST, key, d));
	auto t = tun.nest(IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_MAX);
	CHECK(nla_get_u32(t[IPVS_DEST_ATTR_FWD_METHOD]) == IP_VS_CONN_F_TUNNEL);
	CHECK(nla_get_u8(t[IPVS_DEST_ATTR_TUN_TYPE]) == IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	CHECK(nla_get_u16(t[IPVS_DEST_ATTR_TUN_PORT]) == htons(5555));
	CHECK(t[IPVS_DEST_ATTR_TUN_FLAGS]);

	d.conn_flags = kFwdFullNat;
	Request fnat(dest_request(IPVS_CMD_NEW_DEST, key, d));
	CHECK(nla_get_u32(fnat.nest(IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_MAX)[IPVS_DEST_ATTR_FWD_METHOD]) ==
	      kFwdFullNat);

	Request del(dest_request(IPVS_CMD_DEL_DEST, key, d));
	auto k = del.nest(IPVS_CMD_ATTR_DEST, IPVS_DEST_ATTR_MAX);
	CHECK(k[IPVS_DEST_ATTR_ADDR]);
	CHECK(k[IPVS_DEST_ATTR_PORT]);
	CHECK(k[IPVS_DEST_ATTR_ADDR_FAMILY]);
	CHECK_FALSE(k[IPVS_DEST_ATTR_WEIGHT]);
	CHECK_FALSE(k[IPVS_DEST_ATTR_FWD_METHOD]);
}

TEST_CASE("config and daemon requests")
{
	Request cfg(request(IPVS_CMD_SET_CONFIG, Timeouts{0, 120, 0}));
	CHECK(nla_get_u32(cfg.top[IPVS_CMD_ATTR_TIMEOUT_TCP]) == 0);
	CHECK(nla_get_u32(cfg.top[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN]) == 120);
	CHECK(nla_get_u32(cfg.top[IPVS_CMD_ATTR_TIMEOUT_UDP]) == 0);

	Daemon dm{IP_VS_STATE_BACKUP, "eth0", 3, 1400, v4("239.0.0.1"), 9000, 4};
	Request start(request(IPVS_CMD_NEW_DAEMON, dm));
	auto a = start.nest(IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_MAX);
	CHECK(nla_get_u16(a[IPVS_DAEMON_ATTR_MCAST_PORT]) == 9000);
	CHECK(nla_len(a[IPVS_DAEMON_ATTR_MCAST_GROUP]) == 4);
	CHECK(std::memcmp(nla_data(a[IPVS_DAEMON_ATTR_MCAST_GROUP]), dm.mcast_group.bytes.data(), 4) == 0);
	CHECK_FALSE(a[IPVS_DAEMON_ATTR_MCAST_GROUP6]);

	Request stop(request(IPVS_CMD_DEL_DAEMON, dm));
	auto s = stop.nest(IPVS_CMD_ATTR_DAEMON, IPVS_DAEMON_ATTR_MAX);
	CHECK(nla_get_u32(s[IPVS_DAEMON_ATTR_STATE]) == IP_VS_STATE_BACKUP);
	CHECK(std::string(nla_get_string(s[IPVS_DAEMON_ATTR_MCAST_IFN])) == "eth0");
	CHECK(s[IPVS_DAEMON_ATTR_SYNC_ID]);
	CHECK_FALSE(s[IPVS_DAEMON_ATTR_SYNC_MAXLEN]);
	CHECK_FALSE(s[IPVS_DAEMON_ATTR_MCAST_GROUP]);
}

TEST_CASE("local addresses round-trip through NEW_LADDR; DEL_LADDR carries the same")
{
	ServiceKey key = tcp_service().key;
	LocalAddr la{v4("10.0.200.1"), 0, 0};
	CHECK(decode_laddr(Exact(laddr_request(IPVS_CMD_NEW_LADDR, key, la)).bytes(), AF_INET) == la);
	CHECK(same_but_cmd(laddr_request(IPVS_CMD_DEL_LADDR, key, la),
			   laddr_request(IPVS_CMD_NEW_LADDR, key, la)));

	ServiceKey key6{AF_INET6, IPPROTO_UDP, v6("2001:db8::1"), 53, 0};
	LocalAddr la6{v6("2001:db8::200"), 0, 0};
	// The address says its family: a decoder told otherwise still reads it.
	CHECK(decode_laddr(Exact(laddr_request(IPVS_CMD_NEW_LADDR, key6, la6)).bytes(), AF_INET) == la6);

	ServiceKey fwm{AF_INET, 0, Addr{}, 0, 9};
	CHECK(decode_laddr(Exact(laddr_request(IPVS_CMD_NEW_LADDR, fwm, la)).bytes(), AF_INET) == la);
}

TEST_CASE("our module's GET_LADDR replies decode, counters included")
{
	LocalAddr la{v4("10.0.200.2"), 0x123456789aull, 4000000000u};
	CHECK(decode_laddr(Exact(laddr_reply(la)).bytes(), AF_INET) == la);
	LocalAddr zero{v4("10.0.200.3"), 0, 0};
	CHECK(decode_laddr(Exact(laddr_reply(zero)).bytes(), AF_INET) == zero);
	// Without AF the address is of the service's family.
	LocalAddr la6{v6("fd00::c8"), 1, 2};
	CHECK(decode_laddr(Exact(laddr_reply(la6, false)).bytes(), AF_INET6) == la6);
}

TEST_CASE("local-address requests pass our module's strict validation")
{
	ServiceKey key = tcp_service().key;
	LocalAddr la{v4("10.0.200.1"), 99, 5}; // counters are the kernel's: never sent
	for (int cmd : {IPVS_CMD_NEW_LADDR, IPVS_CMD_DEL_LADDR}) {
		CAPTURE(cmd);
		Request r(laddr_request(cmd, key, la));
		// Only SERVICE and LADDR at the top, each flagged as a nest.
		int seen = 0;
		const auto *nlh = reinterpret_cast<const nlmsghdr *>(r.bytes.data());
		nlattr *a;
		int rem;
		nla_for_each_attr(a, genlmsg_attrdata(genlmsg_hdr(const_cast<nlmsghdr *>(nlh)), 0),
				  genlmsg_attrlen(genlmsg_hdr(const_cast<nlmsghdr *>(nlh)), 0), rem)
		{
			int type = nla_type(a);
			CHECK((type == IPVS_CMD_ATTR_SERVICE || type == IPVS_CMD_ATTR_LADDR));
			CHECK((a->nla_type & NLA_F_NESTED));
			seen++;
		}
		CHECK(seen == 2);

		auto svc = r.nest(IPVS_CMD_ATTR_SERVICE, IPVS_SVC_ATTR_MAX);
		CHECK(nla_get_u16(svc[IPVS_SVC_ATTR_AF]) == AF_INET);
		CHECK(nla_get_u16(svc[IPVS_SVC_ATTR_PORT]) == htons(80));
		CHECK_FALSE(svc[IPVS_SVC_ATTR_SCHED_NAME]);
		CHECK_FALSE(svc[IPVS_SVC_ATTR_FLAGS]);

		auto l = r.nest(IPVS_CMD_ATTR_LADDR, IPVS_LADDR_ATTR_MAX);
		REQUIRE(l[IPVS_LADDR_ATTR_ADDR]);
		CHECK(nla_len(l[IPVS_LADDR_ATTR_ADDR]) == 16); // union nf_inet_addr
		CHECK(std::memcmp(nla_data(l[IPVS_LADDR_ATTR_ADDR]), la.addr.bytes.data(), 16) == 0);
		REQUIRE(l[IPVS_LADDR_ATTR_AF]);
		CHECK(nla_len(l[IPVS_LADDR_ATTR_AF]) == 2); // NLA_U16, exactly
		CHECK(nla_get_u16(l[IPVS_LADDR_ATTR_AF]) == AF_INET);
		CHECK_FALSE(l[IPVS_LADDR_ATTR_PORT_CONFLICT]);
		CHECK_FALSE(l[IPVS_LADDR_ATTR_CONN_COUNTS]);
		CHECK_FALSE(l[IPVS_LADDR_ATTR_PAD]);
	}

	// The stock commands' nests are flagged too (the kernel takes either).
	Request add(request(IPVS_CMD_NEW_SERVICE, tcp_service()));
	CHECK((add.top[IPVS_CMD_ATTR_SERVICE]->nla_type & NLA_F_NESTED));
	Request dest(dest_request(IPVS_CMD_NEW_DEST, key, masq_dest()));
	CHECK((dest.top[IPVS_CMD_ATTR_DEST]->nla_type & NLA_F_NESTED));
}

TEST_CASE("hostile local-address replies are refused")
{
	auto laddr_with = [](auto &&fill) {
		auto msg = new_request(kFamily, IPVS_CMD_NEW_LADDR);
		nlattr *nest = nla_nest_start(msg.get(), IPVS_CMD_ATTR_LADDR);
		fill(msg.get());
		nla_nest_end(msg.get(), nest);
		return Exact(wire(msg));
	};
	std::array<uint8_t, 16> addr{10, 0, 200, 1};
	auto good_addr = [&](nl_msg *m) { nla_put(m, IPVS_LADDR_ATTR_ADDR, 16, addr.data()); };

	// The baseline decodes; unknown attributes beside it are skipped.
	CHECK_NOTHROW(decode_laddr(laddr_with(good_addr).bytes(), AF_INET));
	LocalAddr got = decode_laddr(laddr_with([&](nl_msg *m) {
					     good_addr(m);
					     nla_put_u32(m, IPVS_LADDR_ATTR_MAX + 3, 7);
				     }).bytes(),
				     AF_INET);
	CHECK(got == LocalAddr{v4("10.0.200.1"), 0, 0});

	CHECK_THROWS_WITH_AS(decode_laddr(laddr_with([](nl_msg *m) {
					  nla_put_u32(m, IPVS_LADDR_ATTR_CONN_COUNTS, 1);
				  }).bytes(),
					  AF_INET),
			     "malformed IPVS message: no local address ADDR attribute", lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     nla_put(m, IPVS_LADDR_ATTR_ADDR, 3, addr.data());
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     nla_put(m, IPVS_LADDR_ATTR_ADDR, 4, addr.data());
				     nla_put_u16(m, IPVS_LADDR_ATTR_AF, AF_INET6);
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     good_addr(m);
				     nla_put_u16(m, IPVS_LADDR_ATTR_AF, 77);
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     good_addr(m);
				     uint8_t one = AF_INET;
				     nla_put(m, IPVS_LADDR_ATTR_AF, 1, &one);
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     good_addr(m);
				     uint16_t half = 1;
				     nla_put(m, IPVS_LADDR_ATTR_CONN_COUNTS, sizeof half, &half);
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	CHECK_THROWS_AS(decode_laddr(laddr_with([&](nl_msg *m) {
				     good_addr(m);
				     nla_put_u32(m, IPVS_LADDR_ATTR_PORT_CONFLICT, 1); // a u64
			     }).bytes(),
				     AF_INET),
			lvs::Error);
	// No LADDR nest at all (libnl drops an empty one), and another command's reply.
	CHECK_THROWS_WITH_AS(decode_laddr(laddr_with([](nl_msg *) {}).bytes(), AF_INET),
			     "malformed IPVS message: no LADDR attribute", lvs::Error);
	CHECK_THROWS_WITH_AS(decode_laddr(Exact(service_reply(tcp_service(), {})).bytes(), AF_INET),
			     "malformed IPVS message: expected NEW_LADDR, got NEW_SERVICE", lvs::Error);

	std::vector<uint8_t> full = laddr_reply(LocalAddr{v4("10.0.200.1"), 3, 4});
	for (size_t cut = 0; cut < full.size(); cut++) {
		CAPTURE(cut);
		std::vector<uint8_t> v(full.begin(), full.begin() + cut);
		CHECK_THROWS_AS(decode_laddr(Exact(v).bytes(), AF_INET), lvs::Error);
		if (cut >= sizeof(nlmsghdr)) {
			uint32_t len = static_cast<uint32_t>(cut);
			std::memcpy(v.data(), &len, sizeof len);
			CHECK_THROWS_AS(decode_laddr(Exact(v).bytes(), AF_INET), lvs::Error);
		}
	}
}

TEST_CASE("ACKs, errors and the end of a dump")
{
	CHECK(decode_ack(Exact(nl_reply(NLMSG_ERROR, int_payload(0))).bytes()) == 0);
	CHECK(decode_ack(Exact(nl_reply(NLMSG_ERROR, int_payload(-EEXIST))).bytes()) == EEXIST);
	CHECK(decode_done(Exact(nl_reply(NLMSG_DONE, {})).bytes()) == 0);
	CHECK(decode_done(Exact(nl_reply(NLMSG_DONE, int_payload(0))).bytes()) == 0);
	CHECK(decode_done(Exact(nl_reply(NLMSG_DONE, int_payload(-EINVAL))).bytes()) == EINVAL);

	CHECK_THROWS_AS(decode_ack(Exact(nl_reply(NLMSG_ERROR, {0, 0})).bytes()), lvs::Error);
	CHECK_THROWS_AS(decode_ack(Exact(nl_reply(NLMSG_ERROR, int_payload(5))).bytes()), lvs::Error);
	CHECK_THROWS_AS(decode_ack(Exact(nl_reply(NLMSG_ERROR, int_payload(INT32_MIN))).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_ack(Exact(nl_reply(NLMSG_DONE, int_payload(0))).bytes()), lvs::Error);
	CHECK_THROWS_AS(decode_done(Exact(nl_reply(NLMSG_DONE, {1, 2})).bytes()), lvs::Error);
}

TEST_CASE("KernelError names the command and the errno")
{
	KernelError e(IPVS_CMD_NEW_SERVICE, EEXIST);
	CHECK(std::string(e.what()) == "IPVS NEW_SERVICE: File exists");
	CHECK(e.cmd() == IPVS_CMD_NEW_SERVICE);
	CHECK(e.err() == EEXIST);
	CHECK(cmd_name(IPVS_CMD_FLUSH) == "FLUSH");
	CHECK(cmd_name(IPVS_CMD_NEW_LADDR) == "NEW_LADDR");
	CHECK(cmd_name(IPVS_CMD_GET_LADDR) == "GET_LADDR");
	CHECK(cmd_name(IPVS_CMD_GET_TABLE) == "GET_TABLE");
	CHECK(cmd_name(IPVS_FNAT_CMD_MAX + 1) == "cmd 22");
	CHECK(cmd_name(99) == "cmd 99");
	CHECK(std::string(KernelError(IPVS_CMD_DEL_LADDR, ENOENT).what()) ==
	      "IPVS DEL_LADDR: No such file or directory");
}

TEST_CASE("a reply of the wrong command is refused")
{
	CHECK_THROWS_WITH_AS(decode_dest(Exact(service_reply(tcp_service(), {})).bytes(), AF_INET),
			     "malformed IPVS message: expected NEW_DEST, got NEW_SERVICE", lvs::Error);
	CHECK_THROWS_AS(decode_info(Exact(request(IPVS_CMD_SET_CONFIG, Timeouts{})).bytes()),
			lvs::Error);
}

TEST_CASE("every truncation of a reply is refused")
{
	std::vector<uint8_t> full = service_reply(tcp_service(), {some_stats(1), some_stats(2)});
	for (size_t cut = 0; cut < full.size(); cut++) {
		CAPTURE(cut);
		std::vector<uint8_t> v(full.begin(), full.begin() + cut);
		// As received: the header claims more than is there.
		CHECK_THROWS_AS(decode_service(Exact(v).bytes()), lvs::Error);
		// As sent by a broken peer: a consistent header over a cut nest.
		if (cut >= sizeof(nlmsghdr)) {
			uint32_t len = static_cast<uint32_t>(cut);
			std::memcpy(v.data(), &len, sizeof len);
			CHECK_THROWS_AS(decode_service(Exact(v).bytes()), lvs::Error);
		}
	}
}

TEST_CASE("short, oversize and inconsistent attributes are refused")
{
	auto service_with = [](auto &&fill) {
		auto msg = new_request(kFamily, IPVS_CMD_NEW_SERVICE);
		nlattr *nest = nla_nest_start(msg.get(), IPVS_CMD_ATTR_SERVICE);
		fill(msg.get());
		nla_nest_end(msg.get(), nest);
		return Exact(wire(msg));
	};
	auto tcp_key = [](nl_msg *m, uint16_t af, int addr_len) {
		nla_put_u16(m, IPVS_SVC_ATTR_AF, af);
		nla_put_u16(m, IPVS_SVC_ATTR_PROTOCOL, IPPROTO_TCP);
		std::array<uint8_t, 16> addr{};
		nla_put(m, IPVS_SVC_ATTR_ADDR, addr_len, addr.data());
		nla_put_u16(m, IPVS_SVC_ATTR_PORT, htons(80));
	};

	// A well-formed baseline decodes, so the failures below are each one flaw.
	CHECK_NOTHROW(decode_service(service_with([&](nl_msg *m) { tcp_key(m, AF_INET, 16); }).bytes()));
	CHECK_NOTHROW(decode_service(service_with([&](nl_msg *m) { tcp_key(m, AF_INET, 4); }).bytes()));

	CHECK_THROWS_WITH_AS(decode_service(service_with([](nl_msg *m) {
				     uint8_t one = AF_INET;
				     nla_put(m, IPVS_SVC_ATTR_AF, 1, &one);
			     }).bytes()),
			     "malformed IPVS message: service AF attribute has 1 bytes, needs 2",
			     lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([&](nl_msg *m) { tcp_key(m, AF_INET6, 4); }).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([&](nl_msg *m) { tcp_key(m, AF_INET, 3); }).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([&](nl_msg *m) { tcp_key(m, 77, 16); }).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([](nl_msg *m) {
				     nla_put_u16(m, IPVS_SVC_ATTR_AF, AF_INET);
			     }).bytes()),
			lvs::Error); // neither a fwmark nor protocol/address/port
	CHECK_THROWS_AS(decode_service(service_with([&](nl_msg *m) {
				     tcp_key(m, AF_INET, 16);
				     uint32_t half = 1;
				     nla_put(m, IPVS_SVC_ATTR_FLAGS, sizeof half, &half);
			     }).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([&](nl_msg *m) {
				     tcp_key(m, AF_INET, 16);
				     nlattr *st = nla_nest_start(m, IPVS_SVC_ATTR_STATS64);
				     nla_put_u32(m, IPVS_STATS_ATTR_CONNS, 1); // u64 there
				     nla_nest_end(m, st);
			     }).bytes()),
			lvs::Error);
	CHECK_THROWS_AS(decode_service(service_with([](nl_msg *) {}).bytes()), lvs::Error);

	// Oversize values are read like the kernel reads them: their first bytes.
	Exact oversize = service_with([&](nl_msg *m) {
		tcp_key(m, AF_INET, 16);
		uint64_t wide_timeout = 300;
		nla_put(m, IPVS_SVC_ATTR_TIMEOUT, sizeof wide_timeout, &wide_timeout);
		std::string longname(300, 'x');
		nla_put(m, IPVS_SVC_ATTR_SCHED_NAME, 300, longname.data()); // no NUL
	});
	Service s = decode_service(oversize.bytes());
	CHECK(s.timeout == 300);
	CHECK(s.sched_name == std::string(300, 'x'));

	// An attribute that claims more than its nest holds.
	std::vector<uint8_t> v = service_reply(tcp_service(), {});
	size_t first_inner = NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN;
	uint16_t huge = 0xfff0;
	std::memcpy(v.data() + first_inner, &huge, sizeof huge);
	CHECK_THROWS_AS(decode_service(Exact(v).bytes()), lvs::Error);
}

TEST_CASE("random bytes never get past the decoders' checks")
{
	std::mt19937 rng(20240601);
	std::uniform_int_distribution<int> byte(0, 255);
	size_t decoded = 0;
	for (int round = 0; round < 20000; round++) {
		std::vector<uint8_t> v(static_cast<size_t>(rng() % 200));
		for (auto &b : v)
			b = static_cast<uint8_t>(byte(rng));
		// Half of them with consistent headers, to reach the attribute parser.
		if (round % 2 && v.size() >= NLMSG_HDRLEN + GENL_HDRLEN) {
			uint32_t len = static_cast<uint32_t>(v.size());
			std::memcpy(v.data(), &len, sizeof len);
			v[NLMSG_HDRLEN] = static_cast<uint8_t>(rng() % (IPVS_FNAT_CMD_MAX + 1));
		}
		for (const auto &decode : kDecoders)
			decoded += decoded_or_rejected(decode, v);
	}
	CHECK(decoded < 20000 * kDecoders.size());
}

TEST_CASE("mutated kernel replies decode or are refused, never read out of bounds")
{
	Dest d = masq_dest();
	const std::vector<std::pair<std::vector<uint8_t>, std::function<void(Bytes)>>> seeds = {
		{service_reply(tcp_service(), {some_stats(1), some_stats(2)}, true), kDecoders[0]},
		{dest_reply(d, {some_stats(3), some_stats(4)}), kDecoders[1]},
		{request(IPVS_CMD_NEW_DAEMON, Daemon{1, "eth0", 1, 1, v6("ff02::5"), 1, 1}), kDecoders[3]},
		{info_reply(1, 2), kDecoders[4]},
		{request(IPVS_CMD_SET_CONFIG, Timeouts{1, 2, 3}), kDecoders[5]},
		{laddr_reply(LocalAddr{v4("10.0.200.1"), 1ull << 40, 7}), kDecoders[8]},
	};
	std::mt19937 rng(7);
	size_t decoded = 0, tries = 0;
	for (const auto &[seed, decode] : seeds) {
		for (int round = 0; round < 4000; round++, tries++) {
			std::vector<uint8_t> v = seed;
			for (unsigned flips = 1 + rng() % 4; flips; flips--)
				v[rng() % v.size()] = static_cast<uint8_t>(rng());
			if (round % 3 == 0)
				v.resize(rng() % (v.size() + 1));
			decoded += decoded_or_rejected(decode, v);
		}
	}
	// Both outcomes happen: the mutations reach past the first check.
	CHECK(decoded > 0);
	CHECK(decoded < tries);
}
