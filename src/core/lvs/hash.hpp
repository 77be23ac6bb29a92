// Hashing the kernel's identities (addresses, ports, marks) for the hash
// maps of the table code.
#pragma once

#include "core/ipvs/model.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lvs::table {

// Folds v into h, with splitmix64's finalizer: addresses differ in few
// bits (10.0.0.1, 10.0.0.2, ...), and a weaker mix fills few buckets.
inline size_t hash_mix(size_t h, size_t v)
{
	uint64_t x = h * 0x9e3779b97f4a7c15ull + v;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

inline size_t hash_addr(size_t h, const net::Addr &a)
{
	uint64_t lo, hi;
	std::memcpy(&lo, a.bytes.data(), 8);
	std::memcpy(&hi, a.bytes.data() + 8, 8);
	return hash_mix(hash_mix(hash_mix(h, a.af), lo), hi);
}

} // namespace lvs::table
