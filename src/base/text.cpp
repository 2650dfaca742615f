#include "vfi/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>

#include <fmt/format.h>

namespace vfi {

std::string trim(std::string_view t) {
    auto b = t.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = t.find_last_not_of(" \t\r\n");
    return std::string(t.substr(b, e - b + 1));
}

std::string squash(std::string_view text) {
    std::string out;
    for (char c : lower(text))
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
    return out;
}

std::vector<std::string> split(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(sep, start);
        if (end == std::string_view::npos) end = text.size();
        auto part = trim(text.substr(start, end - start));
        if (!part.empty()) out.push_back(std::move(part));
        start = end + 1;
    }
    return out;
}

std::vector<std::string> split_exact(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(sep, start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i) out += sep;
        out += parts[i];
    }
    return out;
}

std::string lower(std::string_view t) {
    std::string out(t);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        if (!word.empty() && starts_with(c, word) && word.size() >= 2) return c;
        auto d = edit_distance(lower(word), c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

std::string counted(std::size_t n, std::string_view singular, std::string_view plural) {
    std::string word(n == 1           ? singular
                     : plural.empty() ? std::string(singular) + "s"
                                      : std::string(plural));
    return std::to_string(n) + " " + word;
}

std::string one_of(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

bool valid_utf8(std::string_view s, std::size_t* bad_offset) {
    std::size_t i = 0;
    auto fail = [&] {
        if (bad_offset) *bad_offset = i;
        return false;
    };
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return fail();
        }
        if (i + static_cast<std::size_t>(len) > s.size()) return fail();
        for (int k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80) return fail();
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return fail();
        i += static_cast<std::size_t>(len);
    }
    return true;
}

namespace {

// Code points a terminal shows as nothing, or that reorder the text around them.
bool invisible_or_bidi(unsigned cp) {
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x034F || cp == 0x061C ||
           cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 ||
           (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
           (cp >= 0xFFF9 && cp <= 0xFFFB) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
           (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

// The length of the UTF-8 sequence starting at `i` and its code point; 0 when invalid.
std::size_t utf8_at(std::string_view s, std::size_t i, unsigned& cp) {
    std::size_t bad = 0;
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80             ? 1
                      : (c & 0xE0) == 0xC0 ? 2
                      : (c & 0xF0) == 0xE0 ? 3
                      : (c & 0xF8) == 0xF0 ? 4
                                           : 0;
    if (len == 0 || i + len > s.size() || !valid_utf8(s.substr(i, len), &bad)) return 0;
    cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (std::size_t k = 1; k < len; ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    return len;
}

}  // namespace

std::string visible_controls(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        // The only escapes vfi writes itself: bold on and off, for a table's header.
        if (c == 0x1B && (s.substr(i, 4) == "\033[1m" || s.substr(i, 4) == "\033[0m")) {
            out += s.substr(i, 4);
            i += 4;
            continue;
        }
        if (c < 0x20 && c != '\n' && c != '\t') {
            out += '^';
            out += static_cast<char>(c + 64);
            ++i;
            continue;
        }
        if (c == 0x7F) {
            out += "^?";
            ++i;
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        unsigned cp = 0;
        std::size_t len = utf8_at(s, i, cp);
        if (len == 0) {
            out += fmt::format("\\x{:02X}", c);
            ++i;
        } else if (invisible_or_bidi(cp)) {
            out += fmt::format("<U+{:04X}>", cp);
            i += len;
        } else {
            out += s.substr(i, len);
            i += len;
        }
    }
    return out;
}

std::size_t incomplete_tail(std::string_view s) {
    // An escape vfi writes (`\033[1m`) cut short.
    for (std::size_t k = 1; k <= 3 && k <= s.size(); ++k) {
        auto tail = s.substr(s.size() - k);
        if (tail[0] == '\033' && (std::string_view("\033[1m").substr(0, k) == tail ||
                                  std::string_view("\033[0m").substr(0, k) == tail))
            return k;
    }
    // A UTF-8 sequence cut short: a lead byte with fewer continuation bytes than it needs.
    for (std::size_t k = 1; k <= 3 && k <= s.size(); ++k) {
        auto c = static_cast<unsigned char>(s[s.size() - k]);
        if ((c & 0xC0) == 0x80) continue;
        std::size_t need = (c & 0xE0) == 0xC0   ? 2
                           : (c & 0xF0) == 0xE0 ? 3
                           : (c & 0xF8) == 0xF0 ? 4
                                                : 1;
        return need > k ? k : 0;
    }
    return 0;
}

namespace {

struct CodeRange {
    unsigned first, last;
};

#include "width_table.inc"

template <std::size_t N>
bool in(const CodeRange (&table)[N], unsigned cp) {
    // The first range that ends at or after `cp`: `cp` is in it when it starts at or before.
    auto it = std::lower_bound(std::begin(table), std::end(table), cp,
                               [](const CodeRange& r, unsigned c) { return r.last < c; });
    return it != std::end(table) && it->first <= cp;
}

// The columns a terminal gives one printable code point, as wcwidth() in a UTF-8 locale.
std::size_t columns(unsigned cp) {
    if (cp < 0x300) return 1;  // ASCII and Latin-1: the common case, without a search
    if (in(zero_width, cp)) return 0;
    return in(double_width, cp) ? 2 : 1;
}

}  // namespace

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        // A byte below 0x80 is a column of its own, printable or not: most text is all such.
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++n, ++i;
            continue;
        }
        unsigned cp = 0;
        std::size_t len = utf8_at(s, i, cp);
        // A byte that is not UTF-8, or a control character (wcwidth says -1), counts one.
        n += len == 0 ? 1 : columns(cp);
        i += len == 0 ? 1 : len;
    }
    return n;
}

std::string escape_html(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace vfi
