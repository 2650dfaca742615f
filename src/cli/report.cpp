// vfi report NAME: builds a report in the core and renders it in the format asked for, to
// stdout or -o FILE. Deterministic; silent with -q for cron.
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "context.hpp"
#include "vfi/files.hpp"
#include "vfi/git.hpp"
#include "vfi/reports.hpp"
#include "vfi/text.hpp"

namespace vfi::cli {
namespace {

struct ReportArgs {
    std::string from, to, cohort, output;
};

ReportFormat report_format(const Globals& globals, const std::string& output) {
    std::string name = globals.format;
    if (name.empty() && !output.empty()) {
        std::string ext = lower(std::filesystem::path(output).extension().string());
        name = ext == ".md"                      ? "md"
               : ext == ".csv"                   ? "csv"
               : ext == ".json"                  ? "json"
               : ext == ".html" || ext == ".htm" ? "html"
                                                 : "table";
    }
    if (name.empty() || name == "table") return ReportFormat::table;
    if (name == "md" || name == "markdown") return ReportFormat::md;
    if (name == "csv") return ReportFormat::csv;
    if (name == "json") return ReportFormat::json;
    if (name == "html") return ReportFormat::html;
    throw Error(ExitCode::usage, {}, "--format", fmt::format("'{}' is not a report format", name),
                "use table, md, csv, json or html");
}

// The earliest date in the records: a report with no --from covers everything.
Date earliest(const Programme& p) {
    Date first = Date::today();
    auto take = [&](const std::optional<Date>& d) {
        if (d && *d < first) first = *d;
    };
    for (const auto& s : p.sessions)
        take(s.date);
    for (const auto& m : p.matches)
        take(m.proposed), take(m.started);
    for (const auto& l : p.leaders)
        take(l.enquired);
    for (const auto& x : p.partners)
        take(x.joined), take(x.training_completed);
    return first;
}

void add_report(CLI::App& parent, Globals& globals, const std::string& name,
                const std::string& help, const std::vector<std::string>& example_lines) {
    auto* cmd = parent.add_subcommand(name, help);
    auto a = std::make_shared<ReportArgs>();
    cmd->add_option("--from", a->from,
                    "Start of the period (YYYY-MM-DD; default: the first record)");
    cmd->add_option("--to", a->to, "End of the period, inclusive (YYYY-MM-DD; default: today)");
    cmd->add_option("--cohort", a->cohort, "Only this programme or cohort of leaders");
    cmd->add_option("-o,--output", a->output,
                    "Write to this file (the format follows its extension: .md .csv .json .html)");
    cmd->footer(examples(example_lines));
    cmd->callback([&globals, name, a] {
        ReportFormat format = report_format(globals, a->output);
        RecordStore store = open_store(globals);
        store.load({Kind::partner, Kind::leader, Kind::match, Kind::session, Kind::reflection});
        Programme programme(store);
        ReportScope scope;
        scope.to = date_option(a->to, "--to");
        scope.from = a->from.empty() ? earliest(programme) : date_option(a->from, "--from");
        scope.cohort = a->cohort;
        if (scope.to < scope.from)
            throw Error(ExitCode::usage, {}, "--from", "the period ends before it starts",
                        "give --from before --to");
        if (!scope.cohort.empty() &&
            std::none_of(programme.leaders.begin(), programme.leaders.end(),
                         [&](const Leader& l) { return l.cohort == scope.cohort; }))
            throw Error(ExitCode::usage, {}, "--cohort",
                        fmt::format("no leader is in cohort '{}'", scope.cohort),
                        "see the cohorts with `vfi leader list --fields cohort`");
        Report report = name == "learning"   ? build_learning(store, scope)
                        : name == "equality" ? build_equality(store, scope)
                                             : build_summary(store, programme, scope);
        if (in_git_work_tree(store.root())) report.commit = git_head(store.root());
        std::string text = render_report(report, format);
        if (a->output.empty()) {
            std::cout << text;
            return;
        }
        std::filesystem::path out = std::filesystem::absolute(a->output);
        FileBatch batch(out.parent_path());
        batch.put(out.filename().string(), text);
        batch.commit();
        say(globals, fmt::format("Wrote the {} report to {}.", name, a->output));
    });
}

}  // namespace

void add_report_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand(
        "report",
        "Reports for funders, the board and partners: summary, learning, equality (more to come)");
    cmd->require_subcommand(1);
    cmd->footer(examples({"vfi report summary",
                          "vfi report summary --from 2023-04-01 --to 2024-03-31 -o summary.html"}));
    add_report(
        *cmd, globals, "summary",
        "The Summary Report: partners, leaders, matches, sessions, hours, attendance, waiting "
        "times",
        {"vfi report summary", "vfi report summary --from 2023-04-01 --to 2024-03-31 --format md",
         "vfi report summary --cohort core20plus5-2022 -o summary-2024-q1.html"});
    add_report(*cmd, globals, "learning",
               "The Learning Report: themes, barriers and enablers, what is changing, consented "
               "quotes, scores",
               {"vfi report learning --from 2022-10-01 --to 2023-09-30",
                "vfi report learning -o learning.md"});
    add_report(*cmd, globals, "equality",
               "Reach into overlooked communities, with NHS disclosure control on small counts",
               {"vfi report equality", "vfi report equality -o equality.html"});
}

}  // namespace vfi::cli
