// vfi check: validate every record and every rule between records. Silent when clean.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/ops/check.hpp"

namespace vfi::cli {

namespace {

const char* const check_about =
    "Reads every record and vfi.yaml. Prints nothing and exits 0 when all is well. Otherwise "
    "prints one line per problem, `file:line:column: field: what is wrong — how to fix it`, then "
    "a count, and exits 1. Nothing is ever changed.\n\n"
    "It checks each record on its own (required fields, types, allowed values, real dates, the id "
    "equal to the file name, YAML that vfi refuses such as duplicate keys, anchors, git conflict "
    "markers or a second document, a misspelt field name) and the rules between records "
    "(references exist, partners within capacity, statuses that agree with dates, dates in order "
    "and not in the future, no personal data left on a record marked forgotten). --format json "
    "gives the problems as a JSON array of objects with file, line, column, field, message and "
    "hint.";

// The problems as a JSON array of objects, one per problem, for scripts.
std::string problems_json(const std::vector<Problem>& problems) {
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
                   p.where.column ? std::to_string(p.where.column) : "", p.field, p.message,
                   p.hint});
    return render_json(t);
}

// One line per problem, then how many problems in how many files.
std::string problems_text(const std::vector<Problem>& problems) {
    std::string out;
    std::set<std::string> files;
    for (const auto& p : problems) {
        out += p.describe() + '\n';
        files.insert(p.where.file);
    }
    return out + fmt::format("{} problem{} in {} file{}\n", problems.size(),
                             problems.size() == 1 ? "" : "s", files.size(),
                             files.size() == 1 ? "" : "s");
}

}  // namespace

void add_check_command(CLI::App& app, Globals& globals) {
    auto* cmd =
        app.add_subcommand("check", "Validate every record and every reference between records");
    cmd->footer(examples({"vfi check", "vfi check --format json | jq '.[].file'",
                          "vfi -C ~/programme check -q || echo 'needs attention'"}));
    cmd->footer(about(check_about) + cmd->get_footer());
    cmd->callback([&globals] {
        Format format = chosen_format(globals, Format::table, {Format::table, Format::json});
        RecordStore store = open_store(globals);
        auto problems = check_programme(store, Date::today());
        if (problems.empty()) {
            if (format == Format::json && !globals.quiet) std::cout << "[]\n";  // scripts parse it
            return;
        }
        if (!globals.quiet)
            std::cout << (format == Format::json ? problems_json(problems)
                                                 : problems_text(problems));
        throw ExitCode::problems;
    });
}

}  // namespace vfi::cli
