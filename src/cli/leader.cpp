// vfi leader: senior leaders, from enquiry to completed. Its help, and each subcommand's, is
// in help/leader*.md.
#include "person.hpp"

namespace vfi::cli {

void add_leader_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("leader");
    cmd->require_subcommand(1);
    add_person_commands(*cmd, globals, Kind::leader);
}

}  // namespace vfi::cli
