// One ipvsadm invocation's arguments -> a typed command, with every check
// 1.31 makes, in its order, with its messages and exit statuses.
#pragma once

#include "core/ipvs/client.hpp"
#include "core/ipvs/model.hpp"
#include "ipvsadm/options.hpp"

#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace lvs::ipvsadm {

// How the list commands print.
struct Format {
	bool numeric = false;
	bool rule = false; // -S
	bool stats = false;
	bool rate = false;
	bool thresholds = false;
	bool persistent_conn = false;
	bool tun_info = false;
	bool nosort = false;
	bool exact = false;
	bool json = false; // extension
};

struct Command {
	Cmd cmd = Cmd::None;
	OptionSet options;
	Format format;
	ipvs::Service svc;
	ipvs::Dest dest;
	ipvs::Timeouts timeouts;
	ipvs::Daemon daemon;
	ipvs::LocalAddr laddr; // -z, for -P and -Q

	bool has(Col col) const { return options.test(static_cast<size_t>(col)); }
};

// 1.31 ends the whole process at these points, even halfway through -R:
// usage and version (status 0, stdout), "Try ..." (255) and every failed
// check (2). The text is complete, newlines included.
class Exit : public std::exception {
public:
	Exit(int status, std::string text, bool to_stdout = false)
		: status_(status), text_(std::move(text)), to_stdout_(to_stdout)
	{
	}
	int status() const { return status_; }
	const std::string &text() const { return text_; }
	bool to_stdout() const { return to_stdout_; }
	const char *what() const noexcept override { return text_.c_str(); }
	// Writes the text where 1.31 writes it.
	void print() const;

private:
	int status_;
	std::string text_;
	bool to_stdout_;
};

// 1.31's fail(): the message and a newline on stderr, status 2.
Exit fail(const std::string &message);
// "Try `ipvsadm -h' ...", status 255 (1.31's exit(-1)).
Exit try_help(const std::string &program);

// A command, or the popt error 1.31 prints and returns -1 for without
// exiting (so -R carries on with the next line).
struct Parsed {
	std::optional<Command> command;
	std::string error; // with its newline
};

// argv[0] is the program name. Throws Exit where 1.31 exits.
Parsed parse(const std::vector<std::string> &argv);

// The kernel request a table-changing command sends; nullopt for the
// list, save and restore commands.
std::optional<ipvs::Op> to_op(const Command &c);

} // namespace lvs::ipvsadm
