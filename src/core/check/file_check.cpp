// FILE_CHECK: the number in a track_file, as keepalived 2.2.7 reads it:
// strtol() with base 0 of the file's first 127 bytes; a missing, empty or
// unreadable file is 0, a number outside -2^31..2^31 is logged and
// ignored. With the weight w (the FILE_CHECK's, else the track_file's)
// and m = -1 under reverse, else 1:
//   w = 0: a value other than 0 is a failure (under reverse, 0 is);
//          otherwise up, the weight untouched;
//   w != 0: v × w × m, within 32 bits: -2^31 (or less) is a failure,
//          anything else is up with that much added to the real
//          server's weight (the kernel gets 0 for a sum below 0).
// The file is read when the check starts and each time it is written,
// moved in, moved away or removed (removed: 0), through inotify on its
// directory: no polling, no delay_loop, no retries.
#include "core/check/probe.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <set>

namespace lvs::check {

namespace {

// nullopt: a number keepalived ignores, which `bad` shows.
std::optional<std::int64_t> read_value(const std::string &path, std::string &bad)
{
	sys::Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
	if (!fd)
		return 0;
	char buf[128];
	ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	errno = 0;
	long long v = std::strtoll(buf, nullptr, 0);
	if (errno || v < INT32_MIN || v > std::int64_t(INT32_MAX) + 1) {
		bad = std::to_string(v);
		return std::nullopt;
	}
	return v;
}

Result verdict(std::int64_t v, const Spec &s)
{
	std::string fault = "track file value " + std::to_string(v) + " is a failure with weight " +
			    std::to_string(s.file_weight) + (s.file_reverse ? " reverse" : "");
	if (s.file_weight == 0) {
		if ((v != 0) != s.file_reverse)
			return {false, std::nullopt, std::move(fault)};
		return {true, std::nullopt, {}};
	}
	std::int64_t status = v * s.file_weight * (s.file_reverse ? -1 : 1);
	if (status <= INT32_MIN)
		return {false, std::nullopt, std::move(fault)};
	return {true, std::nullopt, {}, std::min<std::int64_t>(status, INT32_MAX)};
}

class FileAttempt : public Attempt {
public:
	FileAttempt(Env &env, const Spec &s, Done changed, Result &now)
		: env_(env), spec_(s), changed_(std::move(changed))
	{
		// Watched first, then read: a write in between is not lost.
		watch_ = env.files.watch(s.file, [this](event::FileWatch::Change c) { update(c); });
		value_ = read().value_or(0);
		now = verdict(value_, spec_);
	}

private:
	std::optional<std::int64_t> read()
	{
		std::string bad;
		auto v = read_value(watch_.path(), bad);
		if (!v && env_.log)
			env_.log("Invalid number " + bad + " read from " + watch_.path() + " - ignoring");
		return v;
	}

	void update(event::FileWatch::Change c)
	{
		auto v = c == event::FileWatch::Change::gone ? std::optional<std::int64_t>(0) : read();
		if (!v || *v == value_)
			return;
		value_ = *v;
		changed_(verdict(value_, spec_));
	}

	Env &env_;
	const Spec &spec_; // the Spec outlives its watch
	Done changed_;
	event::FileWatch::Handle watch_;
	std::int64_t value_ = 0;
};

} // namespace

AttemptPtr start_file(Env &env, const Spec &spec, Done changed, Result &now)
{
	return std::make_unique<FileAttempt>(env, spec, std::move(changed), now);
}

void init_track_files(const config::Config &cfg, bool reload, const Log &log)
{
	std::set<std::string> used;
	for (const auto &vs : cfg.virtual_servers)
		for (const auto &rs : vs.real_servers)
			for (const auto &k : rs.checkers)
				if (k.type == config::CheckerType::file)
					used.insert(std::get<config::FileCheck>(*k.detail).track_file);
	for (const auto &t : cfg.vrrp.track_files) {
		if (!t.init_value || !used.count(t.name))
			continue;
		struct stat st;
		if (::stat(t.file.c_str(), &st) == 0) {
			if (!t.init_overwrite || reload)
				continue;
			if (!S_ISREG(st.st_mode)) {
				if (log)
					log("Cannot initialise track file " + t.name + " - it is not a regular file");
				continue;
			}
		}
		std::ofstream out(t.file, std::ios::trunc);
		out << *t.init_value << '\n';
		if (!out.flush() && log)
			log("Unable to initialise track file " + t.name);
	}
}

} // namespace lvs::check
