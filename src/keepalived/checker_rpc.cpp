// lvscli's calls (R-RPC-1, R-RPC-4): one virtual server added, updated or
// deleted in the running config without a reload. The text goes through
// the config's own parser and validation (config::load_service); the
// engine, the quorums and the Director follow the one virtual server
// (table::Edit), so a call costs what that service holds, not what the
// table holds. The state file is written before the kernel is touched,
// and a change the kernel refuses is undone, file and all.
#include "keepalived/checkers.hpp"

#include "core/config/emit.hpp"
#include "core/config/load.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/lvs/desired.hpp"
#include "core/net/addr.hpp"
#include "core/rpc/protocol.hpp"
#include "core/sys/log.hpp"
#include "keepalived/rpc_results.hpp"
#include "keepalived/state_dir.hpp"

#include <fmt/format.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

namespace lvs::keepalived {

namespace {

using rpc::Failure;
using rpc::Json;

Failure config_error(const config::Loaded &one)
{
	Failure f{-EINVAL, {}, {}};
	for (const auto &d : one.diags.all()) {
		f.diagnostics.push_back(one.diags.format(d));
		if (f.message.empty() && d.level != config::Level::note)
			f.message = f.diagnostics.back();
	}
	if (f.message.empty())
		f.message = "no virtual_server given";
	return f;
}

Failure refused(const table::Director::Result &r, const ipvs::ServiceKey &key)
{
	return {-r.error,
		fmt::format("the kernel refused a change to {}: {}; the call is undone", ipvs::to_string(key),
			    std::strerror(r.error)),
		{}};
}

// Only what lvscli added is lvscli's to change: keepalived.conf's
// services change with keepalived.conf, or a reload would undo the call.
std::optional<Failure> not_ours(const config::VirtualServer &vs, const ipvs::ServiceKey &key)
{
	if (!config::peek(vs.rare).rpc_file.empty())
		return std::nullopt;
	return Failure{-EPERM, "virtual server " + ipvs::to_string(key) +
				       " is defined in keepalived.conf: change it there and reload",
		       {}};
}

} // namespace

RpcServer::Outcome Checkers::call(const rpc::Call &c)
{
	auto t0 = event::Clock::now();
	RpcServer::Outcome out = c.method == rpc::kAdd	    ? put(c, true)
				 : c.method == rpc::kUpdate ? put(c, false)
				 : c.method == rpc::kDelete ? erase(c)
				 : c.method == rpc::kGet    ? get(c)
							    : Failure{rpc::kMethodNotFound,
								      "no method '" + c.method + "'; there are " +
									      std::string(rpc::kAdd) + ", " +
									      std::string(rpc::kUpdate) + ", " +
									      std::string(rpc::kDelete) + " and " +
									      std::string(rpc::kGet),
								      {}};
	double ms = std::chrono::duration<double, std::milli>(event::Clock::now() - t0).count();
	if (auto *f = std::get_if<Failure>(&out))
		sys::log(LOG_INFO, fmt::format("JSON-RPC {}: refused in {:.2f} ms: {}", c.method, ms, f->message));
	else if (c.method != rpc::kGet)
		sys::log(LOG_INFO, fmt::format("JSON-RPC {} {}: {} operations in {:.2f} ms", c.method,
					       std::get<Json>(out).value("service", ""),
					       std::get<Json>(out).value("operations", 0), ms));
	return out;
}

std::variant<size_t, Failure> Checkers::find(const rpc::Call &c) const
{
	rpc::Params p{c.params, std::nullopt};
	std::string address = p.text("address");
	unsigned port = p.port("port");
	std::string protocol = p.text("protocol", "TCP");
	if (p.failure)
		return *p.failure;
	ipvs::ServiceKey key;
	auto addr = address.find(':') != std::string::npos ? net::parse_ipv6(address) : net::parse_ipv4_liberal(address);
	if (!addr)
		return Failure{rpc::kInvalidParams, "\"address\" is not an IP address: " + address, {}};
	for (auto &ch : protocol)
		ch = char(std::toupper(static_cast<unsigned char>(ch)));
	if (protocol != "TCP" && protocol != "UDP")
		return Failure{rpc::kInvalidParams, "\"protocol\" must be TCP or UDP, not " + protocol, {}};
	key.af = addr->af;
	key.addr = *addr;
	key.port = uint16_t(port);
	key.protocol = protocol == "TCP" ? IPPROTO_TCP : IPPROTO_UDP;
	auto it = index_.find(key);
	if (it == index_.end())
		return Failure{-ENOENT, "no virtual server " + ipvs::to_string(key), {}};
	return it->second;
}

RpcServer::Outcome Checkers::put(const rpc::Call &c, bool add)
{
	rpc::Params p{c.params, std::nullopt};
	std::string text = p.text("config");
	std::string name = p.text("name", "<rpc>");
	if (p.failure)
		return *p.failure;
	if (text.size() > rpc::kMaxConfig)
		return Failure{-E2BIG,
			       fmt::format("the config is {} bytes; a call carries at most {} (960 KiB)", text.size(),
					   rpc::kMaxConfig),
			       {}};
	config::Loaded one = config::load_service(text, name, cfg_, settings_.load);
	if (one.diags.failed() || one.config.virtual_servers.size() != 1)
		return config_error(one);
	std::vector<std::string> warnings;
	for (const auto &d : one.diags.all())
		warnings.push_back(one.diags.format(d));
	config::VirtualServer &vs = one.config.virtual_servers.front();
	ipvs::ServiceKey key = table::service_keys(one.config, vs).front();
	auto it = index_.find(key);
	if (add && it != index_.end())
		return Failure{-EEXIST,
			       "virtual server " + ipvs::to_string(key) + " exists already" +
				       (config::peek(cfg_.virtual_servers[it->second].rare).rpc_file.empty()
						? " (in keepalived.conf)"
						: "; update it instead"),
			       {}};
	if (!add && it == index_.end())
		return Failure{-ENOENT, "no virtual server " + ipvs::to_string(key) + "; add it instead", {}};
	if (!add)
		if (auto f = not_ours(cfg_.virtual_servers[it->second], key))
			return *f;
	std::string file = state_file(settings_.rpc_state_dir, key);
	std::optional<std::string> before = add ? std::nullopt : read_file(file);
	try {
		write_state_file(file, text);
	} catch (const Error &e) {
		return Failure{-EIO, e.what(), {}};
	}
	config::rare(vs.rare).rpc_file = file;
	size_t at = add ? cfg_.virtual_servers.size() : it->second;
	table::Edit edit = add ? table::Edit::append : table::Edit::replace;
	config::VirtualServer old;
	if (add) {
		cfg_.virtual_servers.push_back(std::move(vs));
		index_.emplace(key, at);
	} else {
		old = std::exchange(cfg_.virtual_servers[at], std::move(vs));
	}
	auto r = apply_edit(at, edit, add ? nullptr : &old);
	if (!r.failed)
		return change_result(key, r.ops, file, warnings);
	// Undone: the config, the file and the kernel as they were.
	if (add) {
		config::VirtualServer added = std::move(cfg_.virtual_servers.back());
		cfg_.virtual_servers.pop_back();
		index_.erase(key);
		apply_edit(at, table::Edit::erase, &added);
		remove_state_file(file);
	} else {
		config::VirtualServer updated = std::exchange(cfg_.virtual_servers[at], std::move(old));
		apply_edit(at, table::Edit::replace, &updated);
		if (before)
			write_state_file(file, *before);
	}
	return refused(r, key);
}

RpcServer::Outcome Checkers::erase(const rpc::Call &c)
{
	auto found = find(c);
	if (auto *f = std::get_if<Failure>(&found))
		return *f;
	size_t at = std::get<size_t>(found);
	ipvs::ServiceKey key = table::service_keys(cfg_, cfg_.virtual_servers[at]).front();
	if (auto f = not_ours(cfg_.virtual_servers[at], key))
		return *f;
	std::string file = config::peek(cfg_.virtual_servers[at].rare).rpc_file;
	std::optional<std::string> before = read_file(file);
	try {
		remove_state_file(file);
	} catch (const Error &e) {
		return Failure{-EIO, e.what(), {}};
	}
	config::VirtualServer old = std::move(cfg_.virtual_servers[at]);
	cfg_.virtual_servers.erase(cfg_.virtual_servers.begin() + std::ptrdiff_t(at));
	index_.erase(key);
	for (auto &[k, i] : index_)
		i -= i > at;
	auto r = apply_edit(at, table::Edit::erase, &old);
	if (!r.failed)
		return change_result(key, r.ops, file, {});
	cfg_.virtual_servers.push_back(std::move(old));
	index_.emplace(key, cfg_.virtual_servers.size() - 1);
	apply_edit(cfg_.virtual_servers.size() - 1, table::Edit::append, nullptr);
	if (before)
		write_state_file(file, *before);
	return refused(r, key);
}

RpcServer::Outcome Checkers::get(const rpc::Call &c)
{
	auto found = find(c);
	if (auto *f = std::get_if<Failure>(&found))
		return *f;
	const config::VirtualServer &vs = cfg_.virtual_servers[std::get<size_t>(found)];
	return definition_result(table::service_keys(cfg_, vs).front(), config::to_conf({config::virtual_server(vs)}),
				 config::peek(vs.rare).rpc_file);
}

table::Director::Result Checkers::apply_edit(size_t vs, table::Edit e, const config::VirtualServer *before)
{
	const config::VirtualServer *now = e == table::Edit::erase ? nullptr : &cfg_.virtual_servers[vs];
	engine_.edit(cfg_, vs, e);
	quorum_scripts_.edit(cfg_, table::vs_id(now ? *now : *before), now);
	quorum_changed(quorums_.edit(cfg_, health_, vs, e));
	// Health changes waiting for the next re-plan name virtual servers by
	// place: those after an erased one moved down.
	if (e == table::Edit::erase) {
		std::unordered_set<size_t> moved;
		for (size_t i : touched_)
			if (i != vs)
				moved.insert(i - (i > vs));
		touched_ = std::move(moved);
	}
	table::Director::Result r;
	if (director_.trusted()) {
		std::vector<size_t> part;
		if (now)
			part.push_back(vs);
		table::Table want = table::desired_for(cfg_, part, health_, quorum_);
		log_notes(want);
		r = director_.apply_part(std::move(want), now ? std::vector<ipvs::ServiceKey>{}
							      : table::service_keys(cfg_, *before));
	} else {
		table::Table want = table::desired(cfg_, health_, quorum_);
		log_notes(want);
		r = director_.reconcile(std::move(want));
	}
	// Only a virtual server with vip_bind_dev moves an address.
	auto binds = [](const config::VirtualServer *v) { return v && !config::peek(v->rare).vip_bind_dev.empty(); };
	if (binds(now) || binds(before))
		bind_vips();
	return r;
}

} // namespace lvs::keepalived
