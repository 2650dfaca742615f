// The place of a record found by its id in one step, not a search by halves: a national set's
// sessions look up their match, partners and leaders hundreds of thousands of times, and each
// step of a search (or each node of a std::unordered_map) reaches a record far off in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

namespace vfi {

// An open table of places 0..n-1 under their ids. Each slot holds an id's first 16 bytes and
// its length beside its place, so a lookup reads one slot (or the few after it) and reaches
// into the records only for an id longer than 16 bytes. It holds no id: `id_at(i)`, given
// when built and when asked, names place i's, so the records may move with their vector.
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
            Slot key = slot_of(id, i);
            std::size_t at = probe(key, id, id_at);
            if (slots_[at].at == empty) slots_[at] = key;
        }
    }

    // The place under `id`, or `none`.
    template <class IdAt>
    std::size_t find(std::string_view id, IdAt id_at) const {
        if (slots_.empty()) return none;
        const Slot& slot = slots_[probe(slot_of(id, 0), id, id_at)];
        return slot.at == empty ? none : slot.at;
    }

    std::size_t size_in_bytes() const { return slots_.size() * sizeof(Slot); }

  private:
    static constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();
    struct Slot {
        std::uint64_t high = 0, low = 0;  // the first 16 bytes, zeros past the end
        std::uint32_t size = 0;           // the id's length (at most 2^32 - 1 counted)
        std::uint32_t at = empty;
    };

    static Slot slot_of(std::string_view id, std::size_t at) {
        Slot s;
        for (std::size_t i = 0; i < 16 && i < id.size(); ++i) {
            std::uint64_t byte = static_cast<unsigned char>(id[i]);
            (i < 8 ? s.high : s.low) |= byte << (8 * (i % 8));
        }
        s.size = id.size() > empty - 1 ? empty - 1 : static_cast<std::uint32_t>(id.size());
        s.at = static_cast<std::uint32_t>(at);
        return s;
    }
    // The slot holding `id`, or the empty one where it would go.
    template <class IdAt>
    std::size_t probe(const Slot& key, std::string_view id, IdAt& id_at) const {
        std::uint64_t h = key.high * 0x9E3779B97F4A7C15ull;
        h ^= (key.low + key.size) * 0xC2B2AE3D27D4EB4Full;
        h ^= h >> 31;
        std::size_t mask = slots_.size() - 1;
        for (std::size_t at = (h * 0x9E3779B97F4A7C15ull) >> 20 & mask;; at = (at + 1) & mask) {
            const Slot& s = slots_[at];
            if (s.at == empty) return at;
            if (s.high == key.high && s.low == key.low && s.size == key.size &&
                (key.size <= 16 || std::string_view(id_at(s.at)) == id))
                return at;
        }
    }

    std::vector<Slot> slots_;
};

}  // namespace vfi
