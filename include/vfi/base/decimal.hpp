// Figures to one decimal, exactly: from whole numbers, never binary floating point, so 4.25
// shows as 4.3 on every computer and a change of nothing never shows as -0.0.
#pragma once

#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace vfi {

// sum / n in tenths, halves away from zero (4.25 -> 43, -4.25 -> -43); 0 when n is 0.
inline long tenths_of(long sum, long n) {
    if (n <= 0) return 0;
    long twenty = 20 * std::labs(sum);
    long t = (twenty + n) / (2 * n);
    return sum < 0 ? -t : t;
}

// 43 -> "4.3", -7 -> "-0.7".
inline std::string tenths_text(long t) {
    return fmt::format("{}{}.{}", t < 0 ? "-" : "", std::labs(t) / 10, std::labs(t) % 10);
}

// A change, with its sign even when it is none: "+0.4", "+0.0", "-1.2".
inline std::string signed_tenths_text(long t) {
    return (t < 0 ? "" : "+") + tenths_text(t);
}

}  // namespace vfi
