// The consh table on its own, apart from packets: spread, weights,
// independence from insertion order, and disruption when a server goes.
#include <doctest/doctest.h>

extern "C" {
#include "consh_table.h"
}

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

consh_backend backend(uint32_t ip, uint16_t port, uint32_t weight)
{
	consh_backend b{};
	std::memcpy(b.key, &ip, 4);
	std::memcpy(b.key + 16, &port, 2);
	b.weight = weight;
	return b;
}

std::vector<consh_backend> servers(uint32_t n, uint32_t weight = 1)
{
	std::vector<consh_backend> v;
	for (uint32_t i = 0; i < n; i++)
		v.push_back(backend(0x0a000000 + i * 7 + 1, 80, weight));
	return v;
}

std::string key_of(const consh_backend &b)
{
	return std::string(reinterpret_cast<const char *>(b.key), CONSH_KEY_LEN);
}

// The table as backend keys, so tables built from differently ordered
// arrays can be compared slot by slot.
std::vector<std::string> build(const std::vector<consh_backend> &b)
{
	uint32_t size = CONSH_DEFAULT_SIZE;
	std::vector<uint32_t> table(size);
	std::vector<consh_scratch> scratch(b.size() + 1);
	consh_build(table.data(), size, b.data(), static_cast<uint32_t>(b.size()), scratch.data());
	std::vector<std::string> keys;
	for (uint32_t idx : table)
		keys.push_back(idx == CONSH_EMPTY ? std::string() : key_of(b[idx]));
	return keys;
}

std::map<std::string, size_t> shares(const std::vector<std::string> &table)
{
	std::map<std::string, size_t> m;
	for (const auto &k : table)
		m[k]++;
	return m;
}

} // namespace

TEST_CASE("table sizes must be primes within bounds")
{
	CHECK(consh_size_valid(CONSH_DEFAULT_SIZE));
	CHECK(consh_size_valid(CONSH_MAX_SIZE));
	CHECK(consh_size_valid(4093));
	CHECK_FALSE(consh_size_valid(2));
	CHECK_FALSE(consh_size_valid(4096));
	CHECK_FALSE(consh_size_valid(16383)); // 3 * 43 * 127
	CHECK_FALSE(consh_size_valid(CONSH_MAX_SIZE + 2));
}

TEST_CASE("equal weights: every server gets its share to within one slot")
{
	for (uint32_t n : {2u, 3u, 7u, 50u}) {
		auto table = build(servers(n));
		auto s = shares(table);
		REQUIRE(s.size() == n);
		double ideal = static_cast<double>(table.size()) / n;
		for (const auto &[k, count] : s)
			CHECK(std::abs(count - ideal) <= 1.0);
	}
}

TEST_CASE("weights are respected and weight 0 gets nothing")
{
	std::vector<consh_backend> b = {backend(1, 80, 100), backend(2, 80, 200),
					backend(3, 80, 300), backend(4, 80, 0)};
	auto table = build(b);
	auto s = shares(table);
	CHECK(s.count(key_of(b[3])) == 0);
	CHECK(s.count(std::string()) == 0);
	double m = static_cast<double>(table.size());
	CHECK(s[key_of(b[0])] / m == doctest::Approx(1.0 / 6).epsilon(0.02));
	CHECK(s[key_of(b[1])] / m == doctest::Approx(2.0 / 6).epsilon(0.02));
	CHECK(s[key_of(b[2])] / m == doctest::Approx(3.0 / 6).epsilon(0.02));
}

TEST_CASE("no live server: the table is empty")
{
	std::vector<consh_backend> b = {backend(1, 80, 0), backend(2, 80, 0)};
	for (const auto &k : build(b))
		CHECK(k.empty());
}

TEST_CASE("the table depends on the set of servers, not on their order")
{
	auto b = servers(20);
	auto reference = build(b);
	std::mt19937 rng(42);
	for (int round = 0; round < 5; round++) {
		std::shuffle(b.begin(), b.end(), rng);
		CHECK(build(b) == reference);
	}
}

TEST_CASE("removing one of N servers moves at most 1/N + 2% of the slots")
{
	for (uint32_t n : {3u, 5u, 10u, 40u}) {
		auto b = servers(n);
		auto before = build(b);
		for (uint32_t gone = 0; gone < n; gone += std::max(1u, n / 4)) {
			auto fewer = b;
			fewer.erase(fewer.begin() + gone);
			auto after = build(fewer);
			// Compare the slots' servers through the client hash, as a
			// client sees them: the same client keys in both tables.
			size_t moved = 0, clients = 20000;
			for (uint32_t c = 0; c < clients; c++) {
				uint32_t ip = 0xc0a80000 + c;
				uint32_t h = consh_hash(reinterpret_cast<const u8 *>(&ip), 4, 0x9e3779b9u);
				if (before[h % before.size()] != after[h % after.size()])
					moved++;
			}
			CAPTURE(n);
			CAPTURE(gone);
			CHECK(static_cast<double>(moved) / clients <= 1.0 / n + 0.02);
		}
	}
}

TEST_CASE("client addresses spread evenly over the servers")
{
	const uint32_t n = 8, clients = 80000;
	auto table = build(servers(n));
	std::map<std::string, size_t> hits;
	std::mt19937 rng(7);
	for (uint32_t c = 0; c < clients; c++) {
		uint32_t ip = rng();
		hits[table[consh_hash(reinterpret_cast<const u8 *>(&ip), 4, 0x9e3779b9u) % table.size()]]++;
	}
	REQUIRE(hits.size() == n);
	for (const auto &[k, count] : hits)
		CHECK(static_cast<double>(count) / clients == doctest::Approx(1.0 / n).epsilon(0.1));
}
