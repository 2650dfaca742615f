// What `vfi partner forget` / `leader forget` erased, read back from git: the fields each forget
// commit changed in each file. History keeps the old values until it is purged, but vfi never
// shows them again: a record read as it was before a forget (--as-of), and `vfi log`, show
// the values the forget left instead.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vfi/format/kind.hpp"
#include "vfi/yaml/yaml.hpp"

namespace vfi {

struct Erased {
    // file (relative to the data directory) -> the keys to a value (`training`,
    // `assessor_remarks`) -> its value after the forget (nullopt: the forget took it out)
    std::map<std::string, std::map<std::vector<std::string>, std::optional<yaml::Node>>> fields;
    // A forget commit that made files anew: the purge steps' own commit, after git filter-repo
    // took every version of those files out of history. Its short id, or "".
    std::string purged_by;
    bool empty() const { return fields.empty(); }
};

// The forget commits of `range` (`HEAD`, or `C..HEAD`: those after C) in the repository holding
// the data directory at `root`, told by the message vfi gives them (`partner: forget P-…`).
// `prefix`: the data directory's place in a repository with no work tree (a region's copy).
Erased erased_by_forget(const std::filesystem::path& root, const std::string& range,
                        const std::string* prefix = nullptr);

// Everyone whose forget is in the history of `rev`: (partner or leader, id), from the commits'
// messages alone.
std::vector<std::pair<Kind, std::string>> forgotten_in_history(const std::filesystem::path& root,
                                                               const std::string& rev);

// `doc` (the file `file` at some commit) with every field a later forget erased as the forget
// left it.
void apply_erasure(const Erased& erased, const std::string& file, yaml::Node& doc);

}  // namespace vfi
