#include "ipvsadm/parse.hpp"

#include "core/net/addr.hpp"
#include "ipvsadm/scan.hpp"
#include "ipvsadm/values.hpp"

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/ip_vs.h>
#include <netinet/in.h>

#include "ip_vs_fnat_uapi.h" // the local-address commands, after <linux/ip_vs.h>

namespace lvs::ipvsadm {

namespace {

constexpr uint32_t kDefaultPersistence = 360; // IPVS_SVC_PERSISTENT_TIMEOUT
constexpr size_t kSchedNameMax = IP_VS_SCHEDNAME_MAXLEN - 1;
constexpr size_t kIfNameMax = IP_VS_IFNAME_MAXLEN - 1;
constexpr size_t kSchedFlagsMax = 127; // 1.31 copies -b into 128 bytes
constexpr uint32_t kSchedFlagBits = IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3;

void set_af(ipvs::ServiceKey &key, uint16_t af)
{
	key.af = af;
	key.addr.af = af;
}

// The state 1.31's parse_options builds up, one option at a time, in the
// order given: later options see what earlier ones set (-r takes the
// service's protocol for port names, -6 needs -f before it, -M reads the
// family the service had then).
class Parser {
public:
	explicit Parser(const std::vector<std::string> &argv) : program_(argv.at(0)), scan_(argv)
	{
		c_.svc.netmask = 0xffffffff;
		c_.dest.weight = 1;
		c_.dest.conn_flags = IP_VS_CONN_F_DROUTE;
		c_.daemon.mcast_group = net::Addr{0, {}};
	}

	Parsed run();

private:
	void command(const Scanned &s);
	void option(const Option &opt, const std::optional<std::string> &arg);
	void service_option(const Option &opt, const std::string &arg);
	void server_option(const Option &opt, const std::string &arg);
	void daemon_option(const Option &opt, const std::string &arg);
	void list_option(const Option &opt);
	void local_address(const std::string &arg);
	void set(Col col);
	void leftovers();
	void check_columns() const;
	void check_service();
	void check_server();
	void check_tunnel() const;
	template <typename ColAt, typename RuleAt>
	void check_row(size_t n, ColAt col_at, RuleAt rule_at, const std::string &what) const;
	void check_list() const;

