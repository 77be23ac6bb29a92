#include "core/json.hpp"

namespace lvs {

OrderedJson json_document(int schema_version)
{
	return {{"schema_version", schema_version}};
}

std::string json_line(const OrderedJson &document)
{
	return document.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

} // namespace lvs
