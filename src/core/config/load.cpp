#include "core/config/load.hpp"

#include "core/config/lexer.hpp"
#include "core/config/parser.hpp"
#include "core/config/one_service.hpp"
#include "core/config/toml.hpp"

#include <algorithm>

namespace lvs::config {

namespace {

// Runs `feed` (which gives statements to the sink) through the parser and
// the validation.
template <typename Feed> Loaded load(Feed feed, Config base = {})
{
	Loaded out;
	out.config = std::move(base);
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

Loaded load_service(std::string_view text, const std::string &name, const Config &root, const LoadOptions &options)
{
	// The service is read beside what it may name in the root config: its
	// local_address_group, the SSL context, the VXLAN parameters and the
	// global defaults it inherits.
	auto base = [&root] {
		Config c;
		c.global = root.global;
		c.local_address_groups = root.local_address_groups;
		c.vxlan = root.vxlan;
		c.ssl = root.ssl;
		return c;
	};
	Diagnostics root_only;
	Config alone = base();
	validate(alone, root_only);
	Loaded out = load(
		[&](const StmtSink &sink, Ctx &ctx) {
			LexOptions lex{options.config_id, options.include_errors};
			lex.includes = false;
			OneService gate(ctx.diags, sink);
			Lexer lexer(ctx.diags, lex, [&](const Stmt &s) { gate.feed(s); });
			lexer.run_text(text, name);
			gate.finish();
			return true;
		},
		base());
	// What validate() says of the root config alone was said when it was
	// loaded: only what the text brings is kept.
	Diagnostics kept;
	kept.add_file(name);
	for (const auto &d : out.diags.all()) {
		bool root_said = std::any_of(root_only.all().begin(), root_only.all().end(),
					     [&](const Diag &r) { return r.text == d.text; });
		if (d.loc.file == 1 || (d.loc.file == 0 && !root_said))
			kept.report(d.level, d.loc, d.text);
	}
	out.diags = std::move(kept);
	return out;
}

} // namespace lvs::config
