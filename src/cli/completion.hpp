// What a shell may offer after an option or in a positional argument's place, noted by each
// command file as it adds its options, and the scripts `vfi completion bash|zsh|fish` writes
// from the command tree and those notes.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "vfi/format/kind.hpp"

namespace vfi::cli {

struct Completion {
    std::vector<std::string> words;   // offered as they are
    std::vector<std::string> helper;  // else the words `vfi __complete HELPER...` prints
    enum class Special { none, files, dirs } special = Special::none;
};

// Ids of records of these kinds (read from the data directory when completing), and `also`.
void complete_ids(CLI::Option* option, std::vector<Kind> kinds, std::vector<std::string> also = {});
// A list from the vocabularies: built-in lists are written into the script; those vfi.yaml
// may extend are read from the data directory when completing.
void complete_vocabulary(CLI::Option* option, const std::string& list);
void complete_words(CLI::Option* option, std::vector<std::string> words);
void complete_files(CLI::Option* option);
void complete_dirs(CLI::Option* option);
// What was noted for this option, or nullptr.
const Completion* completion_of(const CLI::Option* option);

// The scripts, for the tree under `app` (hidden commands left out).
std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);
std::string fish_completion(const CLI::App& app);

// `vfi completion SHELL` and the hidden `vfi __complete ids|vocabulary ...` it calls.
struct Globals;
void add_completion_command(CLI::App& app, Globals& globals);

// The ID a command works on: required, completed with the ids of `kind`.
void add_id_argument(CLI::App& cmd, std::string& id, Kind kind,
                     const std::string& help = "The id, or enough of its start to be unique");

}  // namespace vfi::cli
