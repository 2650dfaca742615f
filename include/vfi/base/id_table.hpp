// The place of a record found by its id in one step, not a search by halves: a national set's
// sessions look up their match, partners and leaders hundreds of thousands of times, and each
// step of a search (or each node of a std::unordered_map) reaches a record far off in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <vector>

namespace vfi {

// An open table of places 0..n-1 under their ids. Each slot is 8 bytes: a place and 32 bits of
// its id's hash, so a lookup reads one slot (or the few after it) and then the one record whose
// hash agrees, to be sure of it. It holds no id: `id_at(i)`, given when built and when asked,
// names place i's, so the records may move with their vector.
class IdTable {
  public:
    static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();

    IdTable() = default;
    // Places 0..n-1 under id_at(i); of an id given twice, the first place stays.
    template <class IdAt>
    IdTable(std::size_t n, IdAt id_at) {
        std::size_t size = 8;
        while (size < n + n / 2 + 1)  // at most two thirds full
            size *= 2;
        slots_.assign(size, Slot{});
        for (std::size_t i = 0; i < n; ++i) {
            std::string_view id = id_at(i);
            std::uint64_t hash = hash_of(id);
            std::size_t at = probe(hash, id, id_at);
            if (slots_[at].at == empty)
                slots_[at] = Slot{tag_of(hash), static_cast<std::uint32_t>(i)};
        }
    }

    // The place under `id`, or `none`.
    template <class IdAt>
    std::size_t find(std::string_view id, IdAt id_at) const {
        if (slots_.empty()) return none;
        const Slot& slot = slots_[probe(hash_of(id), id, id_at)];
        return slot.at == empty ? none : slot.at;
    }

  private:
    static constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();
    struct Slot {
        std::uint32_t tag = 0;  // the hash's high half
        std::uint32_t at = empty;
    };

    static std::uint64_t hash_of(std::string_view id) { return std::hash<std::string_view>{}(id); }
    static std::uint32_t tag_of(std::uint64_t hash) {
        return static_cast<std::uint32_t>(hash >> 32);
    }

    // The slot holding `id`, or the empty one where it would go.
    template <class IdAt>
    std::size_t probe(std::uint64_t hash, std::string_view id, IdAt& id_at) const {
        std::size_t mask = slots_.size() - 1;
        std::uint32_t tag = tag_of(hash);
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            const Slot& s = slots_[at];
            if (s.at == empty) return at;
            if (s.tag == tag && std::string_view(id_at(s.at)) == id) return at;
        }
    }

    std::vector<Slot> slots_;
};

}  // namespace vfi
