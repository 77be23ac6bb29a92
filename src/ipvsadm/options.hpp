// The one table of ipvsadm's options: names, letters, arguments, which
// command each is legal with (1.31's commands_v_options), and the help text.
// The scanner, the parser and -h all read it.
#pragma once

#include <bitset>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lvs::ipvsadm {

// Commands, in 1.31's order (its cmdnames[] and the rows of its table),
// then the local-address ones of Alibaba LVS's ipvsadm, in its order.
enum class Cmd : uint8_t {
	None,
	Add,
	Edit,
	Del,
	Flush,
	List,
	AddDest,
	DelDest,
	EditDest,
	Timeout,
	StartDaemon,
	StopDaemon,
	Restore,
	Save,
	Zero,
	AddLaddr, // extension
	DelLaddr, // extension
	GetLaddr, // extension
};

// The columns of the legality table, in 1.31's order: checks run in this
// order, so the first offending column names the error. Ours come last.
enum class Col : uint8_t {
	Numeric,
	Connection,
	Service,
	Scheduler,
	Persistent,
	Netmask,
	Server,
	Forward,
	Weight,
	UThreshold,
	LThreshold,
	McastIfn,
	Timeout,
	Daemon,
	Stats,
	Rate,
	Thresholds,
	PersistentConn,
	NoSort,
	SyncId,
	Exact,
	Ops,
	Pe,
	SchedFlags,
	McastGroup,
	McastPort,
	McastTtl,
	SyncMaxlen,
	TunInfo,
	TunType,
	TunPort,
	TunNoCsum,
	TunCsum,
	TunRemCsum,
	Json,         // extension
	LocalAddress, // extension: -z
	None,         // no column: may be given any number of times (-6, --sort)
};
inline constexpr size_t kColumns = static_cast<size_t>(Col::None);
using OptionSet = std::bitset<kColumns>;

// What each option does, one value per entry of the table.
enum class Key : uint8_t {
	// commands
	AddService,
	EditService,
	DeleteService,
	Clear,
	Restore,
	Save,
	AddServer,
	EditServer,
	DeleteServer,
	List,
	ListLower,
	Zero,
	Set,
	StartDaemon,
	StopDaemon,
	Help,
	Version,
	AddLaddr,
	DelLaddr,
	GetLaddr,
	// the virtual service
	TcpService,
	UdpService,
	SctpService,
	FwmarkService,
	// options
	Ipv6,
	Scheduler,
	Pe,
	Persistent,
	Netmask,
	RealServer,
	Gatewaying,
	Ipip,
	Masquerading,
	FullNat,
	TunType,
	TunPort,
	TunNoCsum,
	TunCsum,
	TunRemCsum,
	Weight,
	UThreshold,
	LThreshold,
	Connection,
	Timeout,
	Daemon,
	Stats,
	Rate,
	Exact,
	Thresholds,
	PersistentConn,
	TunInfo,
	NoSort,
	Sort,
	Ops,
	Numeric,
	SchedFlags,
	Json,
	Laddr,
	// sync daemon options
	SyncId,
	SyncMaxlen,
	McastInterface,
	McastGroup,
	McastPort,
	McastTtl,
};

enum class Arg : uint8_t { None, Required, Optional };

// Where -h shows an option; Hidden keeps our extensions out of 1.31's text.
enum class Section : uint8_t { Commands, Service, Options, Daemon, Hidden };

struct Option {
	Key key;
	std::string_view long_name;
	char short_name; // '\0': long only
	Arg arg;
	Cmd command; // the command this option is, or Cmd::None
	Col col;     // the legality column it sets
	Section section;
	std::string_view help; // its lines in -h, each ending in '\n'
};

std::span<const Option> options();
const Option *find_long(std::string_view name);
const Option *find_short(char letter);

// 1.31's names in messages: "add-service", "service-address".
std::string_view command_name(Cmd cmd);
std::string_view column_name(Col col);
// '+' required, 'x' illegal, '1' at most one of the '1's, ' ' optional.
char legality(Cmd cmd, Col col);

// -b's values. sh and mh read the first two scheduler flag bits as their
// own flags; sched is the scheduler a flag belongs to ("": any other).
struct SchedFlag {
	std::string_view name;
	uint32_t bit;
	std::string_view sched;
};
std::span<const SchedFlag> sched_flags();
// The names of the flags set, as the service's scheduler reads them.
std::vector<std::string_view> sched_flag_names(uint32_t flags, std::string_view sched);

// What -h prints, program being argv[0].
std::string usage(std::string_view program);
// What -v prints.
std::string_view version_line();

} // namespace lvs::ipvsadm
