#include "core/event/loop.hpp"

#include "core/error.hpp"

#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

namespace lvs::event {

namespace {

std::string sys_error(const char *what)
{
	return std::string(what) + ": " + std::strerror(errno);
}

// A TimerId is the slab index and the generation that owned it, so an id
// kept after its timer fired never matches the slab entry's next owner.
Loop::TimerId make_id(std::uint32_t index, std::uint32_t gen)
{
	return (std::uint64_t(gen) << 32) | index;
}

} // namespace

Loop::Loop() : epoll_(::epoll_create1(EPOLL_CLOEXEC))
{
	if (!epoll_)
		throw Error(sys_error("epoll_create1"));
	origin_ = now_ = Clock::now();
	on_signal(SIGCHLD, [this] { reap(); });
}

Loop::~Loop()
{
	sigset_t set;
	sigemptyset(&set);
	for (const auto &[sig, fn] : signals_)
		sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

std::uint64_t Loop::tick_of(Clock::time_point t) const
{
	return std::uint64_t((t - origin_) / kTick);
}

Loop::TimerId Loop::after(Clock::duration d, Task fn)
{
	std::uint32_t index;
	if (free_timers_.empty()) {
		index = std::uint32_t(timers_.size());
		timers_.emplace_back();
	} else {
		index = free_timers_.back();
		free_timers_.pop_back();
	}
	Timer &t = timers_[index];
	// Round up, and never into a tick whose slot has already been swept.
	auto ticks = (d + kTick - Clock::duration(1)) / kTick;
	t.due_tick = tick_of(now_) + std::uint64_t(ticks > 0 ? ticks : 0);
	if (t.due_tick <= done_tick_)
		t.due_tick = done_tick_ + 1;
	t.gen++;
	t.live = true;
	t.fn = std::move(fn);
	TimerId id = make_id(index, t.gen);
	wheel_[t.due_tick % kSlots].push_back(id);
	pending_++;
	return id;
}

void Loop::cancel(TimerId id)
{
	auto index = std::uint32_t(id);
	if (index >= timers_.size())
		return;
	Timer &t = timers_[index];
	if (!t.live || t.gen != std::uint32_t(id >> 32))
		return;
	// The wheel entry stays and is dropped when its slot is swept.
	t.live = false;
	t.fn = nullptr;
	free_timers_.push_back(index);
	pending_--;
}

void Loop::fire_timers()
{
	std::uint64_t now_tick = tick_of(now_);
	if (now_tick <= done_tick_)
		return;
	// After a long sleep one sweep of the whole wheel sees every due entry.
	std::uint64_t last = std::min(now_tick, done_tick_ + kSlots);
	for (std::uint64_t tick = done_tick_ + 1; tick <= last; tick++) {
		// This tick counts as swept from here on: a timer a callback adds
		// for it (or before it) goes to the next tick, not into this slot,
		// which would not be looked at again for a whole turn of the wheel.
		done_tick_ = tick;
		auto &slot = wheel_[tick % kSlots];
		if (slot.empty())
			continue;
		std::vector<TimerId> entries;
		entries.swap(slot);
		std::vector<TimerId> later;
		for (TimerId id : entries) {
			auto index = std::uint32_t(id);
			Timer &t = timers_[index];
			if (!t.live || t.gen != std::uint32_t(id >> 32))
				continue;
			if (t.due_tick > now_tick) {
				later.push_back(id);
				continue;
			}
			Task fn = std::move(t.fn);
			t.live = false;
			t.fn = nullptr;
			free_timers_.push_back(index);
			pending_--;
			fn();
		}
		// Callbacks may have added to this slot (for a later round).
		slot.insert(slot.end(), later.begin(), later.end());
	}
	done_tick_ = now_tick;
}

int Loop::wait_ms(Clock::duration cap) const
{
	auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(cap).count();
	if (stopping_)
		return 0;
	if (pending_ == 0)
		return cap == Clock::duration::max() ? -1 : int(limit);
	std::uint64_t now_tick = tick_of(Clock::now());
	std::uint64_t next = done_tick_ + kSlots;
	for (std::uint64_t tick = done_tick_ + 1; tick < done_tick_ + kSlots; tick++) {
		if (!wheel_[tick % kSlots].empty()) {
			next = tick;
			break;
		}
	}
	long long ms = next > now_tick ? (long long)(next - now_tick) : 0;
	if (cap != Clock::duration::max() && ms > limit)
		ms = limit;
	return int(ms);
}

void Loop::run_once(Clock::duration wait)
{
	epoll_event events[64];
	int n = ::epoll_wait(epoll_.get(), events, 64, wait_ms(wait));
	if (n < 0 && errno != EINTR)
		throw Error(sys_error("epoll_wait"));
	now_ = Clock::now();
	for (int i = 0; i < n; i++) {
		int fd = int(std::uint32_t(events[i].data.u64));
		auto gen = std::uint32_t(events[i].data.u64 >> 32);
		if (fd == signal_fd_.get() && gen == 0) {
			read_signals();
			continue;
		}
		auto it = watches_.find(fd);
		if (it == watches_.end() || it->second.gen != gen)
			continue; // unwatched by an earlier callback of this round
		auto fn = it->second.fn; // keeps the handler alive if it unwatches
		(*fn)(events[i].events);
	}
	fire_timers();
}

void Loop::run()
{
	stopping_ = false;
	while (!stopping_)
		run_once(Clock::duration::max());
}

void Loop::watch(int fd, std::uint32_t events, FdHandler fn)
{
	// Generation 0 marks the loop's own signalfd.
	if (++watch_gen_ == 0)
		watch_gen_ = 1;
	epoll_event ev{};
	ev.events = events;
	ev.data.u64 = (std::uint64_t(watch_gen_) << 32) | std::uint32_t(fd);
	if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) < 0)
		throw Error(sys_error("epoll_ctl(ADD)"));
	watches_[fd] = Watch{watch_gen_, std::make_shared<FdHandler>(std::move(fn))};
}

