#include "vfi/base/fold.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace vfi {
namespace {

constexpr char32_t bad = 0xFFFFFFFF;  // a byte that does not start a UTF-8 character

// The character at `at` and its length in bytes (1 for a bad byte).
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t at) {
    auto u = static_cast<unsigned char>(s[at]);
    if (u < 0x80) return {u, 1};
    std::size_t n = u >= 0xF0 && u < 0xF5   ? 4
                    : u >= 0xE0 && u < 0xF0 ? 3
                    : u >= 0xC2 && u < 0xE0 ? 2
                                            : 0;
    if (n == 0 || at + n > s.size()) return {bad, 1};
    char32_t c = u & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        auto v = static_cast<unsigned char>(s[at + k]);
        if ((v & 0xC0) != 0x80) return {bad, 1};
        c = (c << 6) | (v & 0x3F);
    }
    bool overlong = (n == 3 && c < 0x800) || (n == 4 && c < 0x10000);
    if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return {bad, 1};
    return {c, n};
}

enum class Kind { space, line_break, apostrophe, drop, other };

bool in(char32_t c, char32_t first, char32_t last) {
    return c >= first && c <= last;
}

template <std::size_t N>
bool one_of(char32_t c, const char32_t (&list)[N]) {
    return std::find(std::begin(list), std::end(list), c) != std::end(list);
}

constexpr char32_t line_breaks[] = {'\n', '\r', 0x85, 0x2028, 0x2029};
// Spaces, and hyphens and dashes: "Fenwick-Hale" is also written "Fenwick Hale".
constexpr char32_t spaces[] = {' ', '\t',   '\v',   '\f',   0xA0,   0x1680, 0x202F, 0x205F, 0x3000,
                               '-', 0x2043, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D};
constexpr char32_t apostrophes[] = {'\'',   '`',    0xB4,   0x2B9,  0x2BB,  0x2BC,  0x2BD,
                                    0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x2035, 0xFF07};
// Soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator, BOM.
constexpr char32_t invisible[] = {0xAD, 0x34F, 0x61C, 0x180E, 0xFEFF};

Kind kind_of(char32_t c) {
    if (c < 0x80 && (c > ' ' && c != '\'' && c != '`' && c != '-')) return Kind::other;
    if (one_of(c, line_breaks)) return Kind::line_break;
    if (one_of(c, spaces)) return Kind::space;
    if (one_of(c, apostrophes)) return Kind::apostrophe;
    if (one_of(c, invisible)) return Kind::drop;
    if (in(c, 0x2000, 0x200A) || in(c, 0x2010, 0x2015)) return Kind::space;
    // Zero-width spaces and joiners, direction marks and isolates, invisible operators.
    if (in(c, 0x200B, 0x200F) || in(c, 0x202A, 0x202E) || in(c, 0x2060, 0x2064) ||
        in(c, 0x2066, 0x206F))
        return Kind::drop;
    // Combining marks (an accent written after its letter) and variation selectors.
    if (in(c, 0x300, 0x36F) || in(c, 0x483, 0x489) || in(c, 0x1AB0, 0x1AFF) ||
        in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF) || in(c, 0xFE00, 0xFE0F) ||
        in(c, 0xFE20, 0xFE2F))
        return Kind::drop;
    return Kind::other;
}

struct Fold {
    char32_t from;
    const char* to;
};

constexpr Fold table[] = {
#include "fold_table.inc"
};

const char* folded_letter(char32_t c) {
    auto it = std::lower_bound(std::begin(table), std::end(table), c,
                               [](const Fold& f, char32_t x) { return f.from < x; });
    return it != std::end(table) && it->from == c ? it->to : nullptr;
}

// Is `c`, in folded text, part of a word: a letter or digit of any script? Punctuation,
// symbols, spaces and bad bytes are not.
bool word_char(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (c == bad || c < 0xC0 || c == 0xD7 || c == 0xF7) return false;
    return !(in(c, 0x2000, 0x2BFF) || in(c, 0x2E00, 0x2E7F) || in(c, 0x3000, 0x303F) ||
             in(c, 0xFE10, 0xFE6F) || in(c, 0xFF00, 0xFF0F) || in(c, 0xFF1A, 0xFF20) ||
             in(c, 0xFF3B, 0xFF40) || in(c, 0xFF5B, 0xFF65) || in(c, 0xFFF0, 0xFFFF) ||
             in(c, 0x1F000, 0x1FBFF));
}

