// What VRRP instances and sync groups track and notify (track_* lists,
// notify_* scripts), and the blocks they refer to: vrrp_script, track_file,
// vrrp_track_process, bfd_instance, track_group, garp_group. A tracked
// name must be defined before it is used, as in keepalived.
#include "core/config/keywords_global.hpp"
#include "core/config/keywords_vrrp.hpp"
#include "core/config/values.hpp"

#include <climits>
#include <net/if.h>

namespace lvs::config {

namespace {

std::string tag(Ctx &c)
{
	return "(" + (c.block_name ? *c.block_name : std::string()) + ")";
}

template <typename T> bool defined(const std::vector<T> &list, std::string_view name)
{
	for (const auto &x : list)
		if (x.name == name)
			return true;
	return false;
}

// NAME [weight N [reverse|noreverse]]
bool track_entry(Ctx &c, const Stmt &s, std::vector<TrackRef> &list, const char *what, int32_t limit)
{
	TrackRef r;
	r.name = str(s.words[0]);
	r.loc = s.loc;
	for (const auto &e : list)
		if (e.name == r.name)
			return c.error(s.loc, tag(c) + " duplicate " + what + " " + r.name + " - ignoring"), false;
	for (size_t i = 1; i < s.words.size(); ++i) {
		std::string_view w = s.words[i];
		if (w == "reverse" || w == "noreverse") {
			r.reverse = w == "reverse";
		} else if (w == "weight") {
			if (i + 1 == s.words.size())
				return c.error(s.loc, tag(c) + " weight without value specified for " + what + " " +
							      r.name + " - ignoring"),
				       false;
			int32_t v;
			if (!read_int(c, s.loc, s.words[++i], -limit, limit, v))
				return c.error(s.loc, tag(c) + " weight " + str(s.words[i]) + " for " + r.name +
							      " must be between [" + std::to_string(-limit) + ".." +
							      std::to_string(limit) + "] inclusive. Ignoring..."),
				       false;
			r.weight = v;
		} else {
			return c.error(s.loc, tag(c) + " unknown " + what + " " + r.name + " option " + str(w) +
						      " - ignoring"),
			       false;
		}
	}
	list.push_back(std::move(r));
	return true;
}

void track_interface(Ctx &c, const Stmt &s)
{
	if (!if_nametoindex(str(s.words[0]).c_str()))
		report_missing_interface(c, s.loc, tag(c) + " tracked interface " + str(s.words[0]) + " doesn't exist");
	track_entry(c, s, c.track->interfaces, "track_interface", 253);
}

void track_script(Ctx &c, const Stmt &s)
{
	if (!defined(c.cfg.vrrp.scripts, s.words[0]))
		return c.error(s.loc, tag(c) + " track script " + str(s.words[0]) + " not found, ignoring...");
	track_entry(c, s, c.track->scripts, "track_script", 253);
}

void track_file(Ctx &c, const Stmt &s)
{
	if (!defined(c.cfg.vrrp.track_files, s.words[0]))
		return c.error(s.loc, tag(c) + " track file " + str(s.words[0]) + " not found, ignoring...");
	track_entry(c, s, c.track->files, "track_file", 254);
}

void track_process(Ctx &c, const Stmt &s)
{
	if (!defined(c.cfg.vrrp.track_processes, s.words[0]))
		return c.error(s.loc, tag(c) + " track process " + str(s.words[0]) + " not found, ignoring...");
	track_entry(c, s, c.track->processes, "track_process", 254);
}

void track_bfd(Ctx &c, const Stmt &s)
{
	if (!defined(c.cfg.vrrp.bfd_instances, s.words[0]))
		return c.error(s.loc, tag(c) + " track bfd " + str(s.words[0]) + " not found, ignoring...");
	track_entry(c, s, c.track->bfds, "track_bfd", 253);
}

void notify(Ctx &c, const Stmt &s)
{
	std::string_view k = s.words[0];
	VrrpNotify &n = *c.notify;
	auto &slot = k == "notify_master"	  ? n.master
		     : k == "notify_backup"	  ? n.backup
		     : k == "notify_fault"	  ? n.fault
		     : k == "notify_stop"	  ? n.stop
		     : k == "notify_deleted"	  ? n.deleted
		     : k == "notify_master_rx_lower_pri" ? n.master_rx_lower_pri
							 : n.any;
	if (slot)
		return c.error(s.loc, tag(c) + " " + str(k) + " script already specified - ignoring " + str(arg(s, 1)));
	Script script;
	if (k == "notify_deleted" && s.words.size() < 2) {
		slot = std::make_unique<Script>(std::move(script)); // DELETED state, no script
		return;
	}
	if (read_script(c, s, script, true))
		slot = std::make_unique<Script>(std::move(script));
}

void notify_priority_changes(Ctx &c, const Stmt &s)
{
	if (s.words.size() > 1 && read_bool(s.words[1]) < 0)
		return c.error(s.loc, tag(c) + " Invalid value '" + str(s.words[1]) + "' for notify_priority_changes specified");
	keep(c, s);
}

void smtp_alert(Ctx &c, const Stmt &s)
{
	int b = s.words.size() < 2 ? 1 : read_bool(s.words[1]);
	if (b < 0)
		return c.error(s.loc, tag(c) + " Invalid smtp_alert parameter " + str(s.words[1]));
	*c.smtp_alert = b ? Inherit::yes : Inherit::no;
}

constexpr Block kTrackInterfaceBlock{{}, track_interface};
constexpr Block kTrackScriptBlock{{}, track_script};
constexpr Block kTrackFileListBlock{{}, track_file};
constexpr Block kTrackProcessListBlock{{}, track_process};
constexpr Block kTrackBfdBlock{{}, track_bfd};

constexpr Inert kTrackFile{"a tracked file does not move the instance's priority"};
constexpr Inert kRxLowerPri{"no script runs when a master hears a lower priority"};

constexpr Keyword kCommonKeywords[] = {
	{"track_interface", 0, nullptr, &kTrackInterfaceBlock},
	{"track_script", 0, nullptr, &kTrackScriptBlock},
	{"track_file", 0, nullptr, &kTrackFileListBlock, &kTrackFile},
	{"track_process", 0, nullptr, &kTrackProcessListBlock, &kTrackProcess},
	{"track_bfd", 0, nullptr, &kTrackBfdBlock, &kNoBfd},
	{"notify_master", 1, notify},
	{"notify_backup", 1, notify},
	{"notify_fault", 1, notify},
	{"notify_stop", 1, notify},
	{"notify_deleted", 0, notify},
	{"notify", 1, notify},
	{"notify_master_rx_lower_pri", 1, notify, nullptr, &kRxLowerPri},
	{"notify_priority_changes", 0, notify_priority_changes, nullptr, &kPriorityChanges},
	{"smtp_alert", 0, smtp_alert, nullptr, &kNoEmail},
};

// A sync group's, as 2.2.7 lists them (no notify_deleted nor
// notify_master_rx_lower_pri): read as an instance's, none acted upon.
constexpr Keyword kSyncGroupCommonKeywords[] = {
	{"track_interface", 0, nullptr, &kTrackInterfaceBlock, &kSyncGroupOwn},
	{"track_script", 0, nullptr, &kTrackScriptBlock, &kSyncGroupOwn},
	{"track_file", 0, nullptr, &kTrackFileListBlock, &kSyncGroupOwn},
	{"track_process", 0, nullptr, &kTrackProcessListBlock, &kSyncGroupOwn},
	{"track_bfd", 0, nullptr, &kTrackBfdBlock, &kSyncGroupOwn},
	{"notify_master", 1, notify, nullptr, &kSyncGroupOwn},
	{"notify_backup", 1, notify, nullptr, &kSyncGroupOwn},
	{"notify_fault", 1, notify, nullptr, &kSyncGroupOwn},
	{"notify_stop", 1, notify, nullptr, &kSyncGroupOwn},
	{"notify", 1, notify, nullptr, &kSyncGroupOwn},
	{"notify_priority_changes", 0, notify_priority_changes, nullptr, &kSyncGroupOwn},
	{"smtp_alert", 0, smtp_alert, nullptr, &kSyncGroupOwn},
};

// ------------------------------------------------------------ vrrp_script

VrrpScript &script(Ctx &c)
{
	return c.cfg.vrrp.scripts.back();
}

void script_cmd(Ctx &c, const Stmt &s)
{
	read_script(c, s, script(c).script, false);
}

void script_seconds(Ctx &c, const Stmt &s)
{
	std::string_view k = s.words[0];
	std::string name = "(" + script(c).name + "): vrrp script ";
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 0, UINT_MAX * kSecond, t))
		return c.error(s.loc, name + str(k) + " '" + str(s.words[1]) + "' invalid - ignoring");
	if (t == 0) {
		c.error(s.loc, name + str(k) + " must be greater than 0, setting to 1");
		t = kSecond;
	}
	(k == "interval" ? script(c).interval : script(c).timeout) = t;
}

