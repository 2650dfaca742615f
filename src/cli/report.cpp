// vfi report NAME: builds a report in the core and renders it in the format asked for, to
// stdout or -o FILE. Deterministic; silent with -q for cron. The help of each report is
// help/report-NAME.md.
#include <unistd.h>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "option_errors.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/render/report.hpp"
#include "vfi/report/catalogue.hpp"
#include "vfi/report/compare.hpp"
#include "vfi/report/disclosure.hpp"
#include "vfi/report/national.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"

namespace vfi::cli {
namespace {

struct ReportArgs {
    std::string from, to, cohort, output, month, partner, tax_year, compare_to;
    bool check_limits = false;
};

ReportFormat report_format(const Globals& globals, const std::string& output) {
    std::string name = globals.format;
    if (name.empty() && !output.empty()) {
        std::string ext = lower(std::filesystem::path(output).extension().string());
        name = ext == ".md"                      ? "md"
               : ext == ".csv"                   ? "csv"
               : ext == ".json"                  ? "json"
               : ext == ".html" || ext == ".htm" ? "html"
               : ext == ".xlsx"                  ? "xlsx"
               : ext == ".txt"                   ? "table"
                                                 : "";
        if (name.empty())
            throw Error(ExitCode::usage, {}, "--output",
                        fmt::format("vfi cannot tell a report format from '{}'", output),
                        ext == ".pdf" ? "write .html and print it to PDF from a browser"
                                      : "end the name in .txt, .md, .csv, .json, .html or "
                                        ".xlsx, or give --format");
    }
    if (name.empty() || name == "table") return ReportFormat::table;
    if (name == "md" || name == "markdown") return ReportFormat::md;
    if (name == "csv") return ReportFormat::csv;
    if (name == "json") return ReportFormat::json;
    if (name == "html") return ReportFormat::html;
    if (name == "xlsx") {
        // A workbook is a zip file: to a file or a pipe, never onto a terminal.
        if (output.empty() && isatty(STDOUT_FILENO))
            throw Error(ExitCode::usage, {}, "--format",
                        "an Excel workbook cannot be shown in a terminal",
                        "write it to a file, e.g. -o payments.xlsx");
        return ReportFormat::xlsx;
    }
    throw Error(ExitCode::usage, {}, "--format", fmt::format("'{}' is not a report format", name),
                "use table, md, csv, json, html or xlsx");
}

// The options a report's errors name, as the fields the core calls them.
const OptionNames report_options = {
    {"month", "--month"},   {"from", "--from"},         {"to", "--to"},
    {"cohort", "--cohort"}, {"tax_year", "--tax-year"}, {"partner", "PARTNER"}};

void add_period_options(CLI::App* cmd, ReportArgs& a, const ReportKind& kind) {
    if (kind.for_partner) {
        complete_ids(cmd->add_option("PARTNER", a.partner, "The partner's id (P-...)")->required(),
                     {Kind::partner});
        cmd->add_option("--tax-year", a.tax_year,
                        "A UK tax year, 6 April to 5 April: 2025-26 (default: this tax year so "
                        "far, unless --from or --to)")
            ->type_name("YYYY-YY");
    }
    cmd->add_option(
        "--from", a.from,
        kind.by_month      ? "Start of the period (YYYY-MM-DD; default: last month's first day)"
        : kind.for_partner ? "Start of the period (YYYY-MM-DD)"
                           : "Start of the period (YYYY-MM-DD; default: the first record)");
    cmd->add_option("--to", a.to,
                    kind.by_month ? "End of the period, inclusive (YYYY-MM-DD; default: last "
                                    "month's last day, or today after --from)"
                                  : "End of the period, inclusive (YYYY-MM-DD; default: today)");
    if (!kind.for_partner)
        cmd->add_option("--cohort", a.cohort,
                        kind.whole_programme ? "Not for this report: it covers the whole programme"
                                             : "Only this programme or cohort of leaders");
    cmd->add_option("--compare-to", a.compare_to,
                    "Show each figure as the records at this commit (or on this day) gave it and "
                    "as they give it now, with the changes to records made since")
        ->type_name("COMMIT|DATE");
    complete_files(cmd->add_option("-o,--output", a.output,
                                   "Write to this file (the format follows its extension: .txt "
                                   ".md .csv .json .html .xlsx)")
                       ->type_name("FILE"));
    if (kind.by_month) {
        cmd->add_option("--month", a.month,
                        "The month to pay (YYYY-MM; default: last month, unless --from or --to)");
        cmd->add_flag("--check-limits", a.check_limits,
                      "Exit 1 if any week of the period would take a partner over the weekly "
                      "limit on earnings they declared (each is named)");
    }
}

// A report is never written over a record, vfi.yaml, or vfi's or git's own files.
void refuse_reserved_output(const RecordStore& store, const std::string& output) {
    if (output.empty()) return;
    auto place = reserved_place(store.root(), output);
    if (place.empty()) return;
    throw Error(ExitCode::usage, {}, "--output",
                fmt::format("{} is in {}, where vfi keeps {}", output, place,
                            place == "vfi.yaml" ? "the programme's settings"
                            : place == ".gitignore" || place == ".gitattributes"
                                ? "git's rules for the data"
                            : place == ".vfi/"     ? "its own files"
                            : place == ".git/"     ? "git's history"
                            : place == "receipts/" ? "the receipts of expenses claimed"
                                                   : "records"),
                "write the report somewhere else, e.g. -o ~/reports/" +
                    std::filesystem::path(output).filename().string() + "; nothing was written");
}

ReportAsked asked_for(const ReportArgs& a) {
    ReportAsked asked;
    asked.today = Date::today();
    if (!a.month.empty()) asked.month = month_option(a.month);
    if (!a.from.empty()) asked.from = date_option(a.from, "--from");
    if (!a.to.empty()) asked.to = date_option(a.to, "--to");
    asked.cohort = a.cohort;
    asked.partner = a.partner;
    asked.check_limits = a.check_limits;
    if (!a.tax_year.empty()) {
        asked.tax_year = parse_tax_year(a.tax_year);
        if (!asked.tax_year)
            throw Error(ExitCode::usage, {}, "--tax-year",
                        fmt::format("'{}' is not a tax year", a.tax_year),
                        "give the years it spans, e.g. --tax-year 2025-26 for 6 April 2025 to "
                        "5 April 2026");
    }
    return asked;
}

void write_report(const Globals& globals, const RecordStore& store, const Report& report,
                  const std::string& text, const std::string& output) {
    if (output.empty()) {
        std::cout << text;
    } else {
        // A file in the data directory is reached from its root without following a link
        // (a `reports` folder that came through git may point anywhere); any other is where
        // the user said.
        std::filesystem::path out = std::filesystem::absolute(output).lexically_normal();
        std::filesystem::path inside = out.lexically_relative(store.root());
        bool in_data = !inside.empty() && inside.native().rfind("..", 0) != 0;
        FileBatch batch(in_data ? store.root() : out.parent_path());
        batch.put(in_data ? inside.string() : out.filename().string(), text);
        batch.commit();
        say(globals, fmt::format("Wrote the {} report to {}.", report.name, output));
    }
    // What must be put right first goes where cron and a person both see it.
    for (const auto& w : report.warnings)
        std::cerr << "vfi: warning: " << w << "\n";
    if (!report.warnings.empty()) throw ExitCode::problems;
}

void add_report(CLI::App& parent, Globals& globals, const ReportKind& kind) {
    auto* cmd = parent.add_subcommand(std::string(kind.name));
    auto a = std::make_shared<ReportArgs>();
    add_period_options(cmd, *a, kind);
    cmd->callback([&globals, &kind, a] {
        ReportFormat format = report_format(globals, a->output);
        RecordStore store = open_here(globals);  // a national directory's own store first
        refuse_reserved_output(store, a->output);
        ReportAsked asked = asked_for(*a);
        // A data directory that lists regions is a national one: its reports are national.
        bool national = globals.national || !store.settings().regions.empty();
        if (national && !a->compare_to.empty())
            throw Error(ExitCode::usage, {}, "--compare-to",
                        "a national report cannot yet be compared with an earlier commit",
                        "make the national report --as-of each commit and compare them, or "
                        "compare each region's own report");
        MadeReport made = naming_options(report_options, [&] {
            if (national) return make_national_report(store, kind, asked);
            if (!a->compare_to.empty()) return make_comparison(store, kind, asked, a->compare_to);
            asked.last = true;  // the command's one report
            return make_report(store, kind, asked);
        });
        refuse_problems(made.problems, "a report", "the report");
        write_report(globals, store, made.report, render_report(made.report, format), a->output);
    });
}

}  // namespace

void add_report_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("report");
    cmd->require_subcommand(1);
    for (const auto& kind : report_kinds())
        add_report(*cmd, globals, kind);
}

}  // namespace vfi::cli
