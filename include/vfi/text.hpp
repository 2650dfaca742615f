// Small string functions shared by the core and the commands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vfi {

std::vector<std::string> split(std::string_view text, char sep);  // trims each part, drops empties
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string trim(std::string_view text);
std::string lower(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);

// Edit distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate nearest to `word`, or "" when none is close enough to suggest.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// `1 row`, `2 rows` (`plural` when it is not `singular` + s).
std::string counted(std::size_t n, std::string_view singular, std::string_view plural = {});

// `a, b or c` for messages.
std::string one_of(const std::vector<std::string>& items);

// Valid UTF-8 (no overlongs, no surrogates)? On failure, `bad_offset` is the first bad byte.
bool valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Display width in terminal columns (counts code points; good enough for Latin text).
std::size_t display_width(std::string_view text);

}  // namespace vfi
