// The subcommands partners and leaders share: add, list, show, set, edit, status, import,
// forget, remove. partner.cpp and leader.cpp add them under their own command.
#pragma once

#include "context.hpp"

namespace vfi::cli {

void add_person_commands(CLI::App& command, Globals& globals, Kind kind);

}  // namespace vfi::cli
