#include "ipvsadm/scan.hpp"

namespace lvs::ipvsadm {

namespace {

constexpr std::string_view kUnknownOption = "unknown option";
constexpr std::string_view kMissingArgument = "missing argument";
constexpr std::string_view kUnwantedArgument = "option does not take an argument";

Scanned error(std::string_view text)
{
	return Scanned{Scanned::Kind::Error, nullptr, std::nullopt, text};
}

} // namespace

Scanner::Scanner(std::vector<std::string> argv) : argv_(std::move(argv)), taken_(argv_.size(), false)
{
}

Scanned Scanner::next()
{
	for (;;) {
		std::optional<std::string> long_arg;
		if (!cluster_) {
			if (next_ >= argv_.size())
				return Scanned{};
			if (taken_[next_]) {
				++next_;
				continue;
			}
			const std::string &word = argv_[next_++];
			if (only_leftovers_ || word[0] != '-' || word == "-") {
				leftovers_.push_back(word);
				continue;
			}
			if (word == "--") {
				only_leftovers_ = true;
				continue;
			}
			if (word[1] != '-') {
				// popt matches one-dash words only against options
				// flagged ONEDASH; 1.31 has none, so it is a cluster.
				cluster_ = word.substr(1);
			} else {
				std::string body = word.substr(2);
				auto eq = body.find('=');
				if (eq != std::string::npos)
					long_arg = body.substr(eq + 1);
				const Option *opt = find_long(body.substr(0, eq));
				if (!opt)
					return error(kUnknownOption);
				return option(*opt, long_arg);
			}
		}
		std::string rest = std::move(*cluster_);
		cluster_.reset();
		const Option *opt = find_short(rest.empty() ? '\0' : rest[0]);
		if (!opt)
			return error(kUnknownOption);
		if (rest.size() > 1)
			cluster_ = rest.substr(1);
		return option(*opt, std::nullopt);
	}
}

Scanned Scanner::option(const Option &opt, std::optional<std::string> long_arg)
{
	Scanned s{Scanned::Kind::Option, &opt, std::nullopt, {}};
	if (opt.arg == Arg::None) {
		if (long_arg || (cluster_ && (*cluster_)[0] == '='))
			return error(kUnwantedArgument);
		return s;
	}
	if (long_arg) {
		s.arg = expand(*long_arg);
	} else if (cluster_) {
		// "-t=addr" and "-taddr" both give addr.
		s.arg = expand(cluster_->substr((*cluster_)[0] == '=' ? 1 : 0));
		cluster_.reset();
	} else if (next_ >= argv_.size()) {
		if (opt.arg == Arg::Required)
			return error(kMissingArgument);
	} else if (opt.arg == Arg::Required || argv_[next_][0] != '-') {
		s.arg = expand(argv_[next_++]);
	}
	return s;
}

// popt replaces "!#:+" in a value by the next word that is not an option,
// which it then skips; without one, the text stays as it is.
std::string Scanner::expand(const std::string &value)
{
	std::string out;
	std::optional<std::string> word;
	for (size_t i = 0; i < value.size(); ++i) {
		if (value.compare(i, 4, "!#:+") == 0) {
			if (!word)
				word = take_next_plain_word();
			if (word) {
				out += *word;
				i += 3;
				continue;
			}
		}
		out += value[i];
	}
	return out;
}

std::optional<std::string> Scanner::take_next_plain_word()
{
	for (size_t i = next_; i < argv_.size(); ++i) {
		if (taken_[i] || argv_[i][0] == '-')
			continue;
		taken_[i] = true;
		return argv_[i];
	}
	return std::nullopt;
}

std::optional<std::string> Scanner::next_leftover()
{
	if (leftover_pos_ >= leftovers_.size())
		return std::nullopt;
	return leftovers_[leftover_pos_++];
}

} // namespace lvs::ipvsadm
