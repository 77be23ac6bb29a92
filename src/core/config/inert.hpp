// Keywords this keepalived reads and checks as keepalived 2.2.7 does, and
// then does not act upon. A keyword table entry that is one points at an
// Inert saying what happens instead; the parser says so at the keyword's
// line, as a note, so `keepalived -t` keeps 2.2.7's verdict and status and
// the daemon's log shows it at start and at each reload. The section
// "ACCEPTED BUT NOT ACTED UPON" of man/keepalived.conf.5 lists the same
// entries (tests/unit/config_keywords_test.cpp holds the two together).
//
// The reasons several tables share are here; one table's own are in its
// file.
#pragma once

#include "core/config/diag.hpp"

#include <span>
#include <string_view>

namespace lvs::config {

struct Inert {
	std::string_view why; // what this keepalived does instead
	// Inert only with one of these as the first argument (auth_type AH);
	// empty: whatever the arguments.
	std::span<const std::string_view> values = {};
	// Inert only with an argument, which the man page calls this
	// (nftables TABLE: the keyword alone asks for what always happens).
	std::string_view arg = {};
};

// Whether `in` applies when the keyword's first argument is `first` ("" for none).
bool inert_applies(const Inert &in, std::string_view first);

// "<keyword> [<first>] is accepted but not acted upon by this keepalived
// (<why>)" at `loc`, when `in` applies.
void note_inert(Diagnostics &diags, Loc loc, std::string_view keyword, std::string_view first, const Inert &in);

inline constexpr Inert kNoEmail{"no e-mail alerts are sent"};
inline constexpr Inert kNoSnmp{"there is no SNMP agent"};
inline constexpr Inert kNoBfd{"there is no BFD process"};
inline constexpr Inert kNoFifo{"no notify FIFO is written and no FIFO script is run"};
inline constexpr Inert kProcessTuning{"the processes run with the system's scheduling, memory and CPU defaults"};
inline constexpr Inert kProcessNames{"the processes keep the name they were started with"};
inline constexpr Inert kNetlinkBuffers{"netlink sockets keep the kernel's default buffer sizes"};
inline constexpr Inert kReceiveBuffers{"VRRP sockets keep the kernel's default receive buffer size"};
inline constexpr Inert kNamespaces{"keepalived runs in the network namespace it is started in"};
inline constexpr Inert kVmac{"no VMAC or ipvlan interface is made: the instance sends and holds its addresses on its "
			     "interface"};
inline constexpr Inert kGarpTiming{"gratuitous ARPs and neighbour advertisements follow garp_master_delay, "
				   "garp_master_repeat and garp_master_refresh only"};
inline constexpr Inert kSyncGroupOwn{"a sync group's own tracking, notify scripts and alerts are not used: "
				     "give them to its instances"};
inline constexpr Inert kTrackProcess{"processes are not tracked"};
inline constexpr Inert kPriorityChanges{"notify scripts run on changes of state only"};
inline constexpr Inert kLogAllFailures{"only changes of a real server's state are logged"};
inline constexpr Inert kTrackGroup{"addresses are not tracked by group"};
inline constexpr Inert kStatic{"static addresses, routes and rules are not set"};
inline constexpr Inert kLinkbeat{"link state comes from rtnetlink events"};
inline constexpr Inert kMulticastGroup{"adverts go to 224.0.0.18 or ff02::12"};
inline constexpr Inert kSkipCheckAdvAddr{"the address list of every advert is checked"};
inline constexpr Inert kHigherPrioSendAdvert{"a backup of higher priority does not advertise on hearing a lower "
					     "priority master"};
inline constexpr Inert kVxlanKeyword{"it only serves VXLAN forwarding, which the kernel module does not offer "
				     "yet"};
inline constexpr std::string_view kVxlanForwards[] = {"NATinVXLAN", "FNATinVXLAN"};
inline constexpr Inert kVxlanForward{"the kernel module does not offer VXLAN forwarding yet: such real servers "
				     "are left out of the table",
				     kVxlanForwards};

} // namespace lvs::config
