#include "keepalived/rpc_results.hpp"

#include "core/ipvs/json.hpp"

namespace lvs::keepalived {

namespace {

// "service" is the name keepalived's log gives it; the members after it
// name it as ipvsadm --json does, for programs.
rpc::Json named(const ipvs::ServiceKey &key)
{
	rpc::Json j{{"service", ipvs::to_string(key)}};
	ipvs::add_service_key(j, key);
	return j;
}

} // namespace

rpc::Json change_result(const ipvs::ServiceKey &key, size_t operations, const std::string &file,
			const std::vector<std::string> &warnings)
{
	rpc::Json j = named(key);
	j["operations"] = operations;
	// Always 0 (rpc_results.hpp), yet kept: lvscli(8)'s protocol has it
	// and clients require it.
	j["failed"] = 0;
	j["file"] = file;
	if (!warnings.empty())
		j["warnings"] = warnings;
	return j;
}

rpc::Json definition_result(const ipvs::ServiceKey &key, const std::string &config, const std::string &file)
{
	rpc::Json j = named(key);
	j["config"] = config;
	j["source"] = file.empty() ? "keepalived.conf" : "lvscli";
	if (!file.empty())
		j["file"] = file;
	return j;
}

} // namespace lvs::keepalived
