#include "keepalived/state_dir.hpp"

#include "core/error.hpp"
#include "core/file.hpp"
#include "core/lvs/desired.hpp"
#include "core/net/addr.hpp"
#include "core/sys/fd.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace lvs::keepalived {

namespace {

std::string errno_text(const std::string &what)
{
	return what + ": " + std::strerror(errno);
}

// Registers `name` in `into` and reports there what `from` said (file 1
// is the one file load_service read).
void carry(const config::Diagnostics &from, const std::string &name, config::Diagnostics &into)
{
	uint32_t file = into.add_file(name);
	for (const auto &d : from.all())
		into.report(d.level, {d.loc.file == 1 ? file : 0, d.loc.line}, d.text);
}

void sync_fd(int fd, const std::string &what)
{
	if (::fsync(fd) != 0)
		throw Error(errno_text("fsync " + what));
}

} // namespace

std::string state_file(const std::string &dir, const ipvs::ServiceKey &key)
{
	const char *proto = key.protocol == IPPROTO_UDP ? "UDP" : key.protocol == IPPROTO_SCTP ? "SCTP" : "TCP";
	return dir + "/" + proto + "_" + net::to_string(key.addr) + "_" + std::to_string(key.port) + ".conf";
}

void read_state_dir(const std::string &dir, config::Loaded &loaded, const config::LoadOptions &options)
{
	std::error_code ec;
	std::set<std::string> files;
	for (const auto &entry : std::filesystem::directory_iterator(dir, ec))
		if (entry.path().extension() == ".conf" && entry.is_regular_file(ec))
			files.insert(entry.path().string());
	std::set<ipvs::ServiceKey> have;
	for (const auto &vs : loaded.config.virtual_servers)
		for (const auto &key : table::service_keys(loaded.config, vs))
			have.insert(key);
	for (const auto &path : files) {
		std::optional<std::string> text;
		try {
			text = read_file(path);
		} catch (const Error &e) {
			loaded.diags.report(config::Level::general, {loaded.diags.add_file(path), 0}, e.what());
			continue;
		}
		if (!text)
			continue; // removed since the directory was listed
		config::Loaded one = config::load_service(*text, path, loaded.config, options);
		carry(one.diags, path, loaded.diags);
		if (one.diags.failed() || one.config.virtual_servers.size() != 1) {
			loaded.diags.report(config::Level::general, {},
					    path + ": this lvscli service is left out until its error is mended");
			continue;
		}
		config::VirtualServer &vs = one.config.virtual_servers.front();
		ipvs::ServiceKey key = table::service_keys(one.config, vs).front();
		if (!have.insert(key).second) {
			loaded.diags.report(config::Level::general, {loaded.diags.file_count() - 1, vs.loc.line},
					    "virtual server " + ipvs::to_string(key) +
						    " is defined in the config already: this file is left out");
			continue;
		}
		config::rare(vs.rare).rpc_file = path;
		loaded.config.virtual_servers.push_back(std::move(vs));
	}
}

void write_state_file(const std::string &path, std::string_view text)
{
	std::string dir = std::filesystem::path(path).parent_path().string();
	std::error_code ec;
	if (std::filesystem::create_directories(dir, ec))
		::chmod(dir.c_str(), 0700); // made here: root's alone
	std::string tmp = path + ".new";
	sys::Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
	if (!fd)
		throw Error(errno_text("cannot write " + tmp));
	for (size_t done = 0; done < text.size();) {
		ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			std::string why = errno_text("cannot write " + tmp);
			::unlink(tmp.c_str());
			throw Error(why);
		}
		done += size_t(n);
	}
	sync_fd(fd.get(), tmp);
	fd.reset();
	if (::rename(tmp.c_str(), path.c_str()) != 0) {
		std::string why = errno_text("cannot rename " + tmp);
		::unlink(tmp.c_str());
		throw Error(why);
	}
	sys::Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (d)
		sync_fd(d.get(), dir);
}

void remove_state_file(const std::string &path)
{
	if (::unlink(path.c_str()) != 0 && errno != ENOENT)
		throw Error(errno_text("cannot remove " + path));
	std::string dir = std::filesystem::path(path).parent_path().string();
	sys::Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	if (d)
		sync_fd(d.get(), dir);
}

} // namespace lvs::keepalived
