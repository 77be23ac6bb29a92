#include "core/config/load.hpp"

#include "core/config/lexer.hpp"
#include "core/config/parser.hpp"
#include "core/config/toml.hpp"

namespace lvs::config {

namespace {

// Runs `feed` (which gives statements to the sink) through the parser and
// the validation.
template <typename Feed> Loaded load(Feed feed)
{
	Loaded out;
	Ctx ctx(out.config, out.diags);
	Parser parser(ctx, root_block());
	Loc last;
	StmtSink sink = [&](const Stmt &s) {
		last = s.loc;
		parser.feed(s);
	};
	out.read = feed(sink, ctx);
	parser.finish(last);
	if (ctx.missing_interface)
		out.diags.report(Level::bad_interface, {}, "Non-existent interface specified in configuration");
	if (out.read)
		validate(out.config, out.diags);
	return out;
}

} // namespace

Loaded load_file(const std::string &path, const LoadOptions &options)
{
	if (path.ends_with(".toml"))
		return load([&](const StmtSink &sink, Ctx &ctx) { return read_toml(path, sink, ctx.diags); });
	return load([&](const StmtSink &sink, Ctx &ctx) {
		Lexer lexer(ctx.diags, {options.config_id, options.include_errors}, sink);
		ctx.include_check = [&](unsigned checks) { lexer.set_include_check(checks); };
		return lexer.run(path);
	});
}

Loaded load_text(std::string_view text, const std::string &name, const LoadOptions &options)
{
	return load([&](const StmtSink &sink, Ctx &ctx) {
		Lexer lexer(ctx.diags, {options.config_id, options.include_errors}, sink);
		ctx.include_check = [&](unsigned checks) { lexer.set_include_check(checks); };
		lexer.run_text(text, name);
		return true;
	});
}

} // namespace lvs::config
