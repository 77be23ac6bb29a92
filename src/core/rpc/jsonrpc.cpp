#include "core/rpc/jsonrpc.hpp"

#include "core/rpc/protocol.hpp"

#include <fmt/format.h>

namespace lvs::rpc {

namespace {

bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

Failure invalid(std::string message)
{
	return {kInvalidRequest, std::move(message), {}};
}

// Texts come from the caller's config: bad UTF-8 must not stop a reply.
std::string line(const Json &j)
{
	return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace

void Framer::feed(std::string_view bytes)
{
	buf_.append(bytes);
}

std::optional<std::string> Framer::next()
{
	for (; scan_ < buf_.size() && !bad_; scan_++) {
		char c = buf_[scan_];
		if (depth_ == 0) {
			if (space(c)) {
				start_ = scan_ + 1;
				continue;
			}
			if (c != '{' && c != '[') {
				bad_ = true;
				break;
			}
		}
		if (in_string_) {
			if (escaped_)
				escaped_ = false;
			else if (c == '\\')
				escaped_ = true;
			else if (c == '"')
				in_string_ = false;
			continue;
		}
		if (c == '"') {
			in_string_ = true;
		} else if (c == '{' || c == '[') {
			depth_++;
		} else if ((c == '}' || c == ']') && --depth_ == 0) {
			std::string text = buf_.substr(start_, scan_ + 1 - start_);
			buf_.erase(0, scan_ + 1);
			scan_ = start_ = 0;
			return text;
		}
	}
	if (scan_ - start_ > kMaxRequest)
		bad_ = true;
	return std::nullopt;
}

std::optional<Failure> Framer::broken() const
{
	if (!bad_)
		return std::nullopt;
	if (scan_ - start_ > kMaxRequest)
		return Failure{kInvalidRequest, fmt::format("request over {} bytes", kMaxRequest), {}};
	return Failure{kParseError, "not a JSON-RPC request (an object was expected)", {}};
}

bool Framer::partial() const
{
	return start_ < buf_.size();
}

Call decode(std::string_view text)
{
	Call call;
	Json j = Json::parse(text, nullptr, false);
	if (j.is_discarded()) {
		call.failure = Failure{kParseError, "the request is not valid JSON", {}};
		return call;
	}
	if (j.is_array()) {
		call.failure = invalid("batches are not supported: send the requests one after another");
		return call;
	}
	if (auto id = j.find("id"); id != j.end()) {
		if (!id->is_string() && !id->is_number() && !id->is_null()) {
			call.failure = invalid("\"id\" must be a string, a number or null");
			return call;
		}
		call.id = *id;
	} else {
		call.notification = true;
	}
	auto version = j.find("jsonrpc");
	if (version == j.end() || *version != "2.0") {
		call.failure = invalid("\"jsonrpc\" must be \"2.0\"");
		return call;
	}
	auto method = j.find("method");
	if (method == j.end() || !method->is_string()) {
		call.failure = invalid("\"method\" must be a string");
		return call;
	}
	call.method = method->get<std::string>();
	if (auto params = j.find("params"); params != j.end()) {
		if (!params->is_object()) {
			call.failure = Failure{kInvalidParams, "\"params\" must be an object", {}};
			return call;
		}
		call.params = std::move(*params);
	} else {
		call.params = Json::object();
	}
	return call;
}

std::string reply(const Json &id, const Json &result)
{
	return line(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
}

std::string reply(const Json &id, const Failure &failure)
{
	Json error{{"code", failure.code}, {"message", failure.message}};
	if (!failure.diagnostics.empty())
		error["data"] = Json{{"diagnostics", failure.diagnostics}};
	return line(Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", error}});
}

std::string Params::text(const char *name, std::optional<std::string> fallback)
{
	auto it = params.find(name);
	if (it == params.end() && fallback)
		return *fallback;
	if (it == params.end() || !it->is_string()) {
		if (!failure)
			failure = Failure{kInvalidParams, fmt::format("\"{}\" must be a string", name), {}};
		return {};
	}
	return it->get<std::string>();
}

unsigned Params::port(const char *name)
{
	auto it = params.find(name);
	// 0 too: a persistent service on every port is keepalived's port 0.
	if (it == params.end() || !it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 65535) {
		if (!failure)
			failure = Failure{kInvalidParams, fmt::format("\"{}\" must be a port number, 0-65535", name),
					  {}};
		return 0;
	}
	return it->get<unsigned>();
}

} // namespace lvs::rpc
