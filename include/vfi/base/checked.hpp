// Arithmetic on money and minutes that can never wrap round: a sum or product out of range is
// an Error (bad data) naming what to check, never a wrong figure. (vfi.yaml bounds the rates
// and records bound the minutes, so this only ever fires on data beyond them.)
#pragma once

#include "vfi/base/error.hpp"

namespace vfi {

[[noreturn]] inline void too_large() {
    throw Error(ExitCode::bad_data, "a total of money or minutes is too large to count",
                "check the rates under payments in vfi.yaml and the minutes of the sessions");
}

inline long checked_add(long a, long b) {
    long out = 0;
    if (__builtin_add_overflow(a, b, &out)) too_large();
    return out;
}

inline long checked_mul(long a, long b) {
    long out = 0;
    if (__builtin_mul_overflow(a, b, &out)) too_large();
    return out;
}

}  // namespace vfi
