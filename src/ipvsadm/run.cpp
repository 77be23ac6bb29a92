#include "ipvsadm/run.hpp"

#include "ipvsadm/connections.hpp"
#include "ipvsadm/errors.hpp"
#include "ipvsadm/json.hpp"
#include "ipvsadm/restore.hpp"

#include <cerrno>
#include <cstdio>
#include <linux/ip_vs.h>
#include <netinet/in.h>

#include "ip_vs_fnat_uapi.h" // the local-address commands, after <linux/ip_vs.h>

namespace lvs::ipvsadm {

namespace {

// A refusal while listing ends the process with status 1, as in 1.31.
[[noreturn]] void list_failed(int cmd, int err)
{
	throw Exit(1, kernel_message(cmd, err) + "\n");
}

std::vector<ipvs::Dest> dests_of(Context &ctx, const ipvs::ServiceKey &key)
{
	try {
		return ctx.client.dests(key);
	} catch (const ipvs::KernelError &e) {
		list_failed(IPVS_CMD_GET_DEST, e.err());
	}
}

// -G, as Alibaba's list_laddrs (one service, which must exist: "No such
// service" otherwise) and list_all_laddrs (every service, in the kernel's
// order). A refusal is printed and the status is -1, as for a command.
int list_laddrs(Context &ctx, const Command &c)
{
	std::vector<LaddrEntry> entries;
	try {
		if (c.has(Col::Service)) {
			auto svc = ctx.client.service(c.svc.key);
			if (!svc) {
				report(IPVS_CMD_GET_SERVICE, ESRCH);
				return -1;
			}
			entries.push_back({svc->key, {}});
		} else {
			for (const ipvs::Service &s : ctx.client.services())
				entries.push_back({s.key, {}});
		}
		for (LaddrEntry &e : entries)
			e.laddrs = ctx.client.laddrs(e.key);
		// An empty table has no pool to ask about; asking for one of no
		// service still tells the stock ip_vs, which refuses the command,
		// from our module, which answers with nothing.
		if (entries.empty())
			ctx.client.laddrs(ipvs::ServiceKey{AF_INET, IPPROTO_TCP, {}, 0, 0});
	} catch (const ipvs::KernelError &e) {
		report(e.cmd(), e.err());
		return -1;
	}
	write_out(c.format.json ? laddrs_json(entries) : laddrs_text(entries));
	return 0;
}

void list_service(Context &ctx, const ipvs::ServiceKey &key, const Format &f)
{
	std::optional<ipvs::Service> svc;
	try {
		svc = ctx.client.service(key);
	} catch (const ipvs::KernelError &e) {
		list_failed(IPVS_CMD_GET_SERVICE, e.err());
	}
	if (!svc)
		list_failed(IPVS_CMD_GET_SERVICE, ESRCH);
	std::vector<ServiceEntry> one{{*svc, dests_of(ctx, svc->key)}};
	sort_entries(one, f);
	if (f.json)
		return write_out(services_json(one, nullptr));
	write_out(table_text(one, f, ctx.names));
}

// 1.31 exits 1 without a word when it cannot read these two.
void list_timeouts(Context &ctx, const Format &f)
{
	ipvs::Timeouts t;
	try {
		t = ctx.client.timeouts();
	} catch (const ipvs::KernelError &) {
		throw Exit(1, "");
	}
	write_out(f.json ? timeouts_json(t) : timeouts_text(t));
}

void list_daemons(Context &ctx, const Format &f)
{
	std::vector<ipvs::Daemon> d;
	try {
		d = ctx.client.daemons();
	} catch (const ipvs::KernelError &) {
		throw Exit(1, "");
	}
	write_out(f.json ? daemons_json(d) : daemons_text(d));
}

} // namespace

void write_out(const std::string &text)
{
	std::fwrite(text.data(), 1, text.size(), stdout);
}

void report(int cmd, int err)
{
	std::string text = kernel_message(cmd, err) + "\n";
	std::fwrite(text.data(), 1, text.size(), stderr);
}

void list_all(Context &ctx, const Format &f)
{
	if (!f.rule && !f.json)
		write_out(header(ctx.info));
	std::vector<ServiceEntry> entries;
	try {
		entries = ctx.client.table();
	} catch (const ipvs::KernelError &e) {
		list_failed(e.cmd(), e.err());
	}
	sort_entries(entries, f);
	if (f.json)
		return write_out(services_json(entries, &ctx.info));
	write_out(table_text(entries, f, ctx.names));
}

int run(const Command &c, Context &ctx)
{
	if (c.cmd == Cmd::List) {
		if (c.has(Col::Connection))
			list_connections(kConnFile, c.format, ctx.names);
		else if (c.has(Col::Service))
			list_service(ctx, c.svc.key, c.format);
		else if (c.has(Col::Timeout))
			list_timeouts(ctx, c.format);
		else if (c.has(Col::Daemon))
			list_daemons(ctx, c.format);
		else
			list_all(ctx, c.format);
		return 0;
	}
	if (c.cmd == Cmd::Save) {
		Format f = c.format;
		f.rule = true;
		list_all(ctx, f);
		return 0;
	}
	if (c.cmd == Cmd::GetLaddr)
		return list_laddrs(ctx, c);
	if (c.cmd == Cmd::Restore) {
		if (ctx.reading_stdin)
			throw try_help(ctx.program);
		return restore(ctx, stdin);
	}
	auto op = to_op(c);
	try {
		ctx.client.execute(*op);
	} catch (const ipvs::KernelError &e) {
		report(e.cmd(), e.err());
		return -1;
	}
	return 0;
}

} // namespace lvs::ipvsadm
