// The checker engine following one virtual server edited over JSON-RPC:
// its checks start and stop, and the others keep their checks, their
// places (health by position) and the virtual-server index they report.
#include "core/check/engine.hpp"
#include "lvs_test_config.hpp"

#include <doctest/doctest.h>

using namespace lvs;
using table::Edit;

namespace {

std::string vs(int n, int servers)
{
	std::string text = "virtual_server 10.0.100." + std::to_string(n) + " 80 {\n lb_algo rr\n lb_kind NAT\n"
			   " protocol TCP\n alpha\n";
	for (int i = 1; i <= servers; i++)
		text += " real_server 10.0." + std::to_string(n) + "." + std::to_string(i) +
			" 80 {\n  TCP_CHECK {\n   connect_timeout 5\n  }\n }\n";
	return text + "}\n";
}

// Every real server's health by position matches the one by identity.
void positions_hold(const check::Engine &e, const config::Config &cfg)
{
	for (size_t v = 0; v < cfg.virtual_servers.size(); v++)
		for (size_t r = 0; r < cfg.virtual_servers[v].real_servers.size(); r++) {
			const auto &vsc = cfg.virtual_servers[v];
			auto by_place = e.health(table::RsAt{vsc, vsc.real_servers[r], v, r});
			REQUIRE(by_place);
			CHECK(by_place == e.health(table::rs_id(vsc, vsc.real_servers[r])));
		}
}

} // namespace

TEST_CASE("Engine::edit: append, replace and erase touch only that virtual server's checks")
{
	event::Loop loop;
	check::Engine e(loop);
	config::Config cfg = lvstest::load(vs(1, 1) + vs(2, 2) + vs(3, 1));
	e.sync(cfg);
	CHECK(e.checks() == 4);

	cfg = lvstest::load(vs(1, 1) + vs(2, 2) + vs(3, 1) + vs(4, 3));
	e.edit(cfg, 3, Edit::append);
	CHECK(e.checks() == 7);
	positions_hold(e, cfg);

	cfg = lvstest::load(vs(1, 1) + vs(2, 1) + vs(3, 1) + vs(4, 3));
	e.edit(cfg, 1, Edit::replace);
	CHECK(e.checks() == 6);
	positions_hold(e, cfg);
	CHECK_FALSE(e.health(table::RsId{}).has_value());

	// The erased one's checks stop; those after it move down a place and
	// report their new index.
	config::Config before = lvstest::load(vs(1, 1) + vs(2, 1) + vs(3, 1) + vs(4, 3));
	cfg = lvstest::load(vs(1, 1) + vs(3, 1) + vs(4, 3));
	e.edit(cfg, 1, Edit::erase);
	CHECK(e.checks() == 5);
	positions_hold(e, cfg);
	CHECK_FALSE(e.health(table::rs_id(before.virtual_servers[1], before.virtual_servers[1].real_servers[0])));

	// A whole sync afterwards finds nothing to start or stop.
	e.sync(cfg);
	CHECK(e.checks() == 5);
	positions_hold(e, cfg);
}

