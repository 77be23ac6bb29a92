// Handlers for keywords kept as written (model Setting): they check the
// value's form, then store the keyword and its arguments in the list the
// open block points Ctx::other at (global_defs' list by default).
#pragma once

#include "core/config/keywords.hpp"
#include "core/config/lexer.hpp"

#include <cstdint>

namespace lvs::config {

void keep(Ctx &c, const Stmt &s);
void keep_name(Ctx &c, const Stmt &s);  // one word required
void keep_bool(Ctx &c, const Stmt &s);  // optional <BOOL>
void keep_timer(Ctx &c, const Stmt &s); // seconds, microsecond decimals
void keep_uints(Ctx &c, const Stmt &s); // a list of unsigned numbers
void keep_number(Ctx &c, const Stmt &s, int64_t min, int64_t max, bool is_signed);

template <uint32_t Min, uint32_t Max> void keep_uint(Ctx &c, const Stmt &s)
{
	keep_number(c, s, Min, Max, false);
}

template <int32_t Min, int32_t Max> void keep_int(Ctx &c, const Stmt &s)
{
	keep_number(c, s, Min, Max, true);
}

extern const Block kEmailBlock;

} // namespace lvs::config
