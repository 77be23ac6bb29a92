#include "core/rpc/message.hpp"

#include "core/rpc/protocol.hpp"

#include <cerrno>
#include <climits>

namespace lvs::rpc {

namespace {

// The kernel's errnos are 1 to 4095 (MAX_ERRNO): a code in -4095..-1 is one.
constexpr int kMaxErrno = 4095;

[[noreturn]] void unreadable(const std::string &why)
{
	throw ClientError(EBADMSG, "unreadable reply: " + why);
}

const Json *member(const Json &object, const char *name)
{
	auto it = object.find(name);
	return it == object.end() ? nullptr : &*it;
}

std::string string_member(const Json &object, const char *name)
{
	const Json *m = member(object, name);
	if (!m || !m->is_string())
		unreadable(std::string("no string \"") + name + "\"");
	return m->get<std::string>();
}

long integer_member(const Json &object, const char *name)
{
	const Json *m = member(object, name);
	if (!m || !m->is_number_integer())
		unreadable(std::string("no integer \"") + name + "\"");
	return m->get<long>();
}

Fault fault_of(const Json &error)
{
	if (!error.is_object())
		unreadable("\"error\" is not an object");
	long code = integer_member(error, "code");
	if (code < INT_MIN || code > INT_MAX)
		unreadable("error code out of range");
	Fault f{static_cast<int>(code), string_member(error, "message"), {}};
	const Json *data = member(error, "data");
	const Json *diagnostics = data && data->is_object() ? member(*data, "diagnostics") : nullptr;
	if (!diagnostics)
		return f;
	if (!diagnostics->is_array())
		unreadable("\"diagnostics\" is not an array");
	for (const auto &line : *diagnostics) {
		if (!line.is_string())
			unreadable("a diagnostic is not a string");
		f.diagnostics.push_back(line.get<std::string>());
	}
	return f;
}

} // namespace

Json config_params(std::string_view config, std::optional<std::string_view> name)
{
	const std::string label(name.value_or("the config"));
	if (config.size() > kMaxConfig)
		throw ClientError(E2BIG, label + ": over the " + std::to_string(kMaxConfig / 1024) +
						 " KiB a call may carry");
	Json params = {{"config", config}};
	try {
		// A JSON string is Unicode; dumping it is the one full check.
		params["config"].dump();
	} catch (const Json::type_error &) {
		throw ClientError(EINVAL, label + ": not UTF-8 text, which JSON-RPC carries");
	}
	if (name)
		params["name"] = *name;
	return params;
}

Json service_params(const ServiceId &service)
{
	return {{"address", service.address}, {"port", service.port}, {"protocol", service.protocol}};
}

std::string request_line(std::string_view method, const Json &params)
{
	Json request = {{"jsonrpc", "2.0"}, {"id", kRequestId}, {"method", method}, {"params", params}};
	// config_params checked the config. A name is a file name, bytes that
	// need not be UTF-8: its odd bytes become U+FFFD, in messages only.
	return request.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Reply decode_reply(std::string_view text)
{
	Json r = Json::parse(text, nullptr, false);
	if (r.is_discarded())
		unreadable("not JSON");
	if (!r.is_object())
		unreadable("not a JSON object");
	const Json *version = member(r, "jsonrpc");
	if (!version || *version != "2.0")
		unreadable("not JSON-RPC 2.0");
	const Json *result = member(r, "result");
	const Json *error = member(r, "error");
	if (!result == !error)
		unreadable("neither \"result\" nor \"error\", or both");
	// An error to a request the server could not read carries id null.
	const Json *id = member(r, "id");
	if (!id || !(*id == kRequestId || (error && id->is_null())))
		unreadable("not the answer to request " + std::to_string(kRequestId));
	if (result)
		return {*result, std::nullopt};
	return {*error, fault_of(*error)};
}

Change change_of(const Json &result)
{
	if (!result.is_object())
		unreadable("the result is not an object");
	Change c{string_member(result, "service"), integer_member(result, "operations"),
		 integer_member(result, "failed"), {}};
	if (const Json *file = member(result, "file"); file && file->is_string())
		c.file = file->get<std::string>();
	return c;
}

Definition definition_of(const Json &result)
{
	if (!result.is_object())
		unreadable("the result is not an object");
	Definition d{string_member(result, "service"), string_member(result, "config"), {}};
	if (const Json *source = member(result, "source"); source && source->is_string())
		d.source = source->get<std::string>();
	return d;
}

int fault_errno(const Fault &fault)
{
	return fault.code < 0 && fault.code >= -kMaxErrno ? fault.code : -EPROTO;
}

} // namespace lvs::rpc
