// Owners of what an object registers with the loop: a timer that is
// cancelled and a watched descriptor that is unwatched and closed when the
// owner goes away, so the loop never calls into a destroyed object.
#pragma once

#include "core/event/loop.hpp"
#include "core/sys/fd.hpp"

#include <utility>

namespace lvs::event {

class Timer {
public:
	explicit Timer(Loop &loop) : loop_(loop) {}
	Timer(const Timer &) = delete;
	Timer &operator=(const Timer &) = delete;
	~Timer() { cancel(); }

	// Replaces any pending run of this timer.
	void arm(Clock::duration d, Loop::Task fn)
	{
		cancel();
		id_ = loop_.after(d, [this, fn = std::move(fn)] {
			id_ = 0;
			fn();
		});
	}
	void cancel()
	{
		if (id_)
			loop_.cancel(std::exchange(id_, 0));
	}

private:
	Loop &loop_;
	Loop::TimerId id_ = 0;
};

class Watched {
public:
	Watched(Loop &loop, sys::Fd fd, std::uint32_t events, Loop::FdHandler fn)
		: loop_(loop), fd_(std::move(fd))
	{
		loop_.watch(fd_.get(), events, std::move(fn));
	}
	Watched(const Watched &) = delete;
	Watched &operator=(const Watched &) = delete;
	~Watched() { loop_.unwatch(fd_.get()); }

	int fd() const { return fd_.get(); }
	void modify(std::uint32_t events) { loop_.modify(fd_.get(), events); }
	// Stops watching and hands the descriptor over.
	sys::Fd release()
	{
		loop_.unwatch(fd_.get());
		return std::move(fd_);
	}

private:
	Loop &loop_;
	sys::Fd fd_;
};

} // namespace lvs::event
