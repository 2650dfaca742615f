// Checking one record against the record format, and turning typed-in text into values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "vfi/base/error.hpp"
#include "vfi/format/kind.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

// Numbers and booleans as vfi reads them: decimal only (`010` is refused, never octal).
std::optional<long> parse_integer(std::string_view text);
std::optional<bool> parse_boolean(std::string_view text);  // true/false, yes/no
bool valid_number(std::string_view text);                  // 12, -3, 4.5

// Checks one record: a map, its id equal to `expected_id` (the file name), required fields
// present, every known field of the right type and vocabulary. Unknown keys are allowed
// (kept on rewrite). Appends to `problems`; never throws.
void validate_record(Kind kind, const yaml::Node& root, const std::string& file,
                     std::string_view expected_id, const Vocabularies& vocabularies,
                     std::vector<Problem>& problems);

// Checks one value for a field; `key` is the dotted key used in messages.
void validate_value(const Field& field, const yaml::Node& value, const std::string& key,
                    const std::string& file, const Vocabularies& vocabularies,
                    std::vector<Problem>& problems);

// Text typed on the command line (`--modes online,phone`, `capacity=2`) as a value for the
// field: lists split on commas, empty text means "remove". Does not validate.
yaml::Node value_from_text(const Field& field, std::string_view text);

// The record in vfi's one layout: known keys in the format's order, then unknown keys in
// the order they came; text marked as text; `yes`/`no` written as true/false.
yaml::Node normalise(Kind kind, const yaml::Node& root);

}  // namespace vfi
