// Records and tables as JSON for scripts: numbers and booleans typed by the record format (or
// the column's type), the rest text.
#pragma once

#include <nlohmann/json.hpp>

#include "vfi/base/table.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

nlohmann::ordered_json record_json(Kind kind, const yaml::Node& doc);

// An array of objects, keys in column order: a number column's cells as numbers (null when
// empty), a list column's as arrays. What `--format json` prints of a listing, and what a
// document made of several tables holds for each.
nlohmann::ordered_json table_json(const Table& table);

}  // namespace vfi
