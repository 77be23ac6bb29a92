#include "lvscli/output.hpp"

#include "core/json.hpp"

namespace lvs::lvscli {

Output render(const Command &command, const rpc::Reply &reply, bool json)
{
	const int status = reply.error ? 1 : 0;
	if (json) {
		// What the text would read, read first: a result without it is
		// no document either.
		if (!reply.error && command.done.empty())
			rpc::definition_of(reply.body);
		else if (!reply.error)
			rpc::change_of(reply.body);
		OrderedJson document = json_document(kJsonSchemaVersion);
		document.update(reply.body);
		return {json_line(document), {}, status};
	}
	if (reply.error) {
		// A config's errors carry their file and line; the message is
		// the first of them again.
		std::string err;
		for (const auto &line : reply.error->diagnostics)
			err += line + "\n";
		return {{}, err.empty() ? "lvscli: " + reply.error->message + "\n" : err, status};
	}
	if (command.done.empty()) {
		std::string text = rpc::definition_of(reply.body).config;
		if (!text.ends_with('\n'))
			text += '\n';
		return {text, {}, status};
	}
	// What the daemon accepted with a warning (an inert keyword...) is
	// said, as keepalived logs it.
	std::string warnings;
	if (auto w = reply.body.find("warnings"); w != reply.body.end() && w->is_array())
		for (const auto &line : *w)
			if (line.is_string())
				warnings += line.get<std::string>() + "\n";
	rpc::Change c = rpc::change_of(reply.body);
	std::string line = std::string(command.done) + " " + c.service + " (" + std::to_string(c.operations) +
			   (c.operations == 1 ? " operation" : " operations");
	if (c.failed)
		line += ", " + std::to_string(c.failed) + " failed";
	return {line + ")\n", warnings, status};
}

} // namespace lvs::lvscli
