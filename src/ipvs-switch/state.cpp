#include "ipvs-switch/state.hpp"

#include "core/error.hpp"
#include "core/file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace lvs::ipvs_switch {

std::optional<Mode> saved_mode(const std::string &file)
{
	auto text = read_file(file);
	if (!text)
		return std::nullopt;
	std::string word = *text;
	while (!word.empty() && (word.back() == '\n' || word.back() == ' '))
		word.pop_back();
	auto mode = parse_mode(word);
	if (!mode)
		throw Error(file + ": not a saved mode (orig or fnat): '" + word + "'");
	return mode;
}

void save_mode(Mode mode, const std::string &file)
{
	std::filesystem::path path(file);
	std::error_code ec;
	std::filesystem::create_directories(path.parent_path(), ec);
	std::string tmp = file + ".new";
	{
		std::ofstream out(tmp, std::ios::trunc);
		out << mode_name(mode) << '\n';
		out.close();
		if (!out)
			throw Error("cannot write " + tmp + ": " + std::strerror(errno));
	}
	std::filesystem::rename(tmp, path, ec);
	if (ec)
		throw Error("cannot save the mode in " + file + ": " + ec.message());
}

} // namespace lvs::ipvs_switch
