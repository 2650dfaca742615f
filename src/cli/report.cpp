// vfi report NAME: builds a report in the core and renders it in the format asked for, to
// stdout or -o FILE. Deterministic; silent with -q for cron. The help of each report is
// help/report-NAME.md.
#include <filesystem>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "completion.hpp"
#include "context.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/render/report.hpp"
#include "vfi/report/builders.hpp"
#include "vfi/report/disclosure.hpp"
#include "vfi/store/files.hpp"
#include "vfi/store/git.hpp"

namespace vfi::cli {
namespace {

struct ReportArgs {
    std::string from, to, cohort, output, month;
};

// `--month 2024-03`: the first and last day of that month.
std::pair<Date, Date> month_option(const std::string& text) {
    auto first = parse_date(text + "-01");
    if (text.size() != 7 || !first)
        throw Error(ExitCode::usage, {}, "--month", fmt::format("'{}' is not a month", text),
                    "give it as YYYY-MM, e.g. --month 2024-03");
    return {*first, last_of_month(*first)};
}

// The calendar month before today's: what a monthly payments run pays.
std::pair<Date, Date> last_month() {
    Date today = Date::today();
    Date last = Date::from_days(Date{today.year, today.month, 1}.days() - 1);
    return {Date{last.year, last.month, 1}, last};
}

ReportFormat report_format(const Globals& globals, const std::string& output) {
    std::string name = globals.format;
    if (name.empty() && !output.empty()) {
        std::string ext = lower(std::filesystem::path(output).extension().string());
        name = ext == ".md"                      ? "md"
               : ext == ".csv"                   ? "csv"
               : ext == ".json"                  ? "json"
               : ext == ".html" || ext == ".htm" ? "html"
               : ext == ".txt"                   ? "table"
                                                 : "";
        if (name.empty())
            throw Error(ExitCode::usage, {}, "--output",
                        fmt::format("vfi cannot tell a report format from '{}'", output),
                        ext == ".pdf" ? "write .html and print it to PDF from a browser"
                                      : "end the name in .txt, .md, .csv, .json or .html, or "
                                        "give --format");
    }
    if (name.empty() || name == "table") return ReportFormat::table;
    if (name == "md" || name == "markdown") return ReportFormat::md;
    if (name == "csv") return ReportFormat::csv;
    if (name == "json") return ReportFormat::json;
    if (name == "html") return ReportFormat::html;
    throw Error(ExitCode::usage, {}, "--format", fmt::format("'{}' is not a report format", name),
                "use table, md, csv, json or html");
}

// A report's figures are only true when every record was read and they agree with each
// other: a record that does not parse, is misnamed or names a match that does not exist would
// silently drop out of them. So a report runs only on data `vfi check` passes; otherwise
// every problem is printed and the report refused.
void require_clean(RecordStore& store, const CheckStream* stream) {
    std::vector<Problem> problems = check_data(store, Date::today(), stream);
    if (problems.empty()) return;
    for (const auto& p : problems)
        std::cerr << p.describe() << "\n";
    throw Error(ExitCode::bad_data, {}, "",
                fmt::format("{} above: a report runs only on data `vfi check` passes, or its "
                            "figures would leave records out",
                            counted(problems.size(), "problem")),
                "fix them, then run the report again");
}

// Without a key (a data directory from before vfi wrote one, outside git), anyone who knows
// how vfi works could recompute the adjustments of published counts.
std::string missing_key_warning() {
    return fmt::format(
        "vfi.yaml has no reports.disclosure_key and the data is not in git, so the small random "
        "adjustments of published counts could be worked out by anyone who knows how vfi makes "
        "them — add this line under `reports:` in vfi.yaml, and keep it the same in every copy "
        "of the data: `  disclosure_key: {}`",
        random_hex_key());
}

// The earliest date in the records: a report with no --from covers everything.
Date earliest(const Programme& p, const std::optional<Date>& first_reflection) {
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
    take(first_reflection);
    return first;
}

CLI::App* add_report(CLI::App& parent, Globals& globals, const std::string& name) {
    auto* cmd = parent.add_subcommand(name);
    auto a = std::make_shared<ReportArgs>();
    bool pays = name == "payments";
    cmd->add_option("--from", a->from,
                    pays ? "Start of the period (YYYY-MM-DD; default: last month's first day)"
                         : "Start of the period (YYYY-MM-DD; default: the first record)");
    cmd->add_option("--to", a->to,
                    pays ? "End of the period, inclusive (YYYY-MM-DD; default: last month's "
                           "last day, or today after --from)"
                         : "End of the period, inclusive (YYYY-MM-DD; default: today)");
    cmd->add_option("--cohort", a->cohort,
                    name == "equality" || name == "learning"
                        ? "Not for this report: it covers the whole programme"
                        : "Only this programme or cohort of leaders");
    complete_files(
        cmd->add_option("-o,--output", a->output,
                        "Write to this file (the format follows its extension: .txt .md .csv .json "
                        ".html)")
            ->type_name("FILE"));
    if (name == "payments") {
        cmd->add_option("--month", a->month,
                        "The month to pay (YYYY-MM; default: last month, unless --from or --to)");
    }
    cmd->callback([&globals, name, a] {
        ReportFormat format = report_format(globals, a->output);
        RecordStore store = open_store(globals);
        // A report is never written over a record, vfi.yaml, or vfi's or git's own files.
        if (!a->output.empty())
            if (auto place = reserved_place(store.root(), a->output); !place.empty())
                throw Error(ExitCode::usage, {}, "--output",
                            fmt::format("{} is in {}, where vfi keeps {}", a->output, place,
                                        place == "vfi.yaml" ? "the programme's settings"
                                        : place == ".vfi/"  ? "its own files"
                                        : place == ".git/"  ? "git's history"
                                                            : "records"),
                            "write the report somewhere else, e.g. -o ~/reports/" +
                                std::filesystem::path(a->output).filename().string() +
                                "; nothing was written");
        // Leaders and sessions are kept only in the typed form the reports read, never as
        // trees; so are reflections, but for the learning report, which reads them whole.
        std::vector<Leader> leaders;
        std::vector<Session> sessions;
        std::optional<Date> first_reflection;
        CheckStream stream;
        stream.leader = [&](const Record& r) { leaders.push_back(to_leader(r)); };
        stream.session = [&](const Record& r) { sessions.push_back(to_session(r)); };
        if (name != "learning")
            stream.reflection = [&](const Record& r) {
                Date d = to_reflection(r).date;
                if (!first_reflection || d < *first_reflection) first_reflection = d;
            };
        require_clean(store, &stream);
        for (const auto& r : store.records(Kind::reflection)) {
            Date d = to_reflection(r).date;
            if (!first_reflection || d < *first_reflection) first_reflection = d;
        }
        Programme programme(store, std::move(leaders), std::move(sessions));
        ReportScope scope;
        if (!a->month.empty()) {
            if (!a->from.empty() || !a->to.empty())
                throw Error(ExitCode::usage, {}, "--month", "--month and --from/--to both given",
                            "give a month, or a period with --from and --to, not both");
            std::tie(scope.from, scope.to) = month_option(a->month);
        } else if (name == "payments" && a->from.empty() && a->to.empty()) {
            std::tie(scope.from, scope.to) = last_month();
        } else {
            scope.to = date_option(a->to, "--to");
            scope.from = a->from.empty() ? earliest(programme, first_reflection)
                                         : date_option(a->from, "--from");
        }
        scope.cohort = a->cohort;
        // Equality answers and reflections belong to partners and the programme, not to a
        // cohort of leaders.
        if (!scope.cohort.empty() && (name == "equality" || name == "learning"))
            throw Error(
                ExitCode::usage, {}, "--cohort",
                fmt::format("the {} report covers the whole programme, not one cohort", name),
                "leave --cohort out");
        if (scope.to < scope.from)
            throw Error(ExitCode::usage, {}, "--from", "the period ends before it starts",
                        "give --from before --to");
        if (!scope.cohort.empty() &&
            std::none_of(programme.leaders.begin(), programme.leaders.end(),
                         [&](const Leader& l) { return l.cohort == scope.cohort; }))
            throw Error(ExitCode::usage, {}, "--cohort",
                        fmt::format("no leader is in cohort '{}'", scope.cohort),
                        "see the cohorts with `vfi leader list --fields cohort`");
        // Only the reports that count people need the key (and, for older data, git).
        bool counts_people = name == "learning" || name == "equality" || name == "summary";
        Disclosure disclosure = counts_people ? Disclosure(store.settings(), store.root())
                                              : Disclosure(DisclosureControl::none, ProgrammeKey{});
        Report report = name == "learning"   ? build_learning(store, scope, disclosure)
                        : name == "equality" ? build_equality(store, scope, disclosure)
                        : name == "payments" ? build_payments(store, programme, scope)
                        : name == "activity" ? build_activity(store, programme, scope)
                                             : build_summary(store, programme, scope, disclosure);
        if (counts_people && disclosure.controlled() &&
            disclosure.key_source() == ProgrammeKey::Source::none)
            report.warnings.push_back(missing_key_warning());
        if (in_git_work_tree(store.root())) {
            report.commit = git_head(store.root());
            report.uncommitted = git_has_changes(store.root());
        } else if (looks_like_git_work_tree(store.root())) {
            report.git_unavailable = true;
        }
        std::string text = render_report(report, format);
        if (a->output.empty()) {
            std::cout << text;
        } else {
            // A file in the data directory is reached from its root without following a
            // link (a `reports` folder that came through git may point anywhere); any other
            // is where the user said.
            std::filesystem::path out = std::filesystem::absolute(a->output).lexically_normal();
            std::filesystem::path inside = out.lexically_relative(store.root());
            bool in_data = !inside.empty() && inside.native().rfind("..", 0) != 0;
            FileBatch batch(in_data ? store.root() : out.parent_path());
            batch.put(in_data ? inside.string() : out.filename().string(), text);
            batch.commit();
            say(globals, fmt::format("Wrote the {} report to {}.", name, a->output));
        }
        // What must be put right first goes where cron and a person both see it.
        for (const auto& w : report.warnings)
            std::cerr << "vfi: warning: " << w << "\n";
        if (!report.warnings.empty()) throw ExitCode::problems;
    });
    return cmd;
}

}  // namespace

void add_report_command(CLI::App& app, Globals& globals) {
    auto* cmd = app.add_subcommand("report");
    cmd->require_subcommand(1);
    for (const char* name : {"summary", "learning", "equality", "payments", "activity"})
        add_report(*cmd, globals, name);
}

}  // namespace vfi::cli