void script_weight(Ctx &c, const Stmt &s)
{
	int32_t w;
	if (!read_int(c, s.loc, s.words[1], -253, 253, w))
		return c.error(s.loc, "(" + script(c).name + "): vrrp script weight " + str(s.words[1]) +
					      " must be in [-253, 253] - ignoring");
	script(c).weight = w;
	script(c).weight_reverse = arg(s, 2) == "reverse";
}

void script_count(Ctx &c, const Stmt &s)
{
	uint32_t v;
	if (!read_unsigned(c, s.loc, s.words[1], 1, INT_MAX, v)) {
		c.error(s.loc, "(" + script(c).name + "): vrrp script " + str(s.words[0]) + " value '" +
				       str(s.words[1]) + "' invalid, defaulting to 1");
		v = 1;
	}
	(s.words[0] == "rise" ? script(c).rise : script(c).fall) = v;
}

void script_user(Ctx &c, const Stmt &s)
{
	script(c).script.user = str(s.words[1]);
	script(c).script.group = str(arg(s, 2));
}

void script_init_fail(Ctx &c, const Stmt &)
{
	script(c).init_fail = true;
}

void script_close(Ctx &c)
{
	if (script(c).script.command.empty()) {
		c.error(c.close_loc, "No script set for vrrp_script " + script(c).name + " - removing");
		c.cfg.vrrp.scripts.pop_back();
	}
}

