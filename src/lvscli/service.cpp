#include "lvscli/service.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cctype>

namespace lvs::lvscli {

std::string check_address(std::string &word)
{
	unsigned char addr[sizeof(in6_addr)];
	char text[INET6_ADDRSTRLEN];
	for (int af : {AF_INET, AF_INET6}) {
		if (::inet_pton(af, word.c_str(), addr) == 1) {
			word = ::inet_ntop(af, addr, text, sizeof text);
			return {};
		}
	}
	return "'" + word + "' is not an IPv4 or IPv6 address";
}

std::string check_port(std::string &word)
{
	bool digits = !word.empty() && word.size() <= 5 &&
		      std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
	if (digits && std::stoul(word) <= 65535) {
		// Without leading zeros: CLI11 would read "010" as octal.
		word = std::to_string(std::stoul(word));
		return {};
	}
	return "'" + word + "' is not a port (0 to 65535)";
}

std::string check_protocol(std::string &word)
{
	std::string upper = word;
	std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
	if (upper != "TCP" && upper != "UDP")
		return "'" + word + "' is not a protocol (TCP or UDP)";
	word = upper;
	return {};
}

} // namespace lvs::lvscli
