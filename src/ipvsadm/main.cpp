#include "ipvsadm/ipvsadm.hpp"

#include "core/ipvs/client.hpp"
#include "core/net/addr.hpp"
#include "ipvsadm/errors.hpp"
#include "ipvsadm/parse.hpp"
#include "ipvsadm/run.hpp"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lvs::ipvsadm {

namespace {

constexpr uint32_t kMinimumVersion = 0x010104; // 1.1.4

// Without the IPVS family 1.31 falls back to the old socket options, so
// what it reports is what that path meets: no raw socket without
// privilege, else no such option in a kernel without ip_vs.
int legacy_errno()
{
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0)
		return errno;
	close(fd);
	return ENOPROTOOPT;
}

// 0, or the errno 1.31's ipvs_init would have failed with.
int try_open(std::unique_ptr<ipvs::Client> &client, ipvs::Info &info)
{
	try {
		client = std::make_unique<ipvs::Client>();
	} catch (const Error &) {
		return legacy_errno();
	}
	try {
		info = client->info();
	} catch (const ipvs::KernelError &e) {
		return e.err();
	}
	return 0;
}

bool modprobe_ip_vs()
{
	const char *path = "/sbin/modprobe";
	char *const argv[] = {const_cast<char *>(path), const_cast<char *>("--"),
			      const_cast<char *>("ip_vs"), nullptr};
	pid_t pid;
	if (posix_spawn(&pid, path, nullptr, nullptr, argv, environ) != 0)
		return false;
	int status = 0;
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// As 1.31, before looking at the arguments: open IPVS, loading ip_vs once
// if that fails.
std::unique_ptr<ipvs::Client> open_ipvs(ipvs::Info &info)
{
	std::unique_ptr<ipvs::Client> client;
	int err = try_open(client, info);
	if (err && (!modprobe_ip_vs() || (err = try_open(client, info))))
		throw Exit(2, "Can't initialize ipvs: " + kernel_message(0, err) +
				      "\nAre you sure that IP Virtual Server is built in the kernel"
				      " or as module?\n");
	return client;
}

void warn_if_old(const ipvs::Info &info)
{
	if (info.version >= kMinimumVersion)
		return;
	std::fprintf(stderr,
		     "Warning: IPVS version mismatch: \n"
		     "  Kernel compiled with IPVS version %u.%u.%u\n"
		     "  ipvsadm v1.31  requires minimum IPVS version 1.1.4\n\n",
		     (info.version >> 16) & 0xff, (info.version >> 8) & 0xff, info.version & 0xff);
}

int process(const std::vector<std::string> &args, Context &ctx)
{
	Parsed p = parse(args);
	if (!p.command) {
		std::fputs(p.error.c_str(), stderr);
		return -1;
	}
	return run(*p.command, ctx);
}

} // namespace

int ipvsadm_main(int argc, char **argv)
{
	std::vector<std::string> args(argv, argv + argc);
	if (args.empty())
		args.emplace_back("ipvsadm");
	net::remember_lookups(); // one command (or one -R stream) at a time
	try {
		ipvs::Info info;
		auto client = open_ipvs(info);
		warn_if_old(info);
		Context ctx{args[0], *client, info, system_names()};
		if (args.size() == 1) {
			list_all(ctx, Format{});
			return 0;
		}
		// 1.31 returns -1 from main on failure: status 255.
		return process(args, ctx) == 0 ? 0 : 255;
	} catch (const Exit &e) {
		e.print();
		return e.status();
	}
}

} // namespace lvs::ipvsadm