constexpr Keyword kScriptKeywords[] = {
	{"script", 1, script_cmd},
	{"interval", 1, script_seconds},
	{"timeout", 1, script_seconds},
	{"weight", 1, script_weight},
	{"rise", 1, script_count},
	{"fall", 1, script_count},
	{"user", 1, script_user},
	{"init_fail", 0, script_init_fail},
};

// ------------------------------------------------------------- track_file

TrackFile &tfile(Ctx &c)
{
	return c.cfg.vrrp.track_files.back();
}

void tfile_file(Ctx &c, const Stmt &s)
{
	tfile(c).file = str(s.words[1]);
}

void tfile_weight(Ctx &c, const Stmt &s)
{
	int32_t w;
	if (!read_int(c, s.loc, s.words[1], -254, 254, w))
		return c.error(s.loc, "Weight (" + str(s.words[1]) + ") for track_file " + tfile(c).name +
					      " must be between [-254..254] inclusive. Ignoring...");
	tfile(c).weight = w;
	if (s.words.size() > 2) {
		if (s.words[2] == "reverse")
			tfile(c).reverse = true;
		else
			c.error(s.loc, "track_file " + tfile(c).name + " unknown weight option " + str(s.words[2]));
	}
}

void tfile_init(Ctx &c, const Stmt &s)
{
	TrackFile &t = tfile(c);
	t.init_value = 0;
	for (size_t i = 1; i < s.words.size(); ++i) {
		if (s.words[i] == "overwrite") {
			t.init_overwrite = true;
			continue;
		}
		int32_t v;
		if (!read_int(c, s.loc, s.words[i], INT_MIN, INT_MAX, v))
			return c.error(s.loc, "Track file " + t.name + " init value " + str(s.words[i]) + " is invalid");
		t.init_value = v;
	}
}

