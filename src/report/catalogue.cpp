#include "vfi/report/catalogue.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/memory.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

Report summary(const RecordStore& s, const Programme& p, const ReportScope& scope,
               const Disclosure& d) {
    return build_summary(s, p, scope, d);
}
Report learning(const RecordStore& s, const Programme& p, const ReportScope& scope,
                const Disclosure& d) {
    return build_learning(s, p, scope, d);
}
Report equality(const RecordStore& s, const Programme& p, const ReportScope& scope,
                const Disclosure& d) {
    return build_equality(s, p, scope, d);
}
Report payments(const RecordStore& s, const Programme& p, const ReportScope& scope,
                const Disclosure&) {
    return build_payments(s, p, scope);
}
Report activity(const RecordStore& s, const Programme& p, const ReportScope& scope,
                const Disclosure&) {
    return build_activity(s, p, scope);
}
Report statement(const RecordStore& s, const Programme& p, const ReportScope& scope,
                 const Disclosure&) {
    return build_statement(s, p, scope);
}

}  // namespace

// The earliest date in the records: a report with no start covers everything.
Date first_record(const Programme& p, const std::optional<Date>& first_reflection,
                  const Date& today) {
    Date first = today;
    auto take = [&](const std::optional<Date>& d) {
        if (d && *d < first) first = *d;
    };
    for (const auto& s : p.sessions)
        take(s.date);
    // The first dated step of a history (a history may begin undated: before it was kept).
    auto begun = [&](const auto& history) {
        for (const auto& step : history.steps)
            if (step.date != Date{}) return take(step.date);
    };
    for (const auto& m : p.matches)
        take(m.proposed), take(m.started), begun(m.history);
    for (const auto& l : p.leaders)
        take(l.enquired), begun(l.history);
    for (const auto& x : p.partners)
        take(x.joined), take(x.training_completed), begun(x.history);
    take(first_reflection);
    return first;
}

ReportScope report_scope(const ReportKind& kind, const ReportAsked& asked, const Date& first) {
    ReportScope scope;
    scope.partner = asked.partner;
    scope.check_limits = asked.check_limits;
    if (asked.tax_year) {
        if (asked.from || asked.to || asked.month)
            throw Error(ExitCode::usage, {}, "tax_year", "--tax-year and --from/--to both given",
                        "give a tax year, or a period with --from and --to, not both");
        scope.from = Date{*asked.tax_year, 4, 6};
        scope.to = Date{*asked.tax_year + 1, 4, 5};
    } else if (kind.for_partner && !asked.from && !asked.to) {
        // A statement without a period is for the tax year so far.
        scope.from = Date{tax_year_of(asked.today), 4, 6};
        scope.to = asked.today;
    } else if (asked.month) {
        if (asked.from || asked.to)
            throw Error(ExitCode::usage, {}, "month", "--month and --from/--to both given",
                        "give a month, or a period with --from and --to, not both");
        std::tie(scope.from, scope.to) = *asked.month;
    } else if (kind.by_month && !asked.from && !asked.to) {
        std::tie(scope.from, scope.to) = month_before(asked.today);
    } else if (kind.by_year_of_months && !asked.from) {
        // Twelve whole months: those before this one, or up to the month of --to. A programme's
        // every month since it began is mostly empty months to scroll past.
        Date last = asked.to ? *asked.to : month_before(asked.today).second;
        Date back{last.year - 1, last.month, 1};
        scope.to = last;
        scope.from = Date::from_days(last_of_month(back).days() + 1);
        // A programme younger than that: from the month of its first record.
        if (Date began{first.year, first.month, 1}; scope.from < began && !(last < began))
            scope.from = began;
    } else {
        scope.to = asked.to.value_or(asked.today);
        // A programme with no records yet begins today: a period ending earlier is empty.
        scope.from = asked.from ? *asked.from : std::min(first, scope.to);
    }
    scope.cohort = asked.cohort;
    scope.began = first;
    // Equality answers and reflections belong to partners and the programme, not to a
    // cohort of leaders.
    if (!scope.cohort.empty() && kind.whole_programme)
        throw Error(
            ExitCode::usage, {}, "cohort",
            fmt::format("the {} report covers the whole programme, not one cohort", kind.name),
            "leave --cohort out");
    if (scope.to < scope.from)
        throw Error(ExitCode::usage, {}, "from", "the period ends before it starts",
                    "give --from before --to");
    return scope;
}

