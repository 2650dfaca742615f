// Numbers and texts as bytes and back, for vfi's own files in `.vfi/cache`: a number in 7-bit
// groups (small numbers take one byte), a text as its length then its bytes. Reading never
// goes past the end: a short or torn input only makes the reader not ok().
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vfi::bytes {

inline void put_number(std::string& out, unsigned long long n) {
    do {
        unsigned char byte = n & 0x7f;
        n >>= 7;
        out += static_cast<char>(n ? byte | 0x80 : byte);
    } while (n);
}

inline void put_text(std::string& out, std::string_view s) {
    put_number(out, s.size());
    out += s;
}

struct Reader {
    std::string_view in;
    bool ok = true;

    unsigned long long number() {
        unsigned long long n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (in.empty()) break;
            auto byte = static_cast<unsigned char>(in.front());
            in.remove_prefix(1);
            n |= static_cast<unsigned long long>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return n;
        }
        ok = false;
        return 0;
    }
    std::string_view text() {
        auto n = number();
        if (!ok || n > in.size()) {
            ok = false;
            return {};
        }
        auto s = in.substr(0, n);
        in.remove_prefix(n);
        return s;
    }
    // A count of things each at least one byte long: never more than the bytes left.
    std::size_t count() {
        auto n = number();
        if (n > in.size()) ok = false;
        return ok ? static_cast<std::size_t>(n) : 0;
    }
    // Whole and used up.
    bool done() const { return ok && in.empty(); }
};

}  // namespace vfi::bytes
