// Money as whole pence, read and written as pounds and pence (`12.50`): never a float.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vfi {

// `50`, `12.5`, `12.50`, `-3.20` as pence; none for anything else (more than two decimals,
// a sign alone, an amount beyond a billion pounds).
std::optional<long> parse_pence(std::string_view text);
// Pence as pounds and pence: 1234 -> "12.34", -50 -> "-0.50".
std::string money_text(long pence);

}  // namespace vfi
