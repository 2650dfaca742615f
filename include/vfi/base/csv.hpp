// Reading the CSV a spreadsheet saves: RFC 4180 quoting, a UTF-8 byte order mark, Windows
// line ends, blank lines and rows of empty cells (`,,,,`, skipped wherever they are), and `;`
// as the separator when the header has no commas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vfi {

struct CsvRow {
    int line = 0;  // where the row starts in the file, 1-based
    std::vector<std::string> cells;
};

// Throws Error(bad_data) naming the line of an unclosed quote or invalid UTF-8.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file);

// A column heading or field name as a key to compare them by, case, spaces and punctuation
// forgiven: `Date Joined ` -> `date_joined`; `training.completed` -> `training_completed`.
std::string column_key(std::string_view text);

}  // namespace vfi