void tfile_close(Ctx &c)
{
	if (tfile(c).file.empty()) {
		c.error(c.close_loc, "No file set for track_file " + tfile(c).name + " - ignoring");
		c.cfg.vrrp.track_files.pop_back();
	}
}

constexpr Keyword kTrackFileKeywords[] = {
	{"file", 1, tfile_file},
	{"weight", 1, tfile_weight},
	{"init_file", 0, tfile_init},
};

// ----------------------------------------------------- vrrp_track_process

TrackProcess &tproc(Ctx &c)
{
	return c.cfg.vrrp.track_processes.back();
}

void tproc_process(Ctx &c, const Stmt &s)
{
	// The words as the lexer split them, as 2.2.7 takes them: no shell
	// quoting, so a lone ' is part of a name.
	tproc(c).process.assign(s.words.begin() + 1, s.words.end());
}

void tproc_weight(Ctx &c, const Stmt &s)
{
	int32_t w;
	if (!read_int(c, s.loc, s.words[1], -254, 254, w))
		return c.error(s.loc, "(" + tproc(c).name + ") weight for track process must be in [-254..254] inclusive. Ignoring...");
	tproc(c).weight = w;
	tproc(c).reverse = arg(s, 2) == "reverse";
}

void tproc_close(Ctx &c)
{
	c.other = nullptr;
	if (tproc(c).process.empty()) {
		c.error(c.close_loc, "(" + tproc(c).name + ") process name not specified - removing");
		c.cfg.vrrp.track_processes.pop_back();
	}
}

constexpr Keyword kTrackProcessKeywords[] = {
	{"process", 1, tproc_process},
	{"weight", 1, tproc_weight},
	{"param_match", 1, keep},
	{"quorum", 1, keep_uint<1, UINT_MAX>},
	{"quorum_max", 1, keep_uint<0, UINT_MAX>},
	{"delay", 1, keep_timer},
	{"terminate_delay", 1, keep_timer},
	{"fork_delay", 1, keep_timer},
	{"full_command", 0, keep},
};

// ------------------------------------------------------------- garp_group

GarpGroup &garp(Ctx &c)
{
	return c.cfg.vrrp.garp_groups.back();
}

void garp_interval(Ctx &c, const Stmt &s)
{
	Micros t;
	if (!read_timer(c, s.loc, s.words[1], 0, 0, t))
		return c.error(s.loc, "Invalid garp_group " + str(s.words[0]) + " '" + str(s.words[1]) + "'");
	(s.words[0] == "garp_interval" ? garp(c).garp_interval : garp(c).gna_interval) = t;
}

void garp_if_check(Ctx &c, const Stmt &s, std::string_view name)
{
	if (!if_nametoindex(str(name).c_str()))
		report_missing_interface(c, s.loc, "WARNING - interface " + str(name) +
							   " specified for garp_group doesn't exist");
}

void garp_interface(Ctx &c, const Stmt &s)
{
	garp_if_check(c, s, s.words[1]);
	garp(c).interface = str(s.words[1]);
}

void garp_interfaces_line(Ctx &c, const Stmt &s)
{
	garp_if_check(c, s, s.words[0]);
	garp(c).interfaces.push_back(str(s.words[0]));
}

