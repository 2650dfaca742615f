#include "vfi/base/money.hpp"

#include <fmt/format.h>

namespace vfi {

std::optional<long> parse_pence(std::string_view t) {
    bool negative = !t.empty() && t.front() == '-';
    if (negative) t.remove_prefix(1);
    auto dot = t.find('.');
    std::string_view whole = t.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? "" : t.substr(dot + 1);
    if (whole.empty() || whole.size() > 9 || frac.size() > 2 ||
        (dot != std::string_view::npos && frac.empty()) ||
        (whole.size() > 1 && whole.front() == '0'))
        return std::nullopt;
    long pence = 0;
    for (char c : whole) {
        if (c < '0' || c > '9') return std::nullopt;
        pence = pence * 10 + (c - '0');
    }
    for (std::size_t i = 0; i < 2; ++i) {
        char c = i < frac.size() ? frac[i] : '0';
        if (c < '0' || c > '9') return std::nullopt;
        pence = pence * 10 + (c - '0');
    }
    return negative ? -pence : pence;
}

std::string money_text(long pence) {
    unsigned long whole =
        pence < 0 ? 0ul - static_cast<unsigned long>(pence) : static_cast<unsigned long>(pence);
    return fmt::format("{}{}.{:02}", pence < 0 ? "-" : "", whole / 100, whole % 100);
}

}  // namespace vfi
