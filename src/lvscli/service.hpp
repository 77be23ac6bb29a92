// The words that name a virtual server on lvscli's command line, ADDRESS
// PORT [PROTOCOL], checked before any call so that a typo is a usage error
// of its own rather than a round trip to keepalived. Each check returns why
// the word is not one (empty when it is), and may rewrite it to the form
// the server is sent.
#pragma once

#include <string>

namespace lvs::lvscli {

// An IPv4 address (dotted quad) or an IPv6 one; rewritten to inet_ntop's
// form, the one liblvs sends too.
std::string check_address(std::string &word);
// 0 to 65535 in decimal, rewritten without leading zeros: 0 is
// keepalived's port of a persistent service on every port, which one must
// be able to delete too.
std::string check_port(std::string &word);
// TCP or UDP in any case; rewritten to upper case.
std::string check_protocol(std::string &word);

} // namespace lvs::lvscli
