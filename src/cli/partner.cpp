// vfi partner: Lived Experience Partners, from enquiry to alumni.
#include "person.hpp"

namespace vfi::cli {

void add_partner_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("partner",
                                   "Lived Experience Partners: add, list, show, change and forget");
    cmd->require_subcommand(1);
    cmd->footer(examples(
        {"vfi partner add --name \"Amara Okafor\" --region west-midlands --modes online,phone",
         "vfi partner list --available", "vfi partner status P-7KQ2 active"}));
    add_person_commands(*cmd, globals, Kind::partner);
}

}  // namespace vfi::cli
