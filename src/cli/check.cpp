// vfi check: validate every record and every rule between records. Silent when clean. Its
// help is help/check.md.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/national.hpp"

namespace vfi::cli {

namespace {

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
    auto* cmd = app.add_subcommand("check");
    cmd->callback([&globals] {
        Format format = chosen_format(globals, Format::table, {Format::table, Format::json});
        RecordStore store = open_here(globals);  // a national directory's own store first
        // A national data directory's check is of every region, as its reports read them.
        bool national = globals.national || !store.settings().regions.empty();
        auto problems =
            national ? check_national(store, Date::today()) : check_programme(store, Date::today());
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
