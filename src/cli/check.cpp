// vfi check: validate every record and every rule between records. Silent when clean.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/store/git.hpp"

namespace vfi::cli {

void add_check_command(CLI::App& app, Globals& globals) {
    auto* cmd =
        app.add_subcommand("check", "Validate every record and every reference between records");
    cmd->footer(examples({"vfi check", "vfi check --format json | jq '.[].file'",
                          "vfi -C ~/programme check -q || echo 'needs attention'"}));
    cmd->footer(
        about(
            "Reads every record and vfi.yaml. Prints nothing and exits 0 when all is well. "
            "Otherwise prints one line per problem, `file:line:column: field: what is wrong — how "
            "to fix it`, then a count, and exits 1. Nothing is ever changed.\n\n"
            "It checks each record on its own (required fields, types, allowed values, real dates, "
            "the id equal to the file name, YAML that vfi refuses such as duplicate keys, anchors, "
            "git conflict markers or a second document, a misspelt field name) and the rules "
            "between records (references exist, partners within capacity, statuses that agree with "
            "dates, dates in order and not in the future, no personal data left on a record marked "
            "forgotten). --format json gives the problems as a JSON array of objects with file, "
            "line, column, field, message and hint.") +
        cmd->get_footer());
    cmd->callback([&globals] {
        Format format = chosen_format(globals, Format::table, {Format::table, Format::json});
        RecordStore store = open_store(globals);
        // Leaders, sessions and reflections, the largest kinds, are checked a chunk at a time
        // and not kept, so even a national programme is checked in little memory.
        CheckStream stream;
        stream.leader = [](const Record&) {};
        stream.session = [](const Record&) {};
        stream.reflection = [](const Record&) {};
        auto problems = check_data(store, Date::today(), &stream);
        // A record git ignores is never committed, nor shared: `git status` says nothing of it.
        for (const auto& file : git_ignored_records(store.root()))
            problems.push_back(Problem{
                Location{file, 0, 0},
                {},
                "git ignores this file (a pattern in a .gitignore matches it), so it is never "
                "committed or shared",
                fmt::format("find the pattern with `git check-ignore -v {}` and change it, then "
                            "commit the file",
                            file)});
        if (problems.empty()) {
            if (format == Format::json && !globals.quiet) std::cout << "[]\n";  // scripts parse it
            return;
        }
        if (!globals.quiet) {
            if (format == Format::json) {
                Table t;
                for (auto [name, numeric] : {std::pair{"file", false},
                                             {"line", true},
                                             {"column", true},
                                             {"field", false},
                                             {"message", false},
                                             {"hint", false}})
                    t.add_column(name, numeric ? ColumnType::number : ColumnType::text);
                for (const auto& p : problems)
                    t.add_row({p.where.file, p.where.line ? std::to_string(p.where.line) : "",
                               p.where.column ? std::to_string(p.where.column) : "", p.field,
                               p.message, p.hint});
                std::cout << render_json(t);
            } else {
                std::set<std::string> files;
                for (const auto& p : problems) {
                    std::cout << p.describe() << '\n';
                    files.insert(p.where.file);
                }
                std::cout << fmt::format("{} problem{} in {} file{}\n", problems.size(),
                                         problems.size() == 1 ? "" : "s", files.size(),
                                         files.size() == 1 ? "" : "s");
            }
        }
        throw ExitCode::problems;
    });
}

}  // namespace vfi::cli
