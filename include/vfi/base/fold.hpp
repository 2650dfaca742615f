// Matching text against a person's name however it was typed: the one form forget searches
// in, for the files of today and for every version in git history alike.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace vfi {

// Text in the form names are matched in. Letters are in lower case with their accents and
// other marks removed, for Latin (Latin-1, Latin Extended-A, -B and Additional), Greek and
// Cyrillic (Ö ö o, ß ss, Ł l, Æ ae, Ё е, Ά α, ﬁ fi): Unicode's full case folding and
// decomposition, from a table made from Unicode's data (fold_table.py), so it needs no
// library. Every apostrophe (' ’ ‘ ʼ ′ ` ´ and the like) is `'`, and a run of them (`''`,
// as YAML doubles one inside single quotes) is one. Every run of spaces of any kind (tab,
// no-break space, U+2000-U+200A, U+202F, U+205F, U+3000...), line breaks and hyphens or
// dashes (- ‐ ‑ – — and the minus sign) is one space; so is a line break followed by
// indentation and `#`, a comment going on onto its next line. Invisible characters (soft
// hyphen, zero-width spaces and joiners, direction marks) are dropped. Anything else stays
// as it is, invalid UTF-8 included.
struct Folded {
    std::string text;
    // With Offsets::kept: for each byte of `text`, the offset in the original of the
    // character it came from.
    std::vector<std::size_t> from;
};
enum class Offsets { dropped, kept };
Folded fold_text(std::string_view text, Offsets offsets = Offsets::dropped);

// A name or email address folded, with no space at either end.
std::string fold_name(std::string_view name);

// Where a needle may be found: anywhere, or only as whole words (where it is not part of a
// longer word: the character before and after it is not a letter or digit of any script).
enum class Within { anywhere, whole_words };

// Offsets in `folded` (fold_text) where `needle` (fold_name) is written.
std::vector<std::size_t> find_folded(std::string_view folded, std::string_view needle,
                                     Within within = Within::whole_words);

// Many needles (fold_name) looked for at once in folded text: one pass over it for each
// length they have, however many there are (a person's matches and sessions can be dozens).
class Needles {
  public:
    void add(const std::string& needle, Within within);
    bool empty() const { return needles_.empty(); }
    // Is any of them in `folded` (fold_text)?
    bool in(std::string_view folded) const;

  private:
    struct Group {
        std::size_t length = 0;
        std::uint64_t power = 1;  // the weight of the byte leaving a window of `length`
        std::unordered_multimap<std::uint64_t, std::size_t> by_hash;  // -> index in needles_
        std::vector<bool> maybe = std::vector<bool>(1 << 16);         // by the hash's top 16 bits
    };
    std::vector<std::pair<std::string, Within>> needles_;
    std::vector<Group> groups_;
};

}  // namespace vfi
