// Setting a record's fields from text typed on the command line (`--modes online,phone`,
// `training.completed=2022-02-09`), each value checked before anything is written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "vfi/format/kind.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

// Sets the dotted `key` of `doc` to `text` (lists split on commas; empty text removes the
// field). `shown` is how the user typed the key (`--status`, `status`) for messages.
// Throws Error(usage) for a key that is not a field of `kind`, Error(bad_data) for a value
// the field cannot hold. `status` and `id` are refused when changing a record (they move
// only by `vfi ... status`, and never), and given when making one; `status` is given when
// repairing a record whose status is not a word of the format (`activ`), to what it meant.
enum class Assigning { change, new_record, repair };
void assign(yaml::Node& doc, Kind kind, std::string_view key, std::string_view text,
            const Vocabularies& vocabularies, const std::string& shown,
            Assigning assigning = Assigning::change);

// `KEY=VALUE` split at the first `=`. Throws Error(usage) without one.
std::pair<std::string, std::string> split_assignment(std::string_view text);

// Every field of `kind` that `set` and `add` accept, dotted (`training.completed`).
std::vector<std::string> settable_keys(Kind kind);

// Throws Error(bad_data) naming the first problem when `doc` is not a valid `kind` record.
void require_valid(Kind kind, const yaml::Node& doc, const std::string& id,
                   const Vocabularies& vocabularies);

}  // namespace vfi
