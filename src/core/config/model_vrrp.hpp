// The VRRP side of keepalived.conf as plain data: instances, sync groups,
// tracking (scripts, files, processes, BFD) and the static addresses,
// routes and rules. The protocol daemon comes in its own issue; this is
// the full grammar, validated, so configs load and dump today.
#pragma once

#include "core/config/model_base.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lvs::config {

// One entry of a track_* list: the tracked object and an optional weight.
struct TrackRef {
	std::string name;
	std::optional<int32_t> weight;
	bool reverse = false;
	Loc loc;
};

struct VrrpScript {
	std::string name;
	Script script;
	Micros interval = kSecond;
	Micros timeout = 0; // 0: the interval
	int32_t weight = 0;
	bool weight_reverse = false;
	uint32_t rise = 1, fall = 1;
	bool init_fail = false;
	Loc loc;
};

struct TrackFile {
	std::string name;
	std::string file;
	int32_t weight = 1;
	bool reverse = false;
	std::optional<int32_t> init_value; // init_file [VALUE]
	bool init_overwrite = false;
	Loc loc;
};

struct TrackProcess {
	std::string name;
	std::vector<std::string> process; // command and parameters
	int32_t weight = 1;
	bool reverse = false;
	std::vector<Setting> options; // param_match, quorum, delays, full_command
	Loc loc;
};

// An address line of virtual_ipaddress, static_ipaddress and the like:
// the address and prefix, the interface, the ip-address options as written.
struct IpAddress {
	net::Addr addr = kNoAddr;
	uint8_t prefix = 0; // 0: host (32/128)
	std::string dev;
	std::vector<std::string> options;
	Loc loc;
};

// A route or rule line, as `ip route add` / `ip rule add` take it.
struct IpLine {
	std::vector<std::string> words;
	Loc loc;
};

struct UnicastPeer {
	net::Addr addr = kNoAddr;
	int16_t min_ttl = -1, max_ttl = -1;
	Loc loc;
};

enum class VrrpState : uint8_t { unset, master, backup };
enum class AuthType : uint8_t { none, pass, ah };

struct VrrpNotify {
	std::unique_ptr<Script> master, backup, fault, stop, deleted, any, master_rx_lower_pri;
};

struct VrrpTracking {
	std::vector<TrackRef> interfaces, scripts, files, processes, bfds;
};

struct VrrpInstance {
	std::string name;
	VrrpState state = VrrpState::unset;
	std::string interface;
	uint32_t virtual_router_id = 0; // 0: not given
	uint32_t priority = 0;          // 0: not given (100)
	Micros advert_int = kNoTime;    // unset: 1 s
	uint8_t version = 0;            // 0: vrrp_version, else 2 (3 for IPv6)
	AuthType auth_type = AuthType::none;
	std::string auth_pass;
	std::vector<IpAddress> virtual_ipaddress, virtual_ipaddress_excluded;
	std::vector<IpLine> virtual_routes, virtual_rules;
	VrrpTracking track;
	net::Addr mcast_src_ip = kNoAddr, unicast_src_ip = kNoAddr;
	std::vector<UnicastPeer> unicast_peer;
	bool nopreempt = false;
	Micros preempt_delay = 0;
	Inherit accept = Inherit::unset;
	Inherit strict_mode = Inherit::unset;
	Inherit smtp_alert = Inherit::unset;
	bool dont_track_primary = false;
	VrrpNotify notify;
	std::vector<Setting> other; // use_vmac, garp_*, unicast_ttl, ...
	Loc loc;
};

struct VrrpSyncGroup {
	std::string name;
	std::vector<std::string> group;
	VrrpTracking track;
	VrrpNotify notify;
	Inherit smtp_alert = Inherit::unset;
	std::vector<Setting> other;
	Loc loc;
};

struct GarpGroup {
	Micros garp_interval = kNoTime, gna_interval = kNoTime;
	std::string interface;
	std::vector<std::string> interfaces;
	Loc loc;
};

// Blocks kept as named lists of options.
struct NamedBlock {
	std::string name;
	std::vector<Setting> options;
	Loc loc;
};

struct Vrrp {
	std::vector<VrrpScript> scripts;
	std::vector<VrrpSyncGroup> sync_groups;
	std::vector<VrrpInstance> instances;
	std::vector<TrackFile> track_files; // also read by FILE_CHECK
	std::vector<TrackProcess> track_processes;
	std::vector<GarpGroup> garp_groups;
	std::vector<NamedBlock> bfd_instances;
	std::vector<NamedBlock> track_groups; // options: one "group" setting per member
	std::vector<IpAddress> static_ipaddress;
	std::vector<IpLine> static_routes, static_rules;
	std::vector<Setting> linkbeat_interfaces;      // name: interface, args: [type]
	std::vector<Setting> interface_up_down_delays; // name: interface, args: delays
};

} // namespace lvs::config
