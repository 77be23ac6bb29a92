// The model as a tree of keywords: what keepalived.conf would say to give
// this model. -d writes it as keepalived.conf, --dump-conf=toml as TOML; a
// TOML config is read back through the same keywords. Values are the
// effective ones after validation, so a dump says what is in force.
#pragma once

#include "core/config/model.hpp"

#include <string>
#include <vector>

namespace lvs::config {

struct Node {
	std::string key;
	std::vector<std::string> args;
	std::vector<Node> children;
	bool block = false;  // key args { children }
	bool values = false; // a block of value lines (children: words, no keywords)
	// The line is split again with quotes and escapes (split_shell), as
	// regex's: keepalived.conf text escapes its backslashes and quotes.
	bool shell = false;
};

std::vector<Node> emit(const Config &cfg);

// Parts, one file per area (emit_global.cpp, emit_lvs.cpp, emit_vrrp.cpp).
void emit_global(const Config &cfg, std::vector<Node> &out);
void emit_lvs(const Config &cfg, std::vector<Node> &out);
void emit_vrrp(const Config &cfg, std::vector<Node> &out);
// One virtual_server block (lvscli's show).
Node virtual_server(const VirtualServer &v);
// One checker block; the health-check engine compares checkers by it.
Node checker_node(const Checker &k);
// "TCP_CHECK", "HTTP_GET"...
const char *checker_keyword(CheckerType t);

// keepalived.conf text of a tree, and quoting of one word for it.
std::string to_conf(const std::vector<Node> &nodes);
std::string conf_word(const std::string &w);

// Builders.
Node kw(std::string key, std::vector<std::string> args = {});
Node block(std::string key, std::vector<std::string> args, std::vector<Node> children);
Node value_block(std::string key, std::vector<std::vector<std::string>> lines);
Node setting(const Setting &s);
// Appends `key on|off` unless unset, `key TEXT` unless empty.
void flag(std::vector<Node> &out, const char *key, Inherit v);
void text(std::vector<Node> &out, const char *key, const std::string &v);
std::vector<std::string> script_args(const Script &s);

} // namespace lvs::config
