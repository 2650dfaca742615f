// The renderers every listing shares: a terminal table, YAML, JSON (nlohmann/json) and CSV
// (RFC 4180).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/base/table.hpp"

namespace vfi {

enum class Format { table, yaml, json, csv };

std::optional<Format> format_from_name(std::string_view name);
std::vector<std::string> format_names();

// One CSV cell (RFC 4180 quoting), neutralised against formula injection: a cell starting with
// = + - @, a tab or a carriage return that is not a number gets a leading `'` (OWASP).
std::string csv_cell(std::string_view text);

// Whether a terminal table's header is in bold: only on a terminal that wants colour.
enum class Colour { off, on };

std::string render_table(const Table& table, Colour colour);
std::string render_csv(const Table& table);
std::string render_json(const Table& table);  // an array of objects, keys in column order
std::string render_yaml(const Table& table);  // a list of maps
std::string render(const Table& table, Format format, Colour colour);

}  // namespace vfi
