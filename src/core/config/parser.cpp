#include "core/config/parser.hpp"

#include <utility>

namespace lvs::config {

std::string str(std::string_view s)
{
	return std::string(s);
}

const Keyword *find_keyword(const Block &block, std::string_view name)
{
	for (const Block *b = &block; b; b = b->also)
		for (const Keyword &k : b->keywords)
			if (k.name == name)
				return &k;
	return nullptr;
}

Parser::Parser(Ctx &ctx, const Block &root) : ctx_(ctx)
{
	stack_.push_back(&root);
}

void Parser::feed(const Stmt &s)
{
	if (skipping_) {
		if (s.kind == Stmt::Kind::open)
			++skipping_;
		else if (s.kind == Stmt::Kind::close)
			--skipping_;
		return;
	}
	if (std::exchange(skip_next_block_, false) && s.kind == Stmt::Kind::open) {
		skipping_ = 1;
		return;
	}
	if (const Block *b = std::exchange(pending_, nullptr)) {
		stack_.push_back(b);
		if (s.kind == Stmt::Kind::open)
			return;
		ctx_.error(s.loc, "Missing '{' at beginning of configuration block", Level::missing_open);
	}
	switch (s.kind) {
	case Stmt::Kind::words:
		words(s);
		break;
	case Stmt::Kind::open:
		open(s);
		break;
	case Stmt::Kind::close:
		close(s);
		break;
	}
}

void Parser::words(const Stmt &s)
{
	const Block &block = *stack_.back();
	if (block.values) {
		block.values(ctx_, s);
		return;
	}
	const Keyword *k = find_keyword(block, s.words[0]);
	if (!k) {
		ctx_.error(s.loc, "Unknown keyword '" + str(s.words[0]) + "'", Level::unknown_keyword);
		skip_next_block_ = true;
		return;
	}
	if (s.words.size() <= k->min_args) {
		ctx_.error(s.loc,
			   "*** Configuration line starting `" + str(s.words[0]) +
				   "` is missing a parameter after keyword `" + str(s.words.back()) +
				   "` at word position " + std::to_string(s.words.size() + 1),
			   Level::missing_parameter);
		skip_next_block_ = true;
		return;
	}
	ctx_.skip_block = false;
	if (k->handler)
		k->handler(ctx_, s);
	if (k->inert)
		note_inert(ctx_.diags, s.loc, k->name, arg(s, 1), *k->inert);
	if (k->block) {
		if (ctx_.skip_block) {
			skip_next_block_ = true;
		} else {
			pending_ = k->block;
		}
	}
	ctx_.skip_block = false;
}

// keepalived ignores a stray '{' and lets its '}' close the enclosing
// block; skipping the whole stray block reports the same error without
// the cascade of follow-on ones.
void Parser::open(const Stmt &s)
{
	ctx_.error(s.loc, "Unexpected '{' - ignoring", Level::unexpected_open);
	skipping_ = 1;
}

void Parser::close(const Stmt &s)
{
	if (stack_.size() == 1) {
		ctx_.error(s.loc, "Extra '}' found", Level::unexpected_close);
		return;
	}
	const Block *block = stack_.back();
	stack_.pop_back();
	ctx_.close_loc = s.loc;
	if (block->close)
		block->close(ctx_);
}

void Parser::finish(Loc end)
{
	if (const Block *b = std::exchange(pending_, nullptr))
		stack_.push_back(b);
	int missing = skipping_ + static_cast<int>(stack_.size()) - 1;
	ctx_.close_loc = end;
	while (stack_.size() > 1) {
		const Block *block = stack_.back();
		stack_.pop_back();
		if (block->close)
			block->close(ctx_);
	}
	if (missing > 0)
		ctx_.error(end,
			   "There are " + std::to_string(missing) + " missing '}'s or extra '{'s",
			   Level::missing_close);
}

} // namespace lvs::config