void Loop::modify(int fd, std::uint32_t events)
{
	auto it = watches_.find(fd);
	if (it == watches_.end())
		return;
	epoll_event ev{};
	ev.events = events;
	ev.data.u64 = (std::uint64_t(it->second.gen) << 32) | std::uint32_t(fd);
	if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &ev) < 0)
		throw Error(sys_error("epoll_ctl(MOD)"));
}

void Loop::unwatch(int fd)
{
	if (watches_.erase(fd))
		::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

void Loop::update_signal_mask()
{
	sigset_t set;
	sigemptyset(&set);
	for (const auto &[sig, fn] : signals_)
		sigaddset(&set, sig);
	pthread_sigmask(SIG_BLOCK, &set, nullptr);
	bool first = !signal_fd_;
	int fd = ::signalfd(signal_fd_.get(), &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		throw Error(sys_error("signalfd"));
	if (!first)
		return;
	signal_fd_.reset(fd);
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.u64 = std::uint32_t(fd);
	if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev) < 0)
		throw Error(sys_error("epoll_ctl(ADD signalfd)"));
}

void Loop::on_signal(int sig, Task fn)
{
	signals_[sig] = std::make_shared<Task>(std::move(fn));
	update_signal_mask();
}

void Loop::read_signals()
{
	// What is pending now, once: a signal raised by the handlers (a
	// child they started exiting at once) waits for the next round, so
	// the timers of this one fire first.
	signalfd_siginfo infos[16];
	ssize_t n = ::read(signal_fd_.get(), infos, sizeof infos);
	for (ssize_t i = 0; i < n / ssize_t(sizeof infos[0]); i++) {
		auto it = signals_.find(int(infos[i].ssi_signo));
		if (it == signals_.end())
			continue;
		auto fn = it->second;
		(*fn)();
	}
}

void Loop::on_exit(pid_t pid, ExitHandler fn)
{
	children_[pid] = std::move(fn);
}

void Loop::reap()
{
	// SIGCHLD coalesces: one signal can stand for many exits. Children
	// nobody watches are reaped too, so they do not linger as zombies.
	// The exits are collected before any handler runs: a handler that
	// starts another child (the script runner's queue) must not keep
	// this loop reaping for as long as children keep exiting.
	std::vector<std::pair<pid_t, int>> exits;
	int status;
	pid_t pid;
	while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
		exits.emplace_back(pid, status);
	for (const auto &[who, st] : exits) {
		auto it = children_.find(who);
		if (it == children_.end())
			continue;
		ExitHandler fn = std::move(it->second);
		children_.erase(it);
		fn(st);
	}
}

} // namespace lvs::event
