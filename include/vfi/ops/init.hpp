// Creating a data directory: vfi.yaml, the record folders, .gitignore, and the first commit.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace vfi {

struct InitOptions {
    std::string programme = "Voices for Improvement";
    std::string organisation;
    bool git = true;  // `git init` when not already inside a work tree, and commit
};

struct InitResult {
    std::vector<std::string> files;  // created, relative to the directory
    bool git_initialised = false;    // a new repository was made
    bool committed = false;
};

// Throws Error(refused) when `dir` already holds vfi.yaml.
InitResult init_data_directory(const std::filesystem::path& dir, const InitOptions& options);

}  // namespace vfi
