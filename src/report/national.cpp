#include "vfi/report/national.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/parallel.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/national.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

// One region read: its figures, or why it was left out.
struct RegionFigures {
    std::string name;
    SummaryFigures figures;
    bool read = false;
    bool has_cohort = false;
    Date first;
};

std::string day_of(const std::string& stamp) {
    return stamp.substr(0, 10);
}

// Reads one region at its fetched commit, as `make_report` reads a data directory: every
// record checked first. Returns the problem that leaves it out, or "".
std::string read_region(const RecordStore& national, const NationalRegion& region,
                        const ReportScope& scope, const ReportAsked& asked, RegionFigures& out) {
    const auto& name = region.setting.name;
    if (region.pin.commit.empty())
        return fmt::format(
            "region {} has never been fetched, so it is left out of these "
            "figures — run `vfi fetch`",
            name);
    try {
        RecordStore store(national.root(),
                          RecordStore::Region{name, region.pin.commit, region.setting.path,
                                              region_copy(national.root(), name)});
        std::vector<Leader> leaders;
        std::vector<Session> sessions;
        std::optional<Date> first_reflection;
        // Their number known from the file names, the typed records take no more than they need.
        leaders.reserve(store.ids(Kind::leader).size());
        sessions.reserve(store.ids(Kind::session).size());
        CheckStream stream;
        stream.leader = [&](const Record& r) { leaders.push_back(to_leader(r)); };
        stream.session = [&](const Record& r) { sessions.push_back(to_session(r)); };
        stream.reflection = [&](const Record& r) {
            Date d = to_reflection(r).date;
            if (!first_reflection || d < *first_reflection) first_reflection = d;
        };
        auto problems = check_data(store, asked.today, &stream);
        if (!problems.empty())
            return fmt::format(
                "region {} fails `vfi check` ({} problem{}), so it is left out of these figures "
                "— the region's team must put it right: {}",
                name, problems.size(), problems.size() == 1 ? "" : "s",
                problems.front().describe());
        Programme programme(store, std::move(leaders), std::move(sessions));
        out.first = first_record(programme, first_reflection, asked.today);
        out.has_cohort = std::any_of(programme.leaders.begin(), programme.leaders.end(),
                                     [&](const Leader& l) { return l.cohort == scope.cohort; });
        out.figures = summary_figures(store, programme, scope);
        out.read = true;
        return {};
    } catch (const Error& e) {
        return fmt::format("region {} cannot be read, so it is left out of these figures: {}", name,
                           e.describe());
    }
}

// Where the regions' vocabularies differ: the words some regions have and others lack.
std::vector<std::string> vocabulary_notes(const std::vector<RegionFigures>& regions) {
    std::vector<std::string> notes;
    auto note = [&](const char* what, auto words_of) {
        std::map<std::string, std::vector<std::string>> who;  // word -> regions using it
        std::size_t read = 0;
        for (const auto& r : regions) {
            if (!r.read) continue;
            ++read;
            for (const auto& w : words_of(r.figures))
                who[w].push_back(r.name);
        }
        for (const auto& [w, names] : who)
            if (names.size() < read)
                notes.push_back(fmt::format("'{}' ({}) is only in the vocabulary of {}", w, what,
                                            join(names, ", ")));
    };
    note("why a match ended early", [](const SummaryFigures& f) { return f.end_categories; });
    note("why a session was cancelled",
         [](const SummaryFigures& f) { return f.cancel_categories; });
    if (notes.empty()) return {};
    return {
        "The regions' vocabularies differ, and were merged: each region's records are "
        "counted under its own words. " +
        join(notes, "; ") + "."};
}

std::string total_leaders(const SummaryFigures& f) {
    long n = 0;
    for (const auto& [cohort, row] : f.leaders)
        for (const auto& [status, k] : row)
            n += k;
    return std::to_string(n);
}

std::string attendance_of(const SummaryFigures& f) {
    long seen = f.held + f.no_show;
    return seen == 0 ? "-" : fmt::format("{}%", (f.held * 100 + seen / 2) / seen);
}

// Each region's headline figures, as the region's own report gives them.
ReportTable by_region(const std::vector<RegionFigures>& regions, const SummaryFigures& all) {
    Table t;
    t.add_column("region");
    for (const char* c : {"partners active", "leaders", "matches made", "matches completed",
                          "matches ended early", "sessions held", "hours of coaching"})
        t.add_column(c, ColumnType::number);
    t.add_column("attendance", ColumnType::number);
    auto row = [&](const std::string& name, const SummaryFigures& f) {
        long active = f.partners_by_status.size() > 2 ? f.partners_by_status[2] : 0;
        t.add_row({name, std::to_string(active), total_leaders(f), std::to_string(f.made),
                   std::to_string(f.completed), std::to_string(f.ended), std::to_string(f.held),
                   hours_to_tenth(f.minutes), attendance_of(f)});
    };
    for (const auto& r : regions)
        if (r.read) row(r.name, r.figures);
    row("all regions", all);
    return {"Figures by region", t,
            "Each region's records are read at the commit named below, under its own rules "
            "(vocabularies, rates). A region left out has no row."};
}

