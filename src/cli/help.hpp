// Each command's help: its page in src/cli/help/ (help_page.hpp says how one is written), read
// into vfi at build time. --help and the man pages (manual.cpp) are written from it, so they
// never disagree, and it gives each command of the tree its description (which every list of
// commands shows); only each option's own short help is in the code.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

#include "help_page.hpp"

namespace vfi::cli {

// The page of the command `path` ("partner add"; "" for vfi itself); a command without one is
// a bug in vfi (std::logic_error).
const CommandHelp& help_for(std::string_view path);
// What --help prints after the options: the paragraphs wrapped to 80 columns, then an
// `Example:` block.
std::string help_footer(const CommandHelp& help);
// The path help_for takes for a command of the tree: "partner add", "" for the root.
std::string command_path(const CLI::App& command);
// Gives `root` and every command under it (but the hidden helpers) the description and footer
// of its page; throws std::logic_error for a command that has none.
void apply_help(CLI::App& root);

}  // namespace vfi::cli
