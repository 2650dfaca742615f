// Records as JSON for scripts: numbers and booleans typed by the record format, the rest text.
#pragma once

#include <nlohmann/json.hpp>

#include "vfi/format/kind.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

nlohmann::ordered_json record_json(Kind kind, const yaml::Node& doc);

}  // namespace vfi
