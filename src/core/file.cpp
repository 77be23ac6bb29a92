#include "core/file.hpp"

#include "core/error.hpp"

#include <cerrno>
#include <cstdio>
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
	std::string text;
	char buf[16384];
	size_t n;
	while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0)
		text.append(buf, n);
	if (std::ferror(f.get()))
		throw Error(path + ": cannot read: " + std::strerror(errno));
	return text;
}

} // namespace lvs
