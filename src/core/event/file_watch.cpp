#include "core/event/file_watch.hpp"

#include "core/error.hpp"

#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace lvs::event {

namespace {

constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_DELETE | IN_MOVE;

std::string real_path(const std::string &p)
{
	char buf[PATH_MAX];
	return ::realpath(p.c_str(), buf) ? std::string(buf) : std::string();
}

} // namespace

FileWatch::Handle::Handle(Handle &&o) noexcept
	: owner_(std::exchange(o.owner_, nullptr)), id_(o.id_), path_(std::move(o.path_))
{
}

FileWatch::Handle &FileWatch::Handle::operator=(Handle &&o) noexcept
{
	if (this != &o) {
		if (owner_)
			owner_->unwatch(id_);
		owner_ = std::exchange(o.owner_, nullptr);
		id_ = o.id_;
		path_ = std::move(o.path_);
	}
	return *this;
}

FileWatch::Handle::~Handle()
{
	if (owner_)
		owner_->unwatch(id_);
}

FileWatch::Handle FileWatch::watch(const std::string &path, Handler fn)
{
	// As keepalived resolves a track file: the file's real path (through
	// symbolic links), else its directory's and its name.
	std::string full = real_path(path);
	if (full.empty()) {
		if (errno != ENOENT)
			throw Error(path + ": " + std::strerror(errno));
		std::size_t slash = path.rfind('/');
		std::string dir = real_path(slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
		struct stat st;
		if (dir.empty() || ::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
			throw Error("the directory of " + path + " does not exist");
		full = (dir == "/" ? "" : dir) + "/" + path.substr(slash + 1);
	}
	if (!inotify_) {
		sys::Fd fd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
		if (!fd)
			throw Error(std::string("inotify_init1: ") + std::strerror(errno));
		inotify_.emplace(loop_, std::move(fd), EPOLLIN, [this](std::uint32_t) { ready(); });
	}
	std::size_t slash = full.rfind('/');
	std::string dir = slash == 0 ? "/" : full.substr(0, slash);
	int wd = ::inotify_add_watch(inotify_->fd(), dir.c_str(), kMask);
	if (wd < 0)
		throw Error("inotify_add_watch " + dir + ": " + std::strerror(errno));
	users_[wd]++;
	Handle h;
	h.owner_ = this;
	h.id_ = next_id_++;
	h.path_ = full;
	subs_.emplace(h.id_, Sub{wd, full.substr(slash + 1), std::move(fn)});
	return h;
}

void FileWatch::unwatch(std::uint64_t id)
{
	auto it = subs_.find(id);
	if (it == subs_.end())
		return;
	int wd = it->second.wd;
	subs_.erase(it);
	if (--users_[wd] == 0) {
		users_.erase(wd);
		::inotify_rm_watch(inotify_->fd(), wd);
	}
}

void FileWatch::ready()
{
	alignas(inotify_event) char buf[64 * 1024];
	for (;;) {
		ssize_t n = ::read(inotify_->fd(), buf, sizeof buf);
		if (n <= 0)
			return; // EAGAIN: all read
		// What to tell, gathered first: a handler may end watches.
		std::vector<std::pair<std::uint64_t, Change>> told;
		for (ssize_t at = 0; at < n;) {
			const auto *ev = reinterpret_cast<const inotify_event *>(buf + at);
			at += ssize_t(sizeof *ev + ev->len);
			if (ev->mask & IN_Q_OVERFLOW) { // events lost: every file is read again
				for (const auto &[id, s] : subs_)
					told.emplace_back(id, Change::written);
				continue;
			}
			if (ev->mask & IN_ISDIR || !ev->len)
				continue;
			Change c = ev->mask & (IN_DELETE | IN_MOVED_FROM) ? Change::gone : Change::written;
			for (const auto &[id, s] : subs_)
				if (s.wd == ev->wd && s.name == ev->name)
					told.emplace_back(id, c);
		}
		for (const auto &[id, c] : told) {
			auto it = subs_.find(id);
			if (it != subs_.end()) {
				Handler fn = it->second.fn; // the handler may end its own watch
				fn(c);
			}
		}
	}
}

} // namespace lvs::event
