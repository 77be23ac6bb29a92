#include "lvscli/output.hpp"

namespace lvs::lvscli {

Output render(const Command &command, const rpc::Reply &reply, bool json)
{
	const int status = reply.error ? 1 : 0;
	if (json)
		return {reply.body.dump() + "\n", {}, status};
	if (reply.error) {
		std::string err;
		for (const auto &line : reply.error->diagnostics)
			err += line + "\n";
		return {{}, err + "lvscli: " + reply.error->message + "\n", status};
	}
	if (command.done.empty()) {
		std::string text = rpc::definition_of(reply.body).config;
		if (!text.ends_with('\n'))
			text += '\n';
		return {text, {}, status};
	}
	rpc::Change c = rpc::change_of(reply.body);
	std::string line = std::string(command.done) + " " + c.service + " (" + std::to_string(c.operations) +
			   (c.operations == 1 ? " operation" : " operations");
	if (c.failed)
		line += ", " + std::to_string(c.failed) + " failed";
	return {line + ")\n", {}, status};
}

} // namespace lvs::lvscli
