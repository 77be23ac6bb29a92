// The checker process's one object: the config in force, its checks, the
// kernel's table, quorum, vip_bind_dev addresses, and lvscli's calls
// (checker_rpc.cpp), all on one event loop. run_checkers() (checker.hpp)
// is its only user.
#pragma once

#include "core/check/engine.hpp"
#include "core/event/handles.hpp"
#include "core/event/loop.hpp"
#include "core/ipvs/client.hpp"
#include "core/lvs/director.hpp"
#include "core/lvs/quorum.hpp"
#include "keepalived/options.hpp"
#include "keepalived/quorum_scripts.hpp"
#include "keepalived/rpc_server.hpp"
#include "keepalived/vip_binder.hpp"

#include <memory>
#include <unordered_map>
#include <variant>
#include <optional>
#include <unordered_set>
#include <vector>

namespace lvs::keepalived {

class Checkers {
public:
	Checkers(const Settings &settings, config::Config cfg);

	int run(bool first_start);

private:
	void reload();
	table::Table load();
	void quorum_changed(const std::vector<table::QuorumChange> &changes);
	void bind_vips();
	void health_changed(const table::RsId &id, size_t vs, const table::RsHealth &h);
	void replan();
	void stop();
	void serve_rpc();
	static void log_notes(const table::Table &t);

	// checker_rpc.cpp: lvscli's calls.
	RpcServer::Outcome call(const rpc::Call &c);
	RpcServer::Outcome put(const rpc::Call &c, bool add);
	RpcServer::Outcome erase(const rpc::Call &c);
	RpcServer::Outcome get(const rpc::Call &c);
	// The virtual server of the running config that a delete or get
	// names, or a Failure.
	std::variant<size_t, rpc::Failure> find(const rpc::Call &c) const;
	// Follows an edit of virtual server `vs` (its definition before the
	// edit in `before`; null for an append) in the checks, quorum, the
	// kernel and vip_bind_dev addresses.
	table::Director::Result apply_edit(size_t vs, table::Edit e, const config::VirtualServer *before);

	const Settings &settings_;
	config::Config cfg_;
	event::Loop loop_;
	ipvs::Client client_;
	table::IpvsKernel kernel_{client_};
	check::Engine engine_{loop_};
	table::HealthView health_ = [this](const table::RsAt &at) { return engine_.health(at); };
	table::Director director_;
	std::unordered_set<size_t> touched_; // virtual servers with health changes since the last plan
	table::Quorums quorums_;
	table::QuorumView quorum_ = [this](size_t vs) { return quorums_.up(vs); };
	QuorumScripts quorum_scripts_{engine_.scripts()};
	VipBinder vips_;
	event::Timer replan_{loop_};
	event::Timer stop_wait_{loop_};
	bool stopping_ = false;
	size_t changes_ = 0; // health changes the next replan() takes in
	event::Clock::duration replan_cost_{};
	// The virtual server of each kernel service the config asks for.
	std::unordered_map<ipvs::ServiceKey, size_t, table::ServiceKeyHash> index_;
	std::unique_ptr<RpcServer> rpc_; // none without --rpc-socket
};

} // namespace lvs::keepalived
