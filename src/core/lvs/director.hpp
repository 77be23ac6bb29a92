// The kernel side of keepalived's checker process: keeps the kernel's IPVS
// table equal to the table wanted, with as few operations as it takes, and
// drains the destinations that leave a draining service.
//
// reconcile() reads the kernel back (one dump on our module) and fixes
// every difference, services nobody configured included: a start, a
// respawn and every reload plan against what the kernel holds, so entries
// left behind by a crash, or added, edited or flushed by hand (ipvsadm -C)
// are corrected by the next SIGHUP. Health changes, which come in storms,
// are planned against what the Director installed (apply_part): no dump;
// when an operation fails that is no longer trusted, and the caller
// reconciles instead.
#pragma once

#include "core/event/loop.hpp"
#include "core/lvs/desired.hpp"
#include "core/lvs/diff.hpp"
#include "core/lvs/kernel.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

namespace lvs::table {

class Director {
public:
	// Where the Director says what it did and what failed (priority as syslog's).
	using Log = std::function<void(int priority, const std::string &text)>;

	struct Result {
		size_t ops = 0;
		size_t failed = 0;
		int error = 0; // the first errno the kernel answered
		double read_ms = 0, plan_ms = 0, apply_ms = 0;
		// When the kernel's last ACK of the batch had arrived (or an
		// empty batch was done): where a reload ends for the kernel.
		event::Clock::time_point acked{};
	};

	Director(Kernel &kernel, event::Loop &loop, Log log);
	Director(const Director &) = delete;
	Director &operator=(const Director &) = delete;
	~Director();

	// Reads the kernel's table and makes it `wanted` (start, reload).
	Result reconcile(Table wanted);
	// Goes from what was installed to `part` for the services `part`
	// holds, leaving the rest as it is: a re-plan of the virtual servers
	// whose real servers' health changed costs what they hold, not the
	// whole table. Services at `gone` are removed (a virtual server
	// deleted over JSON-RPC). Only while trusted(): else reconcile() the
	// whole table.
	Result apply_part(Table part, const std::vector<ipvs::ServiceKey> &gone = {});
	bool trusted() const { return trusted_; }
	// Removes every service installed (with one FLUSH when the kernel
	// has no other, or when asked to flush the whole table) and stops the
	// sync daemons started: keepalived's stop.
	Result remove(bool flush);

	const Table &installed() const { return installed_; }
	size_t draining() const { return drains_.size(); }

private:
	struct DrainKey {
		ipvs::ServiceKey service;
		net::Addr addr;
		uint16_t port;
		friend bool operator==(const DrainKey &, const DrainKey &) = default;
	};
	struct DrainKeyHash {
		size_t operator()(const DrainKey &k) const;
	};

	// Diffs and sends, timing both into r.
	Plan plan_and_send(const Table &current, const Table &wanted, Result &r);
	// Sends ops; returns how many the kernel refused (logged), and the
	// first one's errno in *first.
	size_t send(const std::vector<ipvs::Op> &ops, int *first = nullptr);
	// Sends ops, recording into r their count, failures and timing.
	void send_timed(const std::vector<ipvs::Op> &ops, Result &r);
	bool only_ours();
	// Drains after `plan`; `part`: those of services `wanted` lacks carry
	// on, except the services at `gone`.
	void track(const Table &wanted, const Plan &plan, bool part, const std::vector<ipvs::ServiceKey> &gone = {});
	// Takes the service out of installed_.
	void forget(const ipvs::ServiceKey &key);
	void index_installed();
	void schedule_poll();
	void poll_drains();
	void end_drains(const std::vector<ipvs::op::DelDest> &dels);

	Kernel &kernel_;
	event::Loop &loop_;
	Log log_;
	Table installed_;
	std::unordered_map<ipvs::ServiceKey, size_t, ServiceKeyHash> where_; // installed_'s entries by service
	bool trusted_ = false;
	std::unordered_map<DrainKey, event::Clock::time_point, DrainKeyHash> drains_; // deadline
	event::Loop::TimerId poll_ = 0;
};

} // namespace lvs::table
