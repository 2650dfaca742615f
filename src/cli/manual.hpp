// The man pages, written from the command tree (see manual.cpp).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <utility>
#include <vector>

namespace vfi::cli {

// Each page's file name (`vfi-partner.1`) and roff text: vfi(1), then one per command.
std::vector<std::pair<std::string, std::string>> man_pages(const CLI::App& root);
// The hidden `vfi __man DIR`, which writes them.
void add_manual_command(CLI::App& app);

}  // namespace vfi::cli
