#include "core/ipvs/codec.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cstring>
#include <fmt/format.h>
#include <iterator>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <optional>

// Our module's additions; after <linux/ip_vs.h>, whose numbers it continues.
#include "ip_vs_fnat_uapi.h"

namespace lvs::ipvs {

void MsgFree::operator()(nl_msg *m) const
{
	nlmsg_free(m);
}

namespace {

// The stock commands, then our module's, which continue them.
constexpr const char *kCmdNames[] = {
	"UNSPEC",     "NEW_SERVICE", "SET_SERVICE", "DEL_SERVICE", "GET_SERVICE", "NEW_DEST",
	"SET_DEST",   "DEL_DEST",    "GET_DEST",    "NEW_DAEMON",  "DEL_DAEMON",  "GET_DAEMON",
	"SET_CONFIG", "GET_CONFIG",  "SET_INFO",    "GET_INFO",    "ZERO",        "FLUSH",
	"NEW_LADDR",  "DEL_LADDR",   "GET_LADDR",   "GET_TABLE",
};
static_assert(IPVS_CMD_NEW_LADDR == __IPVS_CMD_MAX);
static_assert(std::size(kCmdNames) == IPVS_FNAT_CMD_MAX + 1);
// Top-level attributes as our module knows them: the stock ones and LADDR.
constexpr size_t kTopAttrs = IPVS_FNAT_CMD_ATTR_MAX + 1;
static_assert(IPVS_CMD_ATTR_LADDR == IPVS_CMD_ATTR_MAX + 1);

// Header sizes as unsigned values, so length checks compare like with like.
constexpr size_t kNlHdr = NLMSG_ALIGN(sizeof(nlmsghdr));
constexpr size_t kGenlHdr = NLMSG_ALIGN(sizeof(genlmsghdr));
constexpr size_t kAttrHdr = NLA_ALIGN(sizeof(nlattr));

size_t addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

// A daemon's multicast group is unset when it has no family or is all
// zeros: the model's default Addr (IPv4 0.0.0.0) is no group either.
bool addr_set(const Addr &a)
{
	return a.af && std::any_of(a.bytes.begin(), a.bytes.end(), [](uint8_t b) { return b; });
}

// --- encoding -------------------------------------------------------

void put_raw(nl_msg *msg, int type, const void *data, size_t len)
{
	if (int err = nla_put(msg, type, static_cast<int>(len), data); err < 0)
		throw Error(fmt::format("cannot build an IPVS request: {}", nl_geterror(err)));
}

// T names the wire width; the kernel reads integers in host order.
template <typename T>
void put_int(nl_msg *msg, int type, T v)
{
	put_raw(msg, type, &v, sizeof v);
}

void put_str(nl_msg *msg, int type, const std::string &s)
{
	put_raw(msg, type, s.c_str(), s.size() + 1);
}

// union nf_inet_addr as the kernel copies it: all 16 bytes, an IPv4
// address in the first 4 and zeros after it.
void put_addr(nl_msg *msg, int type, const Addr &a, uint16_t af)
{
	std::array<uint8_t, 16> wire{};
	std::memcpy(wire.data(), a.bytes.data(), addr_len(af));
	put_raw(msg, type, wire.data(), wire.size());
}

// NLA_F_NESTED said outright: the laddr commands validate strictly and
// refuse a nest without it (libnl 3.7 sets it too; older ones did not).
template <typename Fill>
void nest(nl_msg *msg, int type, Fill &&fill)
{
	nlattr *start = nla_nest_start(msg, type | NLA_F_NESTED);
	if (!start)
		throw Error("cannot build an IPVS request: message full");
	fill();
	nla_nest_end(msg, start);
}

// Identity: AF and either FWMARK or PROTOCOL + ADDR + PORT, never both,
// as the kernel looks a service up by one or the other.
void put_key(nl_msg *msg, const ServiceKey &key)
{
	put_int<uint16_t>(msg, IPVS_SVC_ATTR_AF, key.af);
	if (key.fwmark) {
		put_int<uint32_t>(msg, IPVS_SVC_ATTR_FWMARK, key.fwmark);
		return;
	}
	put_int<uint16_t>(msg, IPVS_SVC_ATTR_PROTOCOL, key.protocol);
	put_addr(msg, IPVS_SVC_ATTR_ADDR, key.addr, key.af);
	put_int<uint16_t>(msg, IPVS_SVC_ATTR_PORT, htons(key.port));
}

// NEW/SET_SERVICE: the kernel answers EINVAL unless SCHED_NAME, FLAGS,
// TIMEOUT and NETMASK are all there.
void put_service(nl_msg *msg, const Service &svc)
{
	nest(msg, IPVS_CMD_ATTR_SERVICE, [&] {
		put_key(msg, svc.key);
		put_str(msg, IPVS_SVC_ATTR_SCHED_NAME, svc.sched_name);
		if (!svc.pe_name.empty())
			put_str(msg, IPVS_SVC_ATTR_PE_NAME, svc.pe_name);
		// A full mask replaces every flag, as ipvsadm does; the kernel
		// keeps (old & ~mask) | (flags & mask).
		ip_vs_flags flags{svc.flags, ~0u};
		put_raw(msg, IPVS_SVC_ATTR_FLAGS, &flags, sizeof flags);
		put_int<uint32_t>(msg, IPVS_SVC_ATTR_TIMEOUT, svc.timeout);
		put_int<uint32_t>(msg, IPVS_SVC_ATTR_NETMASK, svc.netmask);
	});
}

// DEL_DEST needs only the identity; NEW/SET_DEST need the rest too. The
// tunnel attributes go only with the tunnel method: the kernel zeroes them
// when absent, which is what ipvsadm's zeros mean for the other methods.
// What names a destination within its service (all DEL_DEST sends).
void put_dest_id(nl_msg *msg, const Addr &addr, uint16_t port)
{
	put_int<uint16_t>(msg, IPVS_DEST_ATTR_ADDR_FAMILY, addr.af);
	put_addr(msg, IPVS_DEST_ATTR_ADDR, addr, addr.af);
	put_int<uint16_t>(msg, IPVS_DEST_ATTR_PORT, htons(port));
}

void put_dest(nl_msg *msg, const Dest &d)
{
	nest(msg, IPVS_CMD_ATTR_DEST, [&] {
		put_dest_id(msg, d.addr, d.port);
		uint32_t fwd = d.conn_flags & IP_VS_CONN_F_FWD_MASK;
		put_int<uint32_t>(msg, IPVS_DEST_ATTR_FWD_METHOD, fwd);
		put_int<uint32_t>(msg, IPVS_DEST_ATTR_WEIGHT, static_cast<uint32_t>(d.weight));
		put_int<uint32_t>(msg, IPVS_DEST_ATTR_U_THRESH, d.u_threshold);
		put_int<uint32_t>(msg, IPVS_DEST_ATTR_L_THRESH, d.l_threshold);
		if (fwd == IP_VS_CONN_F_TUNNEL) {
			put_int<uint8_t>(msg, IPVS_DEST_ATTR_TUN_TYPE, d.tun_type);
			put_int<uint16_t>(msg, IPVS_DEST_ATTR_TUN_PORT, htons(d.tun_port));
			put_int<uint16_t>(msg, IPVS_DEST_ATTR_TUN_FLAGS, d.tun_flags);
		}
	});
}

// All three, as ipvsadm sends them; 0 keeps the kernel's value.
void put_timeouts(nl_msg *msg, const Timeouts &t)
{
	put_int<uint32_t>(msg, IPVS_CMD_ATTR_TIMEOUT_TCP, t.tcp);
	put_int<uint32_t>(msg, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t.tcp_fin);
	put_int<uint32_t>(msg, IPVS_CMD_ATTR_TIMEOUT_UDP, t.udp);
}

// STATE, MCAST_IFN and SYNC_ID name a daemon; starting one also sends the
// optional settings that are set, so the kernel's defaults apply to the rest.
void put_daemon(nl_msg *msg, const Daemon &d, bool start)
{
	nest(msg, IPVS_CMD_ATTR_DAEMON, [&] {
		put_int<uint32_t>(msg, IPVS_DAEMON_ATTR_STATE, d.state);
		put_str(msg, IPVS_DAEMON_ATTR_MCAST_IFN, d.mcast_ifn);
		put_int<uint32_t>(msg, IPVS_DAEMON_ATTR_SYNC_ID, d.syncid);
		if (!start)
			return;
		if (d.sync_maxlen)
			put_int<uint16_t>(msg, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d.sync_maxlen);
		if (d.mcast_port)
			put_int<uint16_t>(msg, IPVS_DAEMON_ATTR_MCAST_PORT, d.mcast_port);
		if (d.mcast_ttl)
			put_int<uint8_t>(msg, IPVS_DAEMON_ATTR_MCAST_TTL, d.mcast_ttl);
		if (addr_set(d.mcast_group))
			put_raw(msg,
				d.mcast_group.af == AF_INET6 ? IPVS_DAEMON_ATTR_MCAST_GROUP6
							     : IPVS_DAEMON_ATTR_MCAST_GROUP,
				d.mcast_group.bytes.data(), addr_len(d.mcast_group.af));
	});
}

// NEW/DEL_LADDR: the address and its family.
void put_laddr(nl_msg *msg, const Addr &addr)
{
	nest(msg, IPVS_CMD_ATTR_LADDR, [&] {
		put_addr(msg, IPVS_LADDR_ATTR_ADDR, addr, addr.af);
		put_int<uint16_t>(msg, IPVS_LADDR_ATTR_AF, addr.af);
	});
}

// A visitor of lambdas, one per type of a variant.
template <typename... F>
struct Overloaded : F... {
	using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>; // clang 14 deduces no aggregate

// --- decoding -------------------------------------------------------

[[noreturn]] void malformed(const std::string &why)
{
	throw Error("malformed IPVS message: " + why);
}

// One attribute stream by type: absent types are nullopt, a repeated type
// keeps its last value, types of N and above are skipped.
template <size_t N>
using Attrs = std::array<std::optional<Bytes>, N>;

template <size_t N>
Attrs<N> parse(Bytes stream, const char *what)
{
	Attrs<N> attrs;
	while (!stream.empty()) {
		nlattr hdr;
		if (stream.size() < sizeof hdr)
			malformed(fmt::format("{}: {} stray bytes after the last attribute", what,
					      stream.size()));
		std::memcpy(&hdr, stream.data(), sizeof hdr);
		uint16_t type = hdr.nla_type & NLA_TYPE_MASK;
		if (hdr.nla_len < sizeof hdr || hdr.nla_len > stream.size())
			malformed(fmt::format("{}: attribute {} claims {} bytes, {} left", what, type,
					      hdr.nla_len, stream.size()));
		if (type < N)
			attrs[type] = stream.subspan(kAttrHdr, hdr.nla_len - kAttrHdr);
		// The last attribute may come without its padding.
		stream = stream.subspan(std::min<size_t>(NLA_ALIGN(hdr.nla_len), stream.size()));
	}
	return attrs;
}

Bytes required(const std::optional<Bytes> &a, const char *what)
{
	if (!a)
		malformed(fmt::format("no {} attribute", what));
	return *a;
}

// The first sizeof(T) bytes, as the kernel reads a longer attribute.
template <typename T>
T num(Bytes b, const char *what)
{
	T v;
	if (b.size() < sizeof v)
		malformed(fmt::format("{} attribute has {} bytes, needs {}", what, b.size(), sizeof v));
	std::memcpy(&v, b.data(), sizeof v);
	return v;
}

template <typename T>
T req(const std::optional<Bytes> &a, const char *what)
{
	return num<T>(required(a, what), what);
}

template <typename T>
T opt(const std::optional<Bytes> &a, const char *what)
{
	return a ? num<T>(*a, what) : T{};
}

// Up to the first NUL, never past the attribute.
std::string str(const std::optional<Bytes> &a)
{
	if (!a)
		return {};
	auto end = std::find(a->begin(), a->end(), uint8_t{0});
	return std::string(a->begin(), end);
}

uint16_t check_af(uint16_t af, const char *what)
{
	if (af != AF_INET && af != AF_INET6)
		malformed(fmt::format("{} {} is neither IPv4 nor IPv6", what, af));
	return af;
}

Addr addr(Bytes b, uint16_t af, const char *what)
{
	Addr a{af, {}};
	size_t len = addr_len(af);
	if (b.size() < len)
		malformed(fmt::format("{} attribute has {} bytes, needs {}", what, b.size(), len));
	std::memcpy(a.bytes.data(), b.data(), len);
	return a;
}

// The payload of one netlink message, its lengths checked against the bytes.
Bytes payload(Bytes msg, nlmsghdr &nlh)
{
	if (msg.size() < kNlHdr)
		malformed(fmt::format("{} bytes are too short for a netlink message", msg.size()));
	std::memcpy(&nlh, msg.data(), sizeof nlh);
	if (nlh.nlmsg_len < kNlHdr || nlh.nlmsg_len > msg.size())
		malformed(fmt::format("netlink header claims {} bytes, {} there", nlh.nlmsg_len,
				      msg.size()));
	return msg.subspan(kNlHdr, nlh.nlmsg_len - kNlHdr);
}

// The top-level attributes of a generic-netlink message of `cmd`.
template <size_t N>
Attrs<N> genl_attrs(Bytes msg, int cmd)
{
	nlmsghdr nlh;
	Bytes p = payload(msg, nlh);
	if (p.size() < kGenlHdr)
		malformed(fmt::format("{} bytes are too short for a generic-netlink message",
				      msg.size()));
	genlmsghdr genl;
	std::memcpy(&genl, p.data(), sizeof genl);
	if (genl.cmd != cmd)
		malformed(fmt::format("expected {}, got {}", cmd_name(cmd), cmd_name(genl.cmd)));
	return parse<N>(p.subspan(kGenlHdr), cmd_name(cmd).c_str());
}

Bytes top_nest(Bytes msg, int cmd, int type, const char *what)
{
	return required(genl_attrs<kTopAttrs>(msg, cmd)[type], what);
}

// -errno as the kernel puts it; anything outside 0 and -4095 (MAX_ERRNO)
// is not from the kernel.
int errno_of(Bytes p, const char *what)
{
	int err = num<int>(p, what);
	if (err > 0 || err < -4095)
		malformed(fmt::format("{} carries error {}", what, err));
	return -err;
}

// STATS carries the byte counters as u64 and the rest as u32; STATS64
// carries them all as u64 (PAD attributes in between are skipped).
Stats stats(Bytes nest, bool wide)
{
	auto a = parse<IPVS_STATS_ATTR_MAX + 1>(nest, "stats");
	auto counter = [&](int type, const char *what, bool u64) -> uint64_t {
		return u64 ? opt<uint64_t>(a[type], what) : opt<uint32_t>(a[type], what);
	};
	Stats s;
	s.conns = counter(IPVS_STATS_ATTR_CONNS, "stats CONNS", wide);
	s.inpkts = counter(IPVS_STATS_ATTR_INPKTS, "stats INPKTS", wide);
	s.outpkts = counter(IPVS_STATS_ATTR_OUTPKTS, "stats OUTPKTS", wide);
	s.inbytes = counter(IPVS_STATS_ATTR_INBYTES, "stats INBYTES", true);
	s.outbytes = counter(IPVS_STATS_ATTR_OUTBYTES, "stats OUTBYTES", true);
	s.cps = counter(IPVS_STATS_ATTR_CPS, "stats CPS", wide);
	s.inpps = counter(IPVS_STATS_ATTR_INPPS, "stats INPPS", wide);
	s.outpps = counter(IPVS_STATS_ATTR_OUTPPS, "stats OUTPPS", wide);
	s.inbps = counter(IPVS_STATS_ATTR_INBPS, "stats INBPS", wide);
	s.outbps = counter(IPVS_STATS_ATTR_OUTBPS, "stats OUTBPS", wide);
	return s;
}

// STATS64 where the kernel has it (4.7 and later): STATS wraps at 2^32.
Stats preferred_stats(const std::optional<Bytes> &s64, const std::optional<Bytes> &s32)
{
	if (s64)
		return stats(*s64, true);
	if (s32)
		return stats(*s32, false);
	return {};
}

} // namespace

std::string cmd_name(int cmd)
{
	if (cmd >= 0 && cmd < static_cast<int>(std::size(kCmdNames)))
		return kCmdNames[cmd];
	return fmt::format("cmd {}", cmd);
}

MsgPtr new_request(int family, int cmd)
{
	MsgPtr msg(nlmsg_alloc());
	if (!msg)
		throw Error("cannot allocate a netlink message");
	if (!genlmsg_put(msg.get(), NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, static_cast<uint8_t>(cmd),
			 IPVS_GENL_VERSION))
		throw Error("cannot build an IPVS request: message full");
	return msg;
}

void put_service_key(nl_msg *msg, const ServiceKey &key)
{
	nest(msg, IPVS_CMD_ATTR_SERVICE, [&] { put_key(msg, key); });
}

MsgPtr encode(int family, const Op &op)
{
	auto msg = new_request(family, cmd_of(op));
	nl_msg *m = msg.get();
	std::visit(Overloaded{
			   [&]<int C>(const op::OfService<C> &o) { put_service(m, o.service); },
			   [&](const op::DelService &o) { put_service_key(m, o.service); },
			   [&](const op::Zero &o) {
				   if (o.service)
					   put_service_key(m, *o.service);
			   },
			   [](const op::Flush &) {},
			   [&]<int C>(const op::OfDest<C> &o) {
				   put_service_key(m, o.service);
				   put_dest(m, o.dest);
			   },
			   [&](const op::DelDest &o) {
				   put_service_key(m, o.service);
				   nest(m, IPVS_CMD_ATTR_DEST, [&] { put_dest_id(m, o.addr, o.port); });
			   },
			   [&](const op::SetTimeouts &o) { put_timeouts(m, o.timeouts); },
			   [&]<int C>(const op::OfDaemon<C> &o) { put_daemon(m, o.daemon, C == IPVS_CMD_NEW_DAEMON); },
			   [&]<int C>(const op::OfLaddr<C> &o) {
				   put_service_key(m, o.service);
				   put_laddr(m, o.addr);
			   },
		   },
		   op);
	return msg;
}

Service decode_service(Bytes msg)
{
	auto a = parse<IPVS_SVC_ATTR_MAX + 1>(
		top_nest(msg, IPVS_CMD_NEW_SERVICE, IPVS_CMD_ATTR_SERVICE, "SERVICE"), "service");
	Service s;
	ServiceKey &k = s.key;
	k.af = check_af(req<uint16_t>(a[IPVS_SVC_ATTR_AF], "service AF"), "service AF");
	k.addr = Addr{k.af, {}};
	k.fwmark = opt<uint32_t>(a[IPVS_SVC_ATTR_FWMARK], "service FWMARK");
	if (!k.fwmark) {
		k.protocol = req<uint16_t>(a[IPVS_SVC_ATTR_PROTOCOL], "service PROTOCOL");
		k.addr = addr(required(a[IPVS_SVC_ATTR_ADDR], "service ADDR"), k.af, "service ADDR");
		k.port = ntohs(req<uint16_t>(a[IPVS_SVC_ATTR_PORT], "service PORT"));
	}
	s.sched_name = str(a[IPVS_SVC_ATTR_SCHED_NAME]);
	s.pe_name = str(a[IPVS_SVC_ATTR_PE_NAME]);
	auto flags = opt<ip_vs_flags>(a[IPVS_SVC_ATTR_FLAGS], "service FLAGS");
	s.flags = flags.flags & flags.mask;
	s.timeout = opt<uint32_t>(a[IPVS_SVC_ATTR_TIMEOUT], "service TIMEOUT");
	s.netmask = opt<uint32_t>(a[IPVS_SVC_ATTR_NETMASK], "service NETMASK");
	s.stats = preferred_stats(a[IPVS_SVC_ATTR_STATS64], a[IPVS_SVC_ATTR_STATS]);
	return s;
}

Dest decode_dest(Bytes msg, uint16_t svc_af)
{
	auto a = parse<IPVS_DEST_ATTR_MAX + 1>(
		top_nest(msg, IPVS_CMD_NEW_DEST, IPVS_CMD_ATTR_DEST, "DEST"), "destination");
	Dest d;
	uint16_t af = a[IPVS_DEST_ATTR_ADDR_FAMILY]
			      ? req<uint16_t>(a[IPVS_DEST_ATTR_ADDR_FAMILY], "destination ADDR_FAMILY")
			      : svc_af;
	check_af(af, "destination address family");
	d.addr = addr(required(a[IPVS_DEST_ATTR_ADDR], "destination ADDR"), af, "destination ADDR");
	d.port = ntohs(req<uint16_t>(a[IPVS_DEST_ATTR_PORT], "destination PORT"));
	d.conn_flags = opt<uint32_t>(a[IPVS_DEST_ATTR_FWD_METHOD], "destination FWD_METHOD") &
		       IP_VS_CONN_F_FWD_MASK;
	d.weight = opt<int32_t>(a[IPVS_DEST_ATTR_WEIGHT], "destination WEIGHT");
	d.u_threshold = opt<uint32_t>(a[IPVS_DEST_ATTR_U_THRESH], "destination U_THRESH");
	d.l_threshold = opt<uint32_t>(a[IPVS_DEST_ATTR_L_THRESH], "destination L_THRESH");
	d.active_conns = opt<uint32_t>(a[IPVS_DEST_ATTR_ACTIVE_CONNS], "destination ACTIVE_CONNS");
	d.inact_conns = opt<uint32_t>(a[IPVS_DEST_ATTR_INACT_CONNS], "destination INACT_CONNS");
	d.persist_conns = opt<uint32_t>(a[IPVS_DEST_ATTR_PERSIST_CONNS], "destination PERSIST_CONNS");
	d.tun_type = opt<uint8_t>(a[IPVS_DEST_ATTR_TUN_TYPE], "destination TUN_TYPE");
	d.tun_port = ntohs(opt<uint16_t>(a[IPVS_DEST_ATTR_TUN_PORT], "destination TUN_PORT"));
	d.tun_flags = opt<uint16_t>(a[IPVS_DEST_ATTR_TUN_FLAGS], "destination TUN_FLAGS");
	d.stats = preferred_stats(a[IPVS_DEST_ATTR_STATS64], a[IPVS_DEST_ATTR_STATS]);
	return d;
}

LocalAddr decode_laddr(Bytes msg, uint16_t svc_af)
{
	auto a = parse<IPVS_LADDR_ATTR_MAX + 1>(
		top_nest(msg, IPVS_CMD_NEW_LADDR, IPVS_CMD_ATTR_LADDR, "LADDR"), "local address");
	uint16_t af = a[IPVS_LADDR_ATTR_AF] ? req<uint16_t>(a[IPVS_LADDR_ATTR_AF], "local address AF")
					    : svc_af;
	check_af(af, "local address family");
	LocalAddr la;
	la.addr = addr(required(a[IPVS_LADDR_ATTR_ADDR], "local address ADDR"), af,
		       "local address ADDR");
	la.port_conflict = opt<uint64_t>(a[IPVS_LADDR_ATTR_PORT_CONFLICT], "local address PORT_CONFLICT");
	la.conn_counts = opt<uint32_t>(a[IPVS_LADDR_ATTR_CONN_COUNTS], "local address CONN_COUNTS");
	return la;
}

Daemon decode_daemon(Bytes msg)
{
	auto a = parse<IPVS_DAEMON_ATTR_MAX + 1>(
		top_nest(msg, IPVS_CMD_NEW_DAEMON, IPVS_CMD_ATTR_DAEMON, "DAEMON"), "daemon");
	Daemon d;
	d.state = req<uint32_t>(a[IPVS_DAEMON_ATTR_STATE], "daemon STATE");
	d.mcast_ifn = str(a[IPVS_DAEMON_ATTR_MCAST_IFN]);
	d.syncid = opt<uint32_t>(a[IPVS_DAEMON_ATTR_SYNC_ID], "daemon SYNC_ID");
	d.sync_maxlen = opt<uint16_t>(a[IPVS_DAEMON_ATTR_SYNC_MAXLEN], "daemon SYNC_MAXLEN");
	d.mcast_port = opt<uint16_t>(a[IPVS_DAEMON_ATTR_MCAST_PORT], "daemon MCAST_PORT");
	d.mcast_ttl = opt<uint8_t>(a[IPVS_DAEMON_ATTR_MCAST_TTL], "daemon MCAST_TTL");
	d.mcast_group = Addr{0, {}};
	if (a[IPVS_DAEMON_ATTR_MCAST_GROUP6])
		d.mcast_group = addr(*a[IPVS_DAEMON_ATTR_MCAST_GROUP6], AF_INET6, "daemon MCAST_GROUP6");
	else if (a[IPVS_DAEMON_ATTR_MCAST_GROUP])
		d.mcast_group = addr(*a[IPVS_DAEMON_ATTR_MCAST_GROUP], AF_INET, "daemon MCAST_GROUP");
	return d;
}

Info decode_info(Bytes msg)
{
	auto a = genl_attrs<IPVS_INFO_ATTR_MAX + 1>(msg, IPVS_CMD_SET_INFO);
	return Info{req<uint32_t>(a[IPVS_INFO_ATTR_VERSION], "info VERSION"),
		    req<uint32_t>(a[IPVS_INFO_ATTR_CONN_TAB_SIZE], "info CONN_TAB_SIZE")};
}

// The kernel sends the timeouts of the protocols it was built with.
Timeouts decode_timeouts(Bytes msg)
{
	auto a = genl_attrs<kTopAttrs>(msg, IPVS_CMD_SET_CONFIG);
	return Timeouts{opt<uint32_t>(a[IPVS_CMD_ATTR_TIMEOUT_TCP], "TIMEOUT_TCP"),
			opt<uint32_t>(a[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN], "TIMEOUT_TCP_FIN"),
			opt<uint32_t>(a[IPVS_CMD_ATTR_TIMEOUT_UDP], "TIMEOUT_UDP")};
}

int decode_ack(Bytes msg)
{
	nlmsghdr nlh;
	Bytes p = payload(msg, nlh);
	if (nlh.nlmsg_type != NLMSG_ERROR)
		malformed(fmt::format("expected NLMSG_ERROR, got type {}", nlh.nlmsg_type));
	return errno_of(p, "NLMSG_ERROR");
}

int decode_done(Bytes msg)
{
	nlmsghdr nlh;
	Bytes p = payload(msg, nlh);
	if (nlh.nlmsg_type != NLMSG_DONE)
		malformed(fmt::format("expected NLMSG_DONE, got type {}", nlh.nlmsg_type));
	return p.empty() ? 0 : errno_of(p, "NLMSG_DONE");
}

} // namespace lvs::ipvs
