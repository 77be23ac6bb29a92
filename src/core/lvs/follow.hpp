// Carrying state over a reload: for each item of the new config, in
// order, the same item (by identity) in the old one. Reloads mostly keep
// the order, so the next old item is tried first and nothing is hashed;
// the old items are indexed only once an item is not where it was
// expected, and the search then goes on from where that one was found.
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <vector>

namespace lvs::table {

template <class Id, class Hash>
class Follow {
public:
	explicit Follow(const std::vector<Id> &old) : old_(old) {}

	// The old item's index; nullopt: the item is new.
	std::optional<size_t> find(const Id &id)
	{
		if (next_ < old_.size() && old_[next_] == id)
			return next_++;
		if (index_.empty()) {
			index_.reserve(old_.size());
			for (size_t i = 0; i < old_.size(); i++)
				index_.try_emplace(old_[i], i);
		}
		auto it = index_.find(id);
		if (it == index_.end())
			return std::nullopt;
		next_ = it->second + 1;
		return it->second;
	}

private:
	const std::vector<Id> &old_;
	size_t next_ = 0;
	std::unordered_map<Id, size_t, Hash> index_;
};

} // namespace lvs::table
