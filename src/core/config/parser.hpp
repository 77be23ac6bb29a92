// Statements to model: walks the keyword tables block by block, as
// keepalived's process_stream() does, with its messages for unknown
// keywords, missing parameters and misplaced braces.
#pragma once

#include "core/config/keywords.hpp"

#include <vector>

namespace lvs::config {

class Parser {
public:
	Parser(Ctx &ctx, const Block &root);

	void feed(const Stmt &s);
	// End of input: closes what is still open and says so.
	void finish(Loc end);

private:
	void words(const Stmt &s);
	void open(const Stmt &s);
	void close(const Stmt &s);

	Ctx &ctx_;
	std::vector<const Block *> stack_; // the open blocks, the top level first
	const Block *pending_ = nullptr;   // a keyword's block, waiting for its '{'
	bool skip_next_block_ = false;     // the next '{' opens a block to skip
	int skipping_ = 0;                 // depth inside a skipped block
};

} // namespace lvs::config