// A category table by region: each region's counts through disclosure control on their own,
// as its own report would publish them, never summed from what is shown.
ReportTable categories_by_region(const std::string& title, const std::string& what,
                                 const std::vector<std::string>& categories,
                                 const std::vector<RegionFigures>& regions,
                                 const CategoryCounts SummaryFigures::*counts,
                                 const Disclosure& disclosure) {
    Table t;
    t.add_column("region");
    for (const auto& c : categories)
        t.add_column(c, ColumnType::number);
    t.add_column("not categorised", ColumnType::number);
    for (const auto& r : regions) {
        if (!r.read) continue;
        CategoryCounts named;
        named.add(r.figures.*counts, r.name);
        PublishedCounts published = disclosure.counts("summary", named.population);
        long total = static_cast<long>(named.population.size());
        std::vector<std::string> cells = {r.name};
        for (const auto& c : categories)
            cells.push_back(published.count(title, r.name + " " + c, what, named.of(c), total));
        cells.push_back(
            published.count(title, r.name + " not categorised", what, named.of(""), total));
        t.add_row(cells);
    }
    return {title + ", by region", t, disclosure.note()};
}

ReportSection regions_section(const std::vector<RegionFigures>& regions, const SummaryFigures& all,
                              const Disclosure& disclosure) {
    ReportSection s{"By region", vocabulary_notes(regions), {}, {}};
    s.tables.push_back(by_region(regions, all));
    if (all.ended > 0)
        s.tables.push_back(categories_by_region("Why matches ended early", "matches",
                                                all.end_categories, regions,
                                                &SummaryFigures::why_ended, disclosure));
    if (all.cancelled > 0)
        s.tables.push_back(categories_by_region("Why coaching sessions were cancelled", "sessions",
                                                all.cancel_categories, regions,
                                                &SummaryFigures::why_cancelled, disclosure));
    return s;
}

// The warning for a region whose last fetch failed: its figures are from an older commit.
std::string stale_warning(const NationalRegion& r) {
    return fmt::format(
        "region {} is stale: its figures are from commit {}, fetched on {}, and "
        "fetching it has failed since {} — run `vfi fetch {}` to see why",
        r.setting.name, r.pin.commit.substr(0, 7), day_of(r.pin.fetched), day_of(r.pin.failed),
        r.setting.name);
}

}  // namespace

MadeReport make_national_report(RecordStore& national, const ReportKind& kind,
                                const ReportAsked& asked) {
    if (kind.name != "summary")
        throw Error(ExitCode::usage, {}, "--national",
                    fmt::format("the {} report is not yet made across regions", kind.name),
                    "make `vfi report summary --national`, or this report in each region's own "
                    "data directory");
    std::vector<NationalRegion> listed = national_regions(national);
    MadeReport made;
    Report& report = made.report;
    // A period left open at the start begins at the first record of any region: read from the
    // beginning, then named once every region is read.
    ReportScope scope = report_scope(kind, asked, Date{1, 1, 1});
    std::vector<RegionFigures> regions(listed.size());
    std::vector<std::string> problems(listed.size());
    // Two regions at a time: one reads while the other waits on git, and no more than two
    // regions' records are held at once.
    for_each_index(listed.size(), 2, [&](std::size_t i) {
        regions[i].name = listed[i].setting.name;
        problems[i] = read_region(national, listed[i], scope, asked, regions[i]);
    });
    SummaryFigures all;
    Date first = asked.today;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const NationalRegion& r = listed[i];
        if (!problems[i].empty())
            report.warnings.push_back(problems[i]);
        else if (!r.pin.failed.empty())
            report.warnings.push_back(stale_warning(r));
        if (regions[i].read) {
            all.add(regions[i].figures, r.setting.name);
            first = std::min(first, regions[i].first);
        }
        report.regions.push_back({r.setting.name, r.pin.commit.substr(0, 7), r.pin.fetched,
                                  r.pin.failed, !regions[i].read});
    }
    if (!scope.cohort.empty() && std::none_of(regions.begin(), regions.end(),
                                              [](const RegionFigures& r) { return r.has_cohort; }))
        throw Error(ExitCode::usage, {}, "cohort",
                    fmt::format("no leader of any region is in cohort '{}'", scope.cohort),
                    "see the cohorts in each region with `vfi leader list --fields cohort`");
    if (!asked.from && !asked.month && !asked.tax_year) scope.from = std::min(first, scope.to);
    Disclosure disclosure(national.settings(), national.root(),
                          national.as_of() ? national.as_of()->commit() : "HEAD");
    report = [&] {
        Report r = new_report("summary", "Summary Report", national, scope);
        r.title = "National Summary Report";
        r.warnings = std::move(report.warnings);
        r.regions = std::move(report.regions);
        return r;
    }();
    add_summary(report, all, disclosure);
    report.sections.push_back(regions_section(regions, all, disclosure));
    if (const Snapshot* past = national.as_of()) {
        report.commit = past->shown();
    } else if (in_git_work_tree(national.root())) {
        report.commit = git_head(national.root());
        report.uncommitted = git_has_changes(national.root());
    }
    return made;
}

}  // namespace vfi
