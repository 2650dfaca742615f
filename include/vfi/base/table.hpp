// Rows and columns: what listings and reports hand to the renderers (vfi/render/table.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vfi {

enum class ColumnType {
    text,
    number,  // written as a number in JSON, right-aligned in a table
    list,    // a cell holds items joined by `list_separator`: an array in JSON and YAML
    money,   // an amount (`62.50`): right-aligned, and an exact decimal string in JSON, never a
             // float
    date,    // `YYYY-MM-DD`: text everywhere but a spreadsheet, where it is a date cell
};

// Is a column of this type right-aligned, as figures are?
inline bool right_aligned(ColumnType type) {
    return type == ColumnType::number || type == ColumnType::money;
}

inline constexpr char list_separator = '\x1f';

struct Table {
    std::vector<std::string> columns;
    std::vector<ColumnType> types;
    std::vector<std::vector<std::string>> rows;

    void add_column(std::string name, ColumnType type = ColumnType::text);
    void add_row(std::vector<std::string> cells);
    static std::string list_cell(const std::vector<std::string>& items);
    static std::vector<std::string> list_items(const std::string& cell);
};

// `12`, `-0.25`, `+3`: a number as a spreadsheet reads one.
bool is_number_text(std::string_view text);
}  // namespace vfi
