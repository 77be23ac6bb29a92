// Splits an argument vector into options the way popt 1.19 does for 1.31,
// whose quirks users' scripts depend on: clustered short options (-Ln),
// "--opt=value" and "-tvalue", an optional argument (-p) taken only when the
// next word does not start with '-', "!#:+" in a value standing for the next
// non-option word, non-options collected as leftovers wherever they are,
// "--" ending the options, and no abbreviations of long names.
#pragma once

#include "ipvsadm/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lvs::ipvsadm {

struct Scanned {
	enum class Kind { Option, End, Error };
	Kind kind = Kind::End;
	const Option *opt = nullptr;
	std::optional<std::string> arg; // nullopt: none (an optional one omitted)
	std::string_view error;         // popt's text, when kind is Error
};

class Scanner {
public:
	// argv[0] is the program name and is skipped, as popt does.
	explicit Scanner(std::vector<std::string> argv);

	Scanned next();
	// What popt's poptBadOption reports: the word it consumed last.
	const std::string &last_word() const { return argv_.at(next_ - 1); }
	// The non-option words, in order, one per call.
	std::optional<std::string> next_leftover();

private:
	Scanned option(const Option &opt, std::optional<std::string> long_arg);
	std::string expand(const std::string &value);
	std::optional<std::string> take_next_plain_word();

	std::vector<std::string> argv_;
	std::vector<bool> taken_; // words "!#:+" already used
	size_t next_ = 1;
	std::optional<std::string> cluster_; // the rest of a short-option cluster
	bool only_leftovers_ = false;         // after "--"
	std::vector<std::string> leftovers_;
	size_t leftover_pos_ = 0;
};

} // namespace lvs::ipvsadm
