#include "lvscli/lvscli.hpp"

#include "app/usage.hpp"
#include "core/error.hpp"
#include "core/file.hpp"
#include "core/rpc/client.hpp"
#include "lvscli/commands.hpp"
#include "lvscli/output.hpp"
#include "lvscli/service.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

namespace lvs::lvscli {

namespace {

// What the command words gave.
struct Words {
	std::string file;
	std::string address;
	uint16_t port = 0;
	std::string protocol = "TCP";
};

void add_words(CLI::App &sub, const Command &command, Words &w)
{
	if (command.takes_file) {
		sub.add_option("FILE", w.file, "one virtual_server block in keepalived.conf syntax; - reads stdin")
			->required()
			->type_name("");
		return;
	}
	sub.add_option("ADDRESS", w.address, "the virtual server's IPv4 or IPv6 address")
		->required()
		->type_name("")
		->transform(CLI::Validator(check_address, "", "ADDRESS"));
	sub.add_option("PORT", w.port, "its port")
		->required()
		->type_name("")
		->transform(CLI::Validator(check_port, "", "PORT"));
	sub.add_option("PROTOCOL", w.protocol, "TCP (the default) or UDP")
		->type_name("")
		->transform(CLI::Validator(check_protocol, "", "PROTOCOL"));
}

// The config, and what the server's messages are to call it.
std::pair<std::string, std::string> read_config(const std::string &file)
{
	if (file == "-")
		return {read_stream(stdin, "<stdin>"), "<stdin>"};
	auto text = read_file(file);
	if (!text)
		throw Error(file + ": " + std::strerror(ENOENT));
	return {*text, file};
}

// The help's list of commands, from kCommands: CLI11 would show only
// `keep`, one level down.
std::string commands_footer()
{
	std::vector<std::string> usages;
	std::size_t width = 0;
	for (const auto &c : kCommands) {
		usages.push_back("keep " + std::string(c.name) + (c.takes_file ? " FILE" : " ADDRESS PORT [PROTOCOL]"));
		width = std::max(width, usages.back().size());
	}
	std::string text = "Commands (FILE - reads stdin; PROTOCOL is TCP, the default, or UDP):\n";
	for (std::size_t i = 0; i < usages.size(); i++)
		text += "  " + usages[i] + std::string(width + 2 - usages[i].size(), ' ') + std::string(kCommands[i].help) +
			"\n";
	return text;
}

rpc::Reply send(const std::string &socket, const Command &command, const Words &w)
{
	if (!command.takes_file)
		return rpc::call(socket, command.method, rpc::service_params({w.address, w.port, w.protocol}));
	auto [config, name] = read_config(w.file);
	return rpc::call(socket, command.method, rpc::config_params(config, name));
}

} // namespace

// lvscli's command line is ours (the guide gives only its commands): CLI11
// reads it and writes the help from the same declarations, one subcommand
// per row of kCommands. Options may come anywhere, as ipvsadm users type.
int lvscli_main(int argc, char **argv)
{
	std::string socket = rpc::socket_path();
	bool json = false;
	Words words;
	CLI::App app("Change keepalived's virtual servers one at a time, over its JSON-RPC socket.", "lvscli");
	app.get_formatter()->column_width(20);
	app.set_help_flag("-h,--help", "display this help");
	app.set_version_flag("--version", "lvscli (lvsbox) " LVSBOX_VERSION, "display the version");
	app.add_option("-s,--socket", socket,
		       "keepalived's socket (default $" + std::string(rpc::kSocketEnv) + ", else\n" +
			       std::string(rpc::kDefaultSocket) + ")")
		->type_name("PATH");
	app.add_flag("--json", json, "print the server's result, or its error, as one line\nof JSON");
	app.footer(commands_footer());
	// Inherited by the subcommands: their words fall through to here.
	app.fallthrough();
	CLI::App *keep = app.add_subcommand("keep", "the virtual servers keepalived runs");
	const Command *command = nullptr;
	for (const auto &c : kCommands) {
		CLI::App *sub = keep->add_subcommand(std::string(c.name), std::string(c.help));
		sub->parse_complete_callback([&command, &c] { command = &c; });
		add_words(*sub, c, words);
	}
	// A usage error sends nothing.
	if (auto status = app::parse_command_line(app, argc, argv))
		return *status;
	// Said here rather than by CLI11, which says "A subcommand is required"
	// for `keep frob` too.
	if (!command)
		return app::usage_error("lvscli", "a command is required: keep add, set, del or show");
	Output o = render(*command, send(socket, *command, words), json);
	std::fwrite(o.out.data(), 1, o.out.size(), stdout);
	std::fwrite(o.err.data(), 1, o.err.size(), stderr);
	return o.status;
}

} // namespace lvs::lvscli