namespace {

ReportScope scope_of(const ReportKind& kind, const Programme& programme,
                     const std::optional<Date>& first_reflection, const ReportAsked& asked) {
    ReportScope scope =
        report_scope(kind, asked, first_record(programme, first_reflection, asked.today));
    if (!scope.cohort.empty() &&
        std::none_of(programme.leaders.begin(), programme.leaders.end(),
                     [&](const Leader& l) { return l.cohort == scope.cohort; }))
        throw Error(ExitCode::usage, {}, "cohort",
                    fmt::format("no leader is in cohort '{}'", scope.cohort),
                    "see the cohorts with `vfi leader list --fields cohort`");
    return scope;
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

}  // namespace

const std::vector<ReportKind>& report_kinds() {
    static const std::vector<ReportKind> kinds = {
        {"summary", false, false, true, false, false, false, summary},
        {"learning", false, false, true, true, false, false, learning},
        {"equality", false, true, true, false, false, false, equality},
        {"payments", true, false, false, false, false, false, payments},
        {"activity", false, false, false, false, false, true, activity},
        {"statement", false, true, false, false, true, false, statement},
    };
    return kinds;
}

const ReportKind* find_report(std::string_view name) {
    for (const auto& k : report_kinds())
        if (k.name == name) return &k;
    return nullptr;
}

std::optional<int> parse_tax_year(std::string_view text) {
    // `2025-26`: four digits, a hyphen, the next year's last two digits.
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year = 0, next = 0;
    for (std::size_t i = 0; i < 7; ++i) {
        if (i == 4) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        (i < 4 ? year : next) = (i < 4 ? year : next) * 10 + (text[i] - '0');
    }
    if (year < 1900 || year > 9998 || next != (year + 1) % 100) return std::nullopt;
    return year;
}

int tax_year_of(const Date& day) {
    return day < Date{day.year, 4, 6} ? day.year - 1 : day.year;
}

std::pair<Date, Date> month_before(const Date& today) {
    Date last = Date::from_days(Date{today.year, today.month, 1}.days() - 1);
    return {Date{last.year, last.month, 1}, last};
}

MadeReport make_report(RecordStore& store, const ReportKind& kind, const ReportAsked& asked) {
    // Every record is kept only in the typed form the reports read, never as a tree;
    // reflections only by the reports that read them whole.
    std::vector<Leader> leaders;
    std::vector<Session> sessions;
    std::vector<Reflection> reflections;
    std::optional<Date> first_reflection;
    auto first = [&](const Date& d) {
        if (!first_reflection || d < *first_reflection) first_reflection = d;
    };
    CheckStream stream =
        keep_in(leaders, sessions, kind.reads_reflections ? &reflections : nullptr);
    if (!kind.reads_reflections) stream.reflection = [&](Reflection&& x) { first(x.date); };
    std::vector<Partner> partners;
    std::vector<Match> matches;
    keep_partners_in(stream, partners, matches);
    MadeReport made;
    made.problems = check_data(store, asked.today, &stream);
    if (!made.problems.empty()) return made;
    // Asked now, before the report is built: what it holds goes before the report needs more.
    if (!store.as_of() && store.git()) store.work_tree();
    for (const auto& x : reflections)
        first(x.date);
    auto kept = std::make_unique<Programme>(store, std::move(leaders), std::move(sessions),
                                            std::move(reflections), std::move(partners),
                                            std::move(matches));
    const Programme& programme = *kept;
    ReportScope scope = scope_of(kind, programme, first_reflection, asked);
    // Only the reports that count people need the key (and, for older data, git).
    Disclosure disclosure = kind.counts_people
                                ? Disclosure(store.settings(), store.root(),
                                             store.as_of() ? store.as_of()->commit() : "HEAD")
                                : Disclosure(DisclosureControl::none, ProgrammeKey{});
    Report& report = made.report = kind.build(store, programme, scope, disclosure);
    if (kind.counts_people && disclosure.controlled() &&
        disclosure.key_source() == ProgrammeKey::Source::none)
        report.warnings.push_back(missing_key_warning());
    if (const Snapshot* past = store.as_of()) {
        report.commit = past->shown();  // read from that commit: nothing uncommitted
        if (!store.erased().purged_by.empty())
            report.warnings.push_back(fmt::format(
                "a person was erased from git history after commit {} (the purge steps of "
                "`vfi forget`, committed in {}): every earlier version of the files that held "
                "their data is gone, so these figures may differ from those published then",
                past->shown(), store.erased().purged_by));
    } else if (const auto& git = store.git()) {
        report.commit = git->head_short;
        report.uncommitted = store.work_tree().uncommitted;
    } else if (looks_like_git_work_tree(store.root())) {
        report.git_unavailable = true;
    }
    if (asked.last) leave_to_exit(std::move(kept));
    return made;
}

}  // namespace vfi
