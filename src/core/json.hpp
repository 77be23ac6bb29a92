// What the suite's JSON documents (ipvsadm --json, lvscli --json) share:
// "schema_version" as the first key, so a program can tell a contract it
// knows from a later one, and one line each. Each tool's manual page
// documents its documents and its version under JSON OUTPUT.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace lvs {

// Objects keep their keys in the order they were made: the order the
// manual pages list them in.
using OrderedJson = nlohmann::ordered_json;

// {"schema_version": version}, the start of every document.
OrderedJson json_document(int schema_version);

// The document as one line ending in "\n". Texts from the kernel (an
// interface name, a persistence engine's data) need not be UTF-8, which a
// JSON string must be: their odd bytes become U+FFFD rather than failing
// the listing.
std::string json_line(const OrderedJson &document);

} // namespace lvs
