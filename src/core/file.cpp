#include "core/file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

namespace lvs {

std::optional<std::string> read_file(const std::string &path)
{
	std::unique_ptr<std::FILE, int (*)(std::FILE *)> f(std::fopen(path.c_str(), "re"), std::fclose);
	if (!f && errno == ENOENT)
		return std::nullopt;
	if (!f)
		throw Error(path + ": " + std::strerror(errno));
	return read_stream(f.get(), path);
}

std::string read_stream(std::FILE *f, const std::string &name)
{
	std::string text;
	char buf[16384];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
		text.append(buf, n);
	if (std::ferror(f))
		throw Error(name + ": cannot read: " + std::strerror(errno));
	return text;
}

} // namespace lvs
