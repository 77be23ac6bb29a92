// The gate a service given over JSON-RPC passes before the parser: one
// `virtual_server ADDRESS PORT` block at the top level and nothing else.
// What does not belong is reported at its line and never reaches the
// parser (a global_defs in the text must not change the daemon's).
#pragma once

#include "core/config/diag.hpp"
#include "core/config/stmt.hpp"

namespace lvs::config {

class OneService {
public:
	OneService(Diagnostics &diags, StmtSink next) : diags_(diags), next_(std::move(next)) {}

	void feed(const Stmt &s);
	// End of the text: says so when there was no virtual_server at all.
	void finish();

private:
	// Whether a top-level keyword may pass; reports it when not.
	bool admit(const Stmt &s);

	Diagnostics &diags_;
	StmtSink next_;
	int depth_ = 0;
	int skipping_ = 0;           // depth inside a refused block
	bool refused_ = false;       // the last top-level keyword was refused: its block goes too
	Loc first_{};                // the virtual_server taken
};

} // namespace lvs::config
