// vfi partner: Lived Experience Partners, from enquiry to alumni. Its help, and each
// subcommand's, is in help/partner*.md.
#include "person.hpp"

namespace vfi::cli {

void add_partner_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("partner");
    cmd->require_subcommand(1);
    add_person_commands(*cmd, globals, Kind::partner);
}

}  // namespace vfi::cli
