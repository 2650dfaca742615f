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
    cmd->footer(
        about(
            "Every command that takes an ID also takes a unique start of it (P-7KQ2, or without "
            "the prefix, in any case). Each change is one git commit holding only the files it "
            "changed. A partner's status moves enquiry -> training -> active <-> paused -> alumni "
            "or withdrawn; see `vfi partner status --help`.") +
        cmd->get_footer());
    add_person_commands(*cmd, globals, Kind::partner);
}

}  // namespace vfi::cli