	std::string program_;
	Scanner scan_;
	Command c_;
	std::string sched_flags_;
};

Parsed Parser::run()
{
	Scanned s = scan_.next();
	if (s.kind != Scanned::Kind::Option)
		throw try_help(program_);
	command(s);
	while ((s = scan_.next()).kind == Scanned::Kind::Option)
		option(*s.opt, s.arg);
	if (s.kind == Scanned::Kind::Error)
		return Parsed{std::nullopt, scan_.last_word() + ": " + std::string(s.error) + "\n"};
	leftovers();
	if (!sched_flags_.empty()) {
		c_.svc.flags &= ~kSchedFlagBits;
		c_.svc.flags |= parse_sched_flags(sched_flags_, c_.svc.sched_name);
	}
	check_columns();
	check_service();
	check_server();
	check_list();
	return Parsed{std::move(c_), {}};
}

void Parser::command(const Scanned &s)
{
	const Option &opt = *s.opt;
	if (opt.key == Key::Help)
		throw Exit(0, usage(program_), true);
	if (opt.key == Key::Version)
		throw Exit(0, std::string(version_line()), true);
	if (opt.command == Cmd::None)
		throw try_help(program_);
	c_.cmd = opt.command;
	if (opt.key == Key::StartDaemon || opt.key == Key::StopDaemon) {
		if (*s.arg == "master")
			c_.daemon.state = IP_VS_STATE_MASTER;
		else if (*s.arg == "backup")
			c_.daemon.state = IP_VS_STATE_BACKUP;
		else
			throw fail(opt.key == Key::StartDaemon ? "illegal start-daemon parameter specified"
							       : "illegal start_daemon specified");
	}
}

void Parser::set(Col col)
{
	if (col == Col::None)
		return;
	auto bit = static_cast<size_t>(col);
	if (c_.options.test(bit))
		throw fail("multiple '" + std::string(column_name(col)) + "' options specified");
	c_.options.set(bit);
}

void Parser::option(const Option &opt, const std::optional<std::string> &arg)
{
	if (opt.command != Cmd::None || opt.key == Key::Help || opt.key == Key::Version)
		throw fail("invalid option `" + scan_.last_word() + "'");
	set(opt.col);
	switch (opt.key) {
	case Key::TcpService:
	case Key::UdpService:
	case Key::SctpService:
	case Key::FwmarkService:
	case Key::Scheduler:
	case Key::Pe:
	case Key::Netmask:
	case Key::SchedFlags:
		return service_option(opt, *arg);
	case Key::Persistent:
		c_.svc.flags |= IP_VS_SVC_F_PERSISTENT;
		c_.svc.timeout = arg ? timeout_value(*arg, 1) : kDefaultPersistence;
		return;
	case Key::Ops:
		c_.svc.flags |= IP_VS_SVC_F_ONEPACKET;
		return;
	case Key::Ipv6:
		if (!c_.svc.key.fwmark)
			throw fail("-6 used before -f\n");
		set_af(c_.svc.key, AF_INET6);
		c_.svc.netmask = 128;
		return;
	case Key::RealServer:
	case Key::Weight:
	case Key::UThreshold:
	case Key::LThreshold:
	case Key::TunType:
	case Key::TunPort:
		return server_option(opt, *arg);
	case Key::Gatewaying:
		c_.dest.conn_flags = IP_VS_CONN_F_DROUTE;
		return;
	case Key::Ipip:
		c_.dest.conn_flags = IP_VS_CONN_F_TUNNEL;
		return;
	case Key::Masquerading:
		c_.dest.conn_flags = IP_VS_CONN_F_MASQ;
		return;
	case Key::FullNat:
		c_.dest.conn_flags = ipvs::kFwdFullNat;
		return;
	case Key::TunNoCsum:
		c_.dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM;
		return;
	case Key::TunCsum:
		c_.dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
		return;
	case Key::TunRemCsum:
		c_.dest.tun_flags |= IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
		return;
	case Key::McastInterface:
	case Key::SyncId:
	case Key::McastGroup:
	case Key::McastPort:
	case Key::McastTtl:
	case Key::SyncMaxlen:
		return daemon_option(opt, *arg);
	case Key::Laddr:
		return local_address(*arg);
	default:
		return list_option(opt);
	}
}

void Parser::service_option(const Option &opt, const std::string &arg)
{
	ipvs::Service &svc = c_.svc;
	switch (opt.key) {
	case Key::FwmarkService:
		// 1.31 sets TCP, "a sane value even though it is not used".
		set_af(svc.key, AF_INET);
		svc.key.protocol = IPPROTO_TCP;
		svc.key.fwmark = fwmark_value(arg);
		return;
	case Key::Scheduler:
		svc.sched_name = arg.substr(0, kSchedNameMax);
		return;
	case Key::Pe:
		svc.pe_name = arg.substr(0, IP_VS_PENAME_MAXLEN);
		return;
	case Key::SchedFlags:
		sched_flags_ = arg.substr(0, kSchedFlagsMax);
		return;
	case Key::Netmask:
		if (svc.key.af != AF_INET6) {
			auto mask = net::parse_ipv4_liberal(arg);
			if (!mask)
				mask = net::resolve_ipv4(arg);
			if (!mask)
				throw fail("illegal virtual server persistent mask specified");
			std::memcpy(&svc.netmask, mask->bytes.data(), sizeof svc.netmask);
		} else {
			svc.netmask = static_cast<uint32_t>(std::atoi(arg.c_str()));
			if (svc.netmask < 1 || svc.netmask > 128)
				throw fail("illegal ipv6 netmask specified");
		}
		return;
	default: // the service address
		svc.key.protocol = opt.key == Key::TcpService	? IPPROTO_TCP
				   : opt.key == Key::UdpService ? IPPROTO_UDP
								: IPPROTO_SCTP;
		HostPort hp = host_port(arg, svc.key.protocol);
		if (!(hp.found & kAddr))
			throw fail("illegal virtual server address[:port] specified");
		set_af(svc.key, hp.addr.af);
		svc.key.addr = hp.addr;
		if (hp.addr.af == AF_INET6)
			svc.netmask = 128;
		if (hp.found & kPort)
			svc.key.port = hp.port;
		return;
	}
}

void Parser::server_option(const Option &opt, const std::string &arg)
{
	ipvs::Dest &d = c_.dest;
	switch (opt.key) {
	case Key::RealServer: {
		HostPort hp = host_port(arg, c_.svc.key.protocol);
		if (!(hp.found & kAddr))
			throw fail("illegal real server address[:port] specified");
		d.addr = hp.addr;
		// Without a port the server takes the service's, as far as known.
		d.port = (hp.found & kPort) ? hp.port : c_.svc.key.port;
		return;
	}
	case Key::Weight:
		d.weight = static_cast<int32_t>(checked(arg, 0, INT_MAX, "illegal weight specified"));
		return;
	case Key::UThreshold:
		d.u_threshold = checked(arg, 0, INT_MAX, "illegal u_threshold specified");
		return;
	case Key::LThreshold:
		d.l_threshold = checked(arg, 0, INT_MAX, "illegal l_threshold specified");
		return;
	case Key::TunType:
		d.tun_type = tunnel_type(arg);
		return;
	default: // tunnel port
		d.tun_port = static_cast<uint16_t>(
			checked(arg, 1, 65535, "illegal tunnel port specified"));
		return;
	}
}

void Parser::daemon_option(const Option &opt, const std::string &arg)
{
	ipvs::Daemon &d = c_.daemon;
	switch (opt.key) {
	case Key::McastInterface:
		d.mcast_ifn = arg.substr(0, kIfNameMax);
		return;
	case Key::SyncId:
		d.syncid = checked(arg, 0, 255, "illegal syncid specified");
		return;
	case Key::McastGroup:
		d.mcast_group = mcast_group(arg);
		return;
	case Key::McastPort:
		d.mcast_port = static_cast<uint16_t>(
			checked(arg, 1, 65535, "illegal mcast-port specified"));
		return;
	case Key::McastTtl:
		d.mcast_ttl = static_cast<uint8_t>(checked(arg, 1, 255, "illegal mcast-ttl specified"));
		return;
	default: // sync-maxlen: an IPv4 UDP payload at most
		d.sync_maxlen = static_cast<uint16_t>(
			checked(arg, 1, 65535 - 20 - 8, "illegal sync-maxlen specified"));
		return;
	}
}

// -z: an address, as Alibaba's ipvsadm reads it (a name, or any form
// inet_aton or inet_pton takes); a port, which Alibaba's drops unread,
// is refused: a local address has none.
void Parser::local_address(const std::string &arg)
{
	HostPort hp = host_port(arg, c_.svc.key.protocol);
	if (hp.found != kAddr)
		throw fail("illegal local address");
	c_.laddr.addr = hp.addr;
}

void Parser::list_option(const Option &opt)
{
	Format &f = c_.format;
	switch (opt.key) {
	case Key::Numeric:
		f.numeric = true;
		return;
	case Key::Stats:
		f.stats = true;
		return;
	case Key::Rate:
		f.rate = true;
		return;
	case Key::Thresholds:
		f.thresholds = true;
		return;
	case Key::PersistentConn:
		f.persistent_conn = true;
		return;
	case Key::TunInfo:
		f.tun_info = true;
		return;
	case Key::NoSort:
		f.nosort = true;
		return;
	case Key::Exact:
		f.exact = true;
		return;
	case Key::Json:
		f.json = true;
		return;
	default: // -c, --timeout, --daemon only choose what to list; --sort is a no-op
		return;
	}
}

void Parser::leftovers()
{
	if (c_.cmd == Cmd::Timeout) {
		auto tcp = scan_.next_leftover();
		auto fin = tcp ? scan_.next_leftover() : std::nullopt;
		auto udp = fin ? scan_.next_leftover() : std::nullopt;
		if (!udp)
			throw fail("--set option requires 3 timeout values");
		c_.timeouts.tcp = timeout_value(*tcp, 0);
		c_.timeouts.tcp_fin = timeout_value(*fin, 0);
		c_.timeouts.udp = timeout_value(*udp, 0);
	}
	if (auto extra = scan_.next_leftover())
		throw fail("unexpected argument " + *extra);
}

// 1.31's generic_opt_check over the legality table.
void Parser::check_columns() const
{
	std::string cmd = "'" + std::string(command_name(c_.cmd)) + "' command";
	check_row(kColumns, [](size_t j) { return static_cast<Col>(j); },
		  [&](size_t j) { return legality(c_.cmd, static_cast<Col>(j)); }, cmd);
}

void Parser::check_service()
{
	ipvs::Service &svc = c_.svc;
	if (c_.cmd == Cmd::Add || c_.cmd == Cmd::Edit) {
		if (!svc.key.fwmark && !svc.key.port && !(svc.flags & IP_VS_SVC_F_PERSISTENT))
			throw fail("Zero port specified for non-persistent service");
		if ((svc.flags & IP_VS_SVC_F_ONEPACKET) && !svc.key.fwmark &&
		    svc.key.protocol != IPPROTO_UDP)
			throw fail("One-Packet Scheduling is only for UDP virtual services");
		if (svc.sched_name.empty())
			svc.sched_name = "wlc";
	}
	if (c_.cmd == Cmd::StartDaemon && c_.daemon.mcast_ifn.empty())
		c_.daemon.mcast_ifn = "eth0";
}

void Parser::check_server()
{
	if (c_.cmd != Cmd::AddDest && c_.cmd != Cmd::EditDest)
		return;
	ipvs::Dest &d = c_.dest;
	uint32_t fwd = d.conn_flags & IP_VS_CONN_F_FWD_MASK;
	// Direct routing and tunnels cannot change the port.
	if (!c_.svc.key.fwmark && (fwd == IP_VS_CONN_F_TUNNEL || fwd == IP_VS_CONN_F_DROUTE))
		d.port = c_.svc.key.port;
	if (d.addr.af != c_.svc.key.af && fwd != IP_VS_CONN_F_TUNNEL)
		throw fail("Different address family is allowed only for tunneling servers");
	bool tunnel_opts = c_.has(Col::TunType) || c_.has(Col::TunPort) || c_.has(Col::TunNoCsum) ||
			   c_.has(Col::TunCsum) || c_.has(Col::TunRemCsum);
	if (tunnel_opts && fwd != IP_VS_CONN_F_TUNNEL)
		throw fail("Tunnel options conflict with forward method");
	check_tunnel();
}

// 1.31's tunnel_opt_check: which of port and checksum options each tunnel
// type takes.
void Parser::check_tunnel() const
{
	static constexpr Col kCols[] = {Col::TunPort, Col::TunNoCsum, Col::TunCsum, Col::TunRemCsum};
	static constexpr std::string_view kRules[] = {"xxxx", "+111", "x11x"};
	static constexpr std::string_view kNames[] = {"ipip", "gue", "gre"};
	uint8_t type = c_.dest.tun_type;
	std::string tunnel = "'" + std::string(kNames[type]) + "' tunnel type";
	check_row(std::size(kCols), [&](size_t j) { return kCols[j]; }, [&](size_t j) { return kRules[type][j]; },
		  tunnel);
}

// One row of a legality table, as 1.31 judges it: an option marked '+' is
// required, 'x' illegal, '1' one of those marked so (at most one); `what`
// names the row in the messages.
template <typename ColAt, typename RuleAt>
void Parser::check_row(size_t n, ColAt col_at, RuleAt rule_at, const std::string &what) const
{
	auto name = [](Col col) { return "'" + std::string(column_name(col)) + "'"; };
	std::optional<Col> first_exclusive;
	for (size_t j = 0; j < n; ++j) {
		Col col = col_at(j);
		char rule = rule_at(j);
		if (!c_.has(col)) {
			if (rule == '+')
				throw fail("You need to supply the " + name(col) + " option for the " + what);
			continue;
		}
		if (rule == 'x')
			throw fail("Illegal " + name(col) + " option with the " + what);
		if (rule != '1')
			continue;
		if (!first_exclusive) {
			first_exclusive = col;
			continue;
		}
		throw fail("The option " + name(col) + " conflicts with the " + name(*first_exclusive) +
			   " option in the " + what);
	}
}

void Parser::check_list() const
{
	if (c_.cmd != Cmd::List)
		return;
	bool what = c_.has(Col::Connection) || c_.has(Col::Timeout) || c_.has(Col::Daemon);
	bool counters = c_.has(Col::Stats) || c_.has(Col::Rate) || c_.has(Col::Thresholds);
	bool settings = c_.has(Col::Timeout) || c_.has(Col::Daemon);
	if ((what && counters) || (settings && c_.has(Col::PersistentConn)))
		throw fail("options conflicts in the list command");
}

} // namespace

void Exit::print() const
{
	std::FILE *out = to_stdout_ ? stdout : stderr;
	std::fwrite(text_.data(), 1, text_.size(), out);
}

Exit fail(const std::string &message)
{
	return Exit(2, message + "\n");
}

Exit try_help(const std::string &program)
{
	return Exit(255, "Try `" + program + " -h' or '" + program + " --help' for more information.\n");
}

Parsed parse(const std::vector<std::string> &argv)
{
	return Parser(argv).run();
}

std::optional<ipvs::Op> to_op(const Command &c)
{
	namespace op = ipvs::op;
	const ipvs::ServiceKey &key = c.svc.key;
	switch (c.cmd) {
	case Cmd::Add:
		return op::NewService{c.svc};
	case Cmd::Edit:
		return op::SetService{c.svc};
	case Cmd::Del:
		return op::DelService{key};
	case Cmd::AddDest:
		return op::NewDest{key, c.dest};
	case Cmd::EditDest:
		return op::SetDest{key, c.dest};
	case Cmd::DelDest:
		return op::DelDest{key, c.dest.addr, c.dest.port};
	case Cmd::Zero:
		// No service named (or 0.0.0.0:0): every counter, as libipvs does.
		if (key.fwmark || key.port || key.addr.bytes != decltype(key.addr.bytes){})
			return op::Zero{key};
		return op::Zero{};
	case Cmd::Flush:
		return op::Flush{};
	case Cmd::Timeout:
		return op::SetTimeouts{c.timeouts};
	case Cmd::StartDaemon:
		return op::NewDaemon{c.daemon};
	case Cmd::StopDaemon:
		return op::DelDaemon{c.daemon};
	case Cmd::AddLaddr:
		return op::NewLaddr{key, c.laddr.addr};
	case Cmd::DelLaddr:
		return op::DelLaddr{key, c.laddr.addr};
	default:
		return std::nullopt;
	}
}

} // namespace lvs::ipvsadm