// The character that ends just before `at`.
char32_t before(std::string_view s, std::size_t at) {
    std::size_t start = at - 1;
    while (start > 0 && at - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
        --start;
    auto [c, n] = decode(s, start);
    return start + n == at ? c : bad;
}

}  // namespace

Folded fold_text(std::string_view text, Offsets offsets_wanted) {
    bool offsets = offsets_wanted == Offsets::kept;
    Folded f;
    f.text.reserve(text.size());
    if (offsets) f.from.reserve(text.size());
    auto put = [&](std::string_view s, std::size_t at) {
        f.text += s;
        if (offsets) f.from.insert(f.from.end(), s.size(), at);
    };
    bool gap = false;    // a run of spaces not yet written
    bool broke = false;  // ... holding a line break
    std::size_t gap_at = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto [c, n] = decode(text, i);
        std::size_t at = i;
        i += n;
        Kind kind = kind_of(c);
        if (kind == Kind::drop) continue;
        if (kind == Kind::space || kind == Kind::line_break) {
            if (!gap) gap_at = at;
            gap = true;
            broke = broke || kind == Kind::line_break;
            continue;
        }
        if (c == '#' && broke) continue;  // a comment going on onto the next line
        if (gap) put(" ", gap_at);
        gap = broke = false;
        if (kind == Kind::apostrophe) {
            if (f.text.empty() || f.text.back() != '\'') put("'", at);
        } else if (c < 0x80) {
            char low =
                c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
            put(std::string_view(&low, 1), at);
        } else if (const char* to = folded_letter(c)) {
            put(to, at);
        } else {
            put(text.substr(at, n), at);
        }
    }
    if (gap) put(" ", gap_at);
    return f;
}

std::string fold_name(std::string_view name) {
    std::string folded = fold_text(name).text;
    auto first = folded.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return folded.substr(first, folded.find_last_not_of(' ') - first + 1);
}

namespace {

constexpr std::uint64_t base = 1099511628211ULL;  // any odd number far from a power of two

// Is `needle`, found at `pos` in `folded`, a whole word there?
bool whole_at(std::string_view folded, std::size_t pos, std::string_view needle) {
    std::size_t end = pos + needle.size();
    if (pos > 0 && word_char(decode(needle, 0).first) && word_char(before(folded, pos)))
        return false;
    return end >= folded.size() || !word_char(before(needle, needle.size())) ||
           !word_char(decode(folded, end).first);
}

}  // namespace

std::vector<std::size_t> find_folded(std::string_view folded, std::string_view needle,
                                     Within within) {
    std::vector<std::size_t> hits;
    if (needle.empty()) return hits;
    for (auto pos = folded.find(needle); pos != std::string_view::npos;
         pos = folded.find(needle, pos + 1))
        if (within == Within::anywhere || whole_at(folded, pos, needle)) hits.push_back(pos);
    return hits;
}

void Needles::add(const std::string& needle, Within within) {
    if (needle.empty()) return;
    auto group = std::find_if(groups_.begin(), groups_.end(),
                              [&](const Group& g) { return g.length == needle.size(); });
    if (group == groups_.end()) {
        Group g;
        g.length = needle.size();
        for (std::size_t i = 1; i < g.length; ++i)
            g.power *= base;
        groups_.push_back(std::move(g));
        group = groups_.end() - 1;
    }
    std::uint64_t hash = 0;
    for (char c : needle)
        hash = hash * base + static_cast<unsigned char>(c);
    group->by_hash.emplace(hash, needles_.size());
    group->maybe[hash >> 48] = true;
    needles_.emplace_back(needle, within);
}

bool Needles::in(std::string_view folded) const {
    for (const auto& g : groups_) {
        if (folded.size() < g.length) continue;
        std::uint64_t hash = 0;
        for (std::size_t i = 0; i < g.length; ++i)
            hash = hash * base + static_cast<unsigned char>(folded[i]);
        for (std::size_t pos = 0;; ++pos) {
            auto [first, last] = g.maybe[hash >> 48]
                                     ? g.by_hash.equal_range(hash)
                                     : std::make_pair(g.by_hash.end(), g.by_hash.end());
            for (auto it = first; it != last; ++it) {
                const auto& [needle, within] = needles_[it->second];
                if (folded.compare(pos, needle.size(), needle) == 0 &&
                    (within == Within::anywhere || whole_at(folded, pos, needle)))
                    return true;
            }
            if (pos + g.length >= folded.size()) break;
            hash = (hash - g.power * static_cast<unsigned char>(folded[pos])) * base +
                   static_cast<unsigned char>(folded[pos + g.length]);
        }
    }
    return false;
}

}  // namespace vfi
