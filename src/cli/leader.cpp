// vfi leader: senior leaders, from enquiry to completed.
#include "person.hpp"

namespace vfi::cli {

void add_leader_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("leader", "Senior leaders: add, list, show, change and forget");
    cmd->require_subcommand(1);
    cmd->footer(
        examples({"vfi leader add --name \"Helen Holloway\" --organisation \"Westvale Council\" "
                  "--status waiting",
                  "vfi leader list --waiting", "vfi leader show L-3BG"}));
    cmd->footer(
        about(
            "Every command that takes an ID also takes a unique start of it (L-3BG, or without the "
            "prefix, in any case). Each change is one git commit holding only the files it "
            "changed. A leader's status moves enquiry -> waiting -> matched -> completed or "
            "withdrawn; see `vfi leader status --help`.") +
        cmd->get_footer());
    add_person_commands(*cmd, globals, Kind::leader);
}

}  // namespace vfi::cli
