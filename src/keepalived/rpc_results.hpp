// The result objects of lvscli's calls, apart from the calls so that a
// test can hold them to the contract lvscli(8) documents (PROTOCOL, and
// JSON OUTPUT for what lvscli --json prints of them).
#pragma once

#include "core/ipvs/model.hpp"
#include "core/rpc/message.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace lvs::keepalived {

// add, update, delete: {"service", the key's members (core/ipvs/json.hpp),
// "operations", "failed" (0: a refusal undoes the call and answers an
// error instead), "file", "warnings" when there are any}.
rpc::Json change_result(const ipvs::ServiceKey &key, size_t operations, const std::string &file,
			const std::vector<std::string> &warnings);

// get: {"service", the key's members, "config", "source", "file" for a
// definition an earlier call made (file not empty)}.
rpc::Json definition_result(const ipvs::ServiceKey &key, const std::string &config, const std::string &file);

} // namespace lvs::keepalived
