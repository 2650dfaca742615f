// Rows and columns, and the renderers every listing shares: a terminal table, YAML, JSON
// (nlohmann/json) and CSV (RFC 4180).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vfi {

enum class Format { table, yaml, json, csv };

std::optional<Format> format_from_name(std::string_view name);
std::vector<std::string> format_names();

enum class ColumnType {
    text,
    number,  // written as a number in JSON, right-aligned in a table
    list,    // a cell holds items joined by `list_separator`: an array in JSON and YAML
};

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
// One CSV cell (RFC 4180 quoting), neutralised against formula injection: a cell starting with
// = + - @, a tab or a carriage return that is not a number gets a leading `'` (OWASP).
std::string csv_cell(std::string_view text);

std::string render_table(const Table& table, bool colour);
std::string render_csv(const Table& table);
std::string render_json(const Table& table);  // an array of objects, keys in column order
std::string render_yaml(const Table& table);  // a list of maps
std::string render(const Table& table, Format format, bool colour);

}  // namespace vfi
