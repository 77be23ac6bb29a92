// What the LVS table tests share: a config from keepalived.conf text (any
// warning shown, a failed read fails the test) and IPv4 addresses.
#pragma once

#include "core/config/load.hpp"
#include "core/net/addr.hpp"

#include <doctest/doctest.h>

#include <string>

namespace lvstest {

inline lvs::config::Config load(const std::string &text)
{
	lvs::config::Loaded l = lvs::config::load_text(text, "t.conf");
	for (const auto &d : l.diags.all())
		if (d.level != lvs::config::Level::note)
			MESSAGE(l.diags.format(d));
	REQUIRE(l.read);
	return std::move(l.config);
}

inline lvs::net::Addr v4(const char *text)
{
	return *lvs::net::parse_ipv4_liberal(text);
}

} // namespace lvstest
