// vfi log: a record's history in plain words, or the whole programme's. Its help is
// help/log.md.
#include <iostream>
#include <memory>

#include "context.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/history.hpp"

namespace vfi::cli {

void add_log_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("log");
    auto asked = std::make_shared<LogAsked>();
    auto fields = std::make_shared<std::string>();
    auto since = std::make_shared<std::string>();
    cmd->add_option("ID", asked->id,
                    "The record (a partner, leader, match, session, reflection "
                    "or payment run); none for the whole programme")
        ->type_name("ID");
    list_option(cmd->add_option("--fields", *fields,
                                "Only these fields (comma-separated); confidential ones show "
                                "their values only when named here"));
    cmd->add_option("--since", *since, "Only changes committed on or after this day")
        ->type_name("DATE");
    cmd->callback([&globals, asked, fields, since] {
        Format format = chosen_format(globals, Format::table);
        asked->fields = split(*fields, ',');
        if (!since->empty()) asked->since = date_option(*since, "--since");
        RecordStore store = open_store(globals);
        auto rows = record_log(store, *asked);
        if (!globals.quiet && (!rows.empty() || format == Format::json))
            std::cout << render(log_table(rows, asked->id.empty()), format, use_colour(globals));
    });
}

}  // namespace vfi::cli
