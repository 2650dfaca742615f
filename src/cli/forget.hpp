// partner/leader forget: erasing a person's personal data on request, and the steps for
// erasing it from git history too.
#pragma once

#include "context.hpp"

namespace vfi::cli {

void add_forget_command(CLI::App& parent, Globals& globals, Kind kind);

}  // namespace vfi::cli
