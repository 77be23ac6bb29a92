// keepalived.conf as plain data: what the config says, after parsing and
// validation. Every personality reads this one model; the parser fills it,
// validate() applies keepalived's defaults and inheritance, the emitter
// writes it back (as keepalived.conf or TOML).
//
// "Unset" values (kNoTime, kNoCount, Inherit::unset, Forward::unset) mean
// "take it from the enclosing block"; validate() resolves them, so after a
// successful load every real server and checker carries effective values.
#pragma once

#include "core/config/model_base.hpp"
#include "core/config/model_vrrp.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace lvs::config {

// ---------------------------------------------------------------- global

struct LvsTimeouts {
	uint32_t tcp = 0, tcpfin = 0, udp = 0; // 0: leave the kernel's value
};

struct LvsSyncDaemon {
	std::string interface;
	std::string vrrp_instance;  // empty: run master and backup
	uint32_t syncid = kNoCount; // unset: the instance's VRID, else 0
	uint32_t maxlen = 0, port = 0, ttl = 0;
	net::Addr group = kNoAddr;
	Loc loc;
};

enum class FlushOnStop : uint8_t { no, all, vs };

struct GlobalDefs {
	std::string router_id;
	std::vector<std::string> notification_email;
	std::string notification_email_from;
	std::string smtp_server; // address or host name
	uint16_t smtp_port = 0;  // 0: 25
	std::string smtp_helo_name;
	Micros smtp_connect_timeout = kNoTime;
	Inherit smtp_alert = Inherit::unset;
	Inherit smtp_alert_vrrp = Inherit::unset;
	Inherit smtp_alert_checker = Inherit::unset;
	bool checker_log_all_failures = false;
	LvsTimeouts lvs_timeouts;
	std::optional<LvsSyncDaemon> lvs_sync_daemon;
	bool lvs_flush = false;
	FlushOnStop lvs_flush_on_stop = FlushOnStop::no;
	std::string script_user, script_group;
	bool enable_script_security = false;
	std::string default_interface;
	std::vector<Setting> other; // every other global keyword, in order
};

// ------------------------------------------------- LVS (EulerOS) globals

// One local address (FNAT source address) or a range of them.
struct LocalAddress {
	net::Addr first = kNoAddr;
	net::Addr last = kNoAddr; // == first for a single address
	std::string dev;
};

struct LocalAddressGroup {
	std::string name;
	std::vector<LocalAddress> addresses;
	Loc loc;
};

struct VxlanParam {
	uint32_t id = 0;
	net::Addr local_vtepaddr = kNoAddr;
	Loc loc;
};

struct SslContext {
	std::string password, ca, certificate, key;
	Loc loc;
};

// --------------------------------------------------------------- checkers

enum class CheckerType : uint8_t { tcp, http, ssl, udp, misc, dns, smtp, ping, file, bfd };

struct ConnSource {
	Endpoint bindto;
	uint32_t fwmark = 0;
	std::string bind_if;
};

struct ConnOpts {
	Endpoint connect; // no address: the real server's
	Micros connect_timeout = kNoTime;
	std::unique_ptr<ConnSource> source; // bindto, bind_port, bind_if, fwmark
};

enum class HttpProtocol : uint8_t { v1_0, v1_0c, v1_1 };

struct StatusRange {
	uint16_t first, last;
};

struct Url {
	std::string path;
	std::optional<std::array<uint8_t, 16>> digest;
	std::vector<StatusRange> status_codes; // empty: 200-299
	std::string virtualhost;
	std::string regex;
	bool regex_no_match = false;
	std::vector<std::string> regex_options;
	uint64_t regex_min_offset = 0;		    // a match starts at or after it
	std::optional<uint64_t> regex_max_offset; // and at or before it
	uint64_t regex_stack_start = 0, regex_stack_max = 0;
	Loc loc;
};

struct HttpCheck {
	std::vector<Url> urls;
	std::string virtualhost;
	HttpProtocol protocol = HttpProtocol::v1_0;
	bool fast_recovery = false;
	bool enable_sni = false;
};

struct UdpCheck {
	std::vector<uint8_t> payload;
	bool require_reply = false;
	std::vector<uint8_t> reply_data, reply_mask; // mask bits set: ignored
	uint32_t min_reply_length = 0, max_reply_length = 255;
	bool ping_check_off = false; // EulerOS: no ICMP echo beside the UDP probe
};

struct MiscCheck {
	Script script;
	Micros timeout = 0; // 0: delay_loop
	bool dynamic = false;
};

enum class DnsType : uint8_t { a, ns, cname, soa, mx, txt, aaaa, rrsig, dnskey };

struct DnsCheck {
	DnsType type = DnsType::soa;
	std::string name = ".";
};

struct SmtpCheck {
	std::string helo_name;
};

struct FileCheck {
	std::string track_file;
	int32_t weight = 1;
	bool weight_set = false;
	bool reverse = false;
};

struct BfdCheck {
	std::string name;
};

// What a checker type adds to the common part; TCP_CHECK and PING_CHECK add
// nothing and carry no detail, which keeps the common case small.
using CheckerDetail =
	std::variant<HttpCheck, UdpCheck, MiscCheck, DnsCheck, SmtpCheck, FileCheck, BfdCheck>;

