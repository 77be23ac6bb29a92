// 1.31's listing order. Its comparators subtract unsigned values into an
// int, so marks and addresses more than 2^31 apart compare the wrong way
// round (192.168.0.1 sorts before 10.0.0.1), and glibc's qsort, a merge
// sort, then settles on an order that only the same merge sort reproduces.
#pragma once

#include "core/ipvs/model.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace lvs::ipvsadm {

// <0, 0, >0 as 1.31's ipvs_cmp_services and ipvs_cmp_dests.
int compare_services(const ipvs::Service &a, const ipvs::Service &b);
int compare_dests(const ipvs::Dest &a, const ipvs::Dest &b);

// glibc 2.36's qsort (msort_with_tmp): split at n/2, sort both halves,
// merge taking from the left half while cmp(left, right) <= 0. The merges
// shuffle indices; each element then moves once, however big it is.
template <typename T, typename Cmp>
void glibc_sort(std::vector<T> &v, Cmp cmp)
{
	std::vector<size_t> order(v.size()), tmp;
	for (size_t i = 0; i < order.size(); ++i)
		order[i] = i;
	auto sort = [&](auto &self, size_t lo, size_t n) -> void {
		if (n <= 1)
			return;
		size_t n1 = n / 2, n2 = n - n1;
		self(self, lo, n1);
		self(self, lo + n1, n2);
		tmp.clear();
		size_t i = lo, j = lo + n1, end = lo + n;
		while (i < lo + n1 && j < end)
			tmp.push_back(cmp(v[order[i]], v[order[j]]) <= 0 ? order[i++] : order[j++]);
		while (i < lo + n1)
			tmp.push_back(order[i++]);
		std::copy(tmp.begin(), tmp.end(), order.begin() + static_cast<std::ptrdiff_t>(lo));
	};
	sort(sort, 0, v.size());
	std::vector<T> sorted;
	sorted.reserve(v.size());
	for (size_t i : order)
		sorted.push_back(std::move(v[i]));
	v = std::move(sorted);
}

} // namespace lvs::ipvsadm