constexpr Block kGarpInterfacesBlock{{}, garp_interfaces_line};
constexpr Keyword kGarpKeywords[] = {
	{"garp_interval", 1, garp_interval},
	{"gna_interval", 1, garp_interval},
	{"interface", 1, garp_interface},
	{"interfaces", 0, nullptr, &kGarpInterfacesBlock},
};

// ---------------------------------------------- bfd_instance, track_group

void bfd_address(Ctx &c, const Stmt &s)
{
	net::Addr a;
	if (!parse_addr(s.words[1], a))
		return c.error(s.loc, "Configuration error: BFD instance " + c.cfg.vrrp.bfd_instances.back().name +
					      " " + str(s.words[0]) + " " + str(s.words[1]) + " is invalid - ignoring");
	keep(c, s);
}

void named_close(Ctx &c)
{
	c.other = nullptr;
}

constexpr Keyword kBfdKeywords[] = {
	{"neighbor_ip", 1, bfd_address},
	{"neighbour_ip", 1, bfd_address},
	{"source_ip", 1, bfd_address},
	{"min_rx", 1, keep_timer},
	{"min_tx", 1, keep_timer},
	{"idle_tx", 1, keep_timer},
	{"multiplier", 1, keep_uint<1, 255>},
	{"passive", 0, keep},
	{"ttl", 1, keep_uint<1, 255>},
	{"hoplimit", 1, keep_uint<1, 255>},
	{"max_hops", 1, keep_uint<0, 255>},
	{"weight", 1, keep},
	{"vrrp", 0, keep},
	{"checker", 0, keep},
};

void tgroup_member(Ctx &c, const Stmt &s)
{
	for (auto w : s.words)
		c.cfg.vrrp.track_groups.back().options.push_back({"group", {str(w)}, s.loc});
}

constexpr Block kTrackGroupMembers{{}, tgroup_member};
constexpr Keyword kTrackGroupKeywords[] = {
	{"group", 0, nullptr, &kTrackGroupMembers},
};

} // namespace

const Block kVrrpCommonBlock{kCommonKeywords};
const Block kVrrpSyncGroupCommonBlock{kSyncGroupCommonKeywords};
const Block kVrrpScriptBlock{kScriptKeywords, nullptr, script_close};
const Block kTrackFileBlock{kTrackFileKeywords, nullptr, tfile_close};
const Block kTrackProcessBlock{kTrackProcessKeywords, nullptr, tproc_close};
const Block kGarpGroupBlock{kGarpKeywords};
const Block kBfdInstanceBlock{kBfdKeywords, nullptr, named_close};
const Block kTrackGroupBlock{kTrackGroupKeywords};

void open_vrrp_script(Ctx &c, const Stmt &s)
{
	VrrpScript v;
	v.name = str(s.words[1]);
	v.loc = s.loc;
	c.cfg.vrrp.scripts.push_back(std::move(v));
}

void open_track_file(Ctx &c, const Stmt &s)
{
	TrackFile t;
	t.name = str(s.words[1]);
	t.loc = s.loc;
	c.cfg.vrrp.track_files.push_back(std::move(t));
}

void open_track_process(Ctx &c, const Stmt &s)
{
	TrackProcess t;
	t.name = str(s.words[1]);
	t.loc = s.loc;
	c.cfg.vrrp.track_processes.push_back(std::move(t));
	c.other = &c.cfg.vrrp.track_processes.back().options;
}

void open_garp_group(Ctx &c, const Stmt &s)
{
	c.cfg.vrrp.garp_groups.push_back({});
	garp(c).loc = s.loc;
}

void open_bfd_instance(Ctx &c, const Stmt &s)
{
	c.cfg.vrrp.bfd_instances.push_back({str(s.words[1]), {}, s.loc});
	c.other = &c.cfg.vrrp.bfd_instances.back().options;
}

void open_track_group(Ctx &c, const Stmt &s)
{
	c.cfg.vrrp.track_groups.push_back({str(s.words[1]), {}, s.loc});
}

} // namespace lvs::config