struct Checker {
	CheckerType type = CheckerType::tcp;
	Inherit alpha = Inherit::unset;
	Inherit log_all_failures = Inherit::unset;
	uint32_t retry = kNoCount;
	Micros delay_loop = kNoTime, warmup = kNoTime, delay_before_retry = kNoTime;
	ConnOpts conn;
	Loc loc;
	std::unique_ptr<CheckerDetail> detail;
};

// ---------------------------------------------------------- virtual servers

// lb_kind / lvs_method / dest_lb_kind. FNAT and the VXLAN kinds are the
// EulerOS full-NAT module's.
enum class Forward : uint8_t { unset, nat, dr, tun, fnat, nat_in_vxlan, fnat_in_vxlan };
enum class TunnelType : uint8_t { ipip, gue, gre };
enum class TunnelCsum : uint8_t { nocsum, csum, remcsum };

struct ForwardMethod {
	Forward kind = Forward::unset;
	TunnelType tun_type = TunnelType::ipip;
	uint16_t tun_port = 0;
	TunnelCsum csum = TunnelCsum::nocsum;
};

struct RealServerRare {
	std::optional<Script> notify_up, notify_down;
	std::string virtualhost, snmp_name;
	// EulerOS VXLAN forwarding (R-FWD-VXLAN)
	std::optional<std::array<uint8_t, 6>> mac;
	std::optional<uint32_t> vni;
	Endpoint vteppaddr;
	Forward dest_lb_kind = Forward::unset;
};

struct RealServer {
	Endpoint addr; // port 0: the virtual server's (filled by validate)
	uint32_t weight = kNoCount; // unset: the virtual server's weight
	ForwardMethod forward;
	uint32_t uthreshold = 0, lthreshold = 0;
	Inherit alpha = Inherit::unset;
	Inherit inhibit_on_failure = Inherit::unset;
	Inherit smtp_alert = Inherit::unset;
	uint32_t retry = kNoCount;
	Micros connect_timeout = kNoTime, delay_loop = kNoTime, warmup = kNoTime,
	       delay_before_retry = kNoTime;
	std::vector<Checker> checkers;
	std::unique_ptr<RealServerRare> rare;
	Loc loc;
};

struct SorryServer {
	Endpoint addr;
	ForwardMethod forward;
	bool inhibit = false;
	Loc loc;
};

// A client allow/deny list entry (R-ACL): address and prefix length.
struct Cidr {
	net::Addr addr = kNoAddr;
	uint8_t prefix = 0;
};

enum class VsKind : uint8_t { address, fwmark, group };

struct VirtualServerRare {
	std::string persistence_engine;
	std::string virtualhost, snmp_name;
	std::optional<Script> quorum_up, quorum_down;
	std::optional<SorryServer> sorry_server;
	// EulerOS extensions
	std::string laddr_group_name;
	std::optional<uint32_t> tcp_draining_timeout; // 0: never force
	std::optional<uint32_t> flow_control_cps, flow_control_interval, flow_control_pc;
	std::vector<Cidr> client_ipaddr_allow, client_ipaddr_exclude;
	std::string vip_bind_dev;
	// Read from this file of keepalived's JSON-RPC state directory (a
	// service lvscli added); empty: from keepalived.conf. Not emitted.
	std::string rpc_file;
};

struct VirtualServer {
	VsKind kind = VsKind::address;
	Endpoint addr;     // kind == address (port 0: persistent "any port")
	uint32_t fwmark = 0;
	std::string group; // kind == group
	uint16_t af = 0;   // AF_UNSPEC until known (ip_family, addresses)
	uint16_t protocol = 0; // IPPROTO_TCP/UDP/SCTP; 0: not given
	std::string sched;
	uint32_t sched_flags = 0; // IP_VS_SVC_F_*
	ForwardMethod forward;
	uint32_t persistence_timeout = 0;
	uint32_t persistence_granularity = UINT32_MAX; // IPv4 mask (network order) or IPv6 prefix
	bool ha_suspend = false, alpha = false, omega = false, inhibit_on_failure = false;
	bool checker_off = false, checker_merge = false; // EulerOS
	Inherit smtp_alert = Inherit::unset;
	uint32_t quorum = 1, hysteresis = 0;
	uint32_t weight = 1; // default real server weight
	uint32_t retry = kNoCount;
	Micros connect_timeout = 5 * kSecond, delay_loop = 60 * kSecond;
	Micros warmup = kNoTime, delay_before_retry = kNoTime;
	std::vector<RealServer> real_servers;
	std::unique_ptr<VirtualServerRare> rare;
	Loc loc;
};

enum class VsgEntryKind : uint8_t { range, fwmark };

struct VsgEntry {
	VsgEntryKind kind = VsgEntryKind::range;
	net::Addr first = kNoAddr, last = kNoAddr;
	uint16_t port = 0;
	uint32_t fwmark = 0;
	uint16_t fwmark_af = 0; // AF_UNSPEC: not given
	Loc loc;
};

struct VirtualServerGroup {
	std::string name;
	std::vector<VsgEntry> entries;
	Loc loc;
};

// -------------------------------------------------------------- the config

struct Config {
	GlobalDefs global;
	std::vector<LocalAddressGroup> local_address_groups;
	std::optional<VxlanParam> vxlan;
	std::optional<SslContext> ssl;
	std::vector<VirtualServerGroup> virtual_server_groups;
	std::vector<VirtualServer> virtual_servers;
	Vrrp vrrp;
};

} // namespace lvs::config
