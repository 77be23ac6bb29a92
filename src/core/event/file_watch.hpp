// Files watched on the loop with one inotify descriptor, as keepalived
// watches its track files: the watch is on the file's directory, so a
// file that does not exist yet, or is replaced by a rename, is seen too.
// What comes out is "written" (closed after writing, or moved in) or
// "gone" (removed, or moved away); the watcher reads the file itself.
#pragma once

#include "core/event/handles.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace lvs::event {

class FileWatch {
public:
	enum class Change : std::uint8_t { written, gone };
	using Handler = std::function<void(Change)>;

	explicit FileWatch(Loop &loop) : loop_(loop) {}
	FileWatch(const FileWatch &) = delete;
	FileWatch &operator=(const FileWatch &) = delete;

	// Stops its watch when it goes away.
	class Handle {
	public:
		Handle() = default;
		Handle(Handle &&o) noexcept;
		Handle &operator=(Handle &&o) noexcept;
		~Handle();

		// The file as watched: its real path, or its directory's
		// real path and its name when it does not exist.
		const std::string &path() const { return path_; }

	private:
		friend class FileWatch;
		FileWatch *owner_ = nullptr;
		std::uint64_t id_ = 0;
		std::string path_;
	};

	// fn runs from the loop at each change, never from inside watch().
	// Throws lvs::Error when the file's directory does not exist or
	// cannot be watched.
	Handle watch(const std::string &path, Handler fn);

private:
	struct Sub {
		int wd;
		std::string name; // in the directory
		Handler fn;
	};
	void unwatch(std::uint64_t id);
	void ready();

	Loop &loop_;
	std::optional<Watched> inotify_; // from the first watch on
	std::map<std::uint64_t, Sub> subs_;
	std::map<int, std::size_t> users_; // watches per directory descriptor
	std::uint64_t next_id_ = 1;
};

} // namespace lvs::event
