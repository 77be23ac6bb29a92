// lvscli's JSON-RPC socket in the checker process (protocol.hpp): accepts
// root's connections on the daemon's one event loop, cuts each stream into
// requests and answers them in order with what `handle` returns. Calls run
// on the loop, one at a time, so they never overlap a reload or each other.
#pragma once

#include "core/event/loop.hpp"
#include "core/rpc/jsonrpc.hpp"
#include "core/sys/fd.hpp"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>

namespace lvs::keepalived {

class RpcServer {
public:
	using Outcome = std::variant<rpc::Json, rpc::Failure>;
	using Handler = std::function<Outcome(const rpc::Call &)>;

	// Binds `path` (mode 0600; a stale socket file is replaced, its
	// directory made 0755 if missing); throws lvs::Error when it cannot.
	RpcServer(event::Loop &loop, std::string path, Handler handle);
	RpcServer(const RpcServer &) = delete;
	RpcServer &operator=(const RpcServer &) = delete;
	~RpcServer();

private:
	struct Conn {
		sys::Fd fd;
		rpc::Framer framer;
		std::string out;	 // replies not yet written
		bool closing = false;	 // close once `out` is written
	};

	void accept();
	void readable(Conn &c);
	void answer(Conn &c, const std::string &text);
	// Writes what it can; closes the connection when it is done with.
	void flush(Conn &c);
	void close(Conn &c);

	event::Loop &loop_;
	std::string path_;
	Handler handle_;
	sys::Fd listen_;
	std::unordered_map<int, std::unique_ptr<Conn>> conns_;
};

} // namespace lvs::keepalived
