#include "vfi/report/national.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "vfi/base/parallel.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/national.hpp"
#include "vfi/report/stack.hpp"
#include "vfi/store/git.hpp"

namespace vfi {
namespace {

// One region read: what the report takes from it, or why it was left out.
struct RegionFigures {
    std::string name;
    bool wanted = true;             // a statement reads only its partner's region
    bool keep_reflections = false;  // the Learning Report reads them whole
    bool read = false;
    bool has_cohort = false;
    Date first;
    std::string commit_day;             // the day of the commit read (UTC)
    std::string why;                    // why it was left out, in plain words (no record's content)
    ProgrammeKey key;                   // the region's own, so its cells read as in its own reports
    SummaryFigures figures;             // summary
    std::vector<ActivityMonth> months;  // activity
    EqualityFigures equality;           // equality
    LearningFigures learning;           // learning
    std::optional<Report> report;       // payments, statement: the region's own
};

// What a report takes from one region read, its records checked: called with the region's
// store, its programme and its first record's date; fills its own slot (regions are read two
// at a time).
using Gather =
    std::function<void(const RecordStore&, const Programme&, const Date&, RegionFigures&)>;

std::string day_of(const std::string& stamp) {
    return stamp.substr(0, 10);
}

// The key a region's own reports draw their adjustments from: its vfi.yaml's, else its first
// commit's id (as a data directory from before vfi wrote a key).
ProgrammeKey region_key(const Settings& settings, const std::filesystem::path& copy,
                        const std::string& commit) {
    if (auto key = parse_secret_key(settings.disclosure_key))
        return {*key, ProgrammeKey::Source::settings};
    if (auto key = parse_secret_key(git_root_commit(copy, commit).substr(0, 32)))
        return {*key, ProgrammeKey::Source::root_commit};
    return {};
}

// Reads one region at its fetched commit, as `make_report` reads a data directory: every
// record checked first. Returns the problem that leaves it out, or "".
std::string read_region(const RecordStore& national, const NationalRegion& region,
                        const ReportScope& scope, const ReportAsked& asked, const Gather& gather,
                        RegionFigures& out) {
    const auto& name = region.setting.name;
    std::string at = region.pin.commit.substr(0, 7);
    if (region.pin.commit.empty()) {
        Unfetched u = never_fetched(region);
        out.why = fmt::format("it {} ({})", u.why, u.fix);
        return fmt::format("region {} {}, so it is left out of these figures — {}", name, u.why,
                           u.fix);
    }
    try {
        RecordStore store(national.root(),
                          RecordStore::Region{name, region.pin.commit, region.setting.path,
                                              region_copy(national.root(), name)});
        std::vector<Leader> leaders;
        std::vector<Session> sessions;
        std::vector<Reflection> reflections;
        std::optional<Date> first_reflection;
        // Their number known from the file names, the typed records take no more than they need.
        leaders.reserve(store.ids(Kind::leader).size());
        sessions.reserve(store.ids(Kind::session).size());
        if (out.keep_reflections) reflections.reserve(store.ids(Kind::reflection).size());
        CheckStream stream =
            keep_in(leaders, sessions, out.keep_reflections ? &reflections : nullptr);
        std::vector<Partner> partners;
        std::vector<Match> matches;
        keep_partners_in(stream, partners, matches);
        if (!out.keep_reflections)
            stream.reflection = [&](Reflection&& x) {
                Date d = x.date;
                if (!first_reflection || d < *first_reflection) first_reflection = d;
            };
        auto problems = check_data(store, asked.today, &stream);
        if (!problems.empty()) {
            out.why = fmt::format(
                "its data at commit {} fails `vfi check` ({} problem{}): its "
                "team must put it right",
                at, problems.size(), problems.size() == 1 ? "" : "s");
            return fmt::format(
                "region {} fails `vfi check` ({} problem{}), so it is left out of these figures "
                "— the region's team must put it right: {}",
                name, problems.size(), problems.size() == 1 ? "" : "s",
                problems.front().describe());
        }
        for (const auto& x : reflections)
            if (!first_reflection || x.date < *first_reflection) first_reflection = x.date;
        Programme programme(store, std::move(leaders), std::move(sessions), std::move(reflections),
                            std::move(partners), std::move(matches));
        out.first = first_record(programme, first_reflection, asked.today);
        out.has_cohort = std::any_of(programme.leaders.begin(), programme.leaders.end(),
                                     [&](const Leader& l) { return l.cohort == scope.cohort; });
        out.commit_day = store.as_of()->day().str();
        out.key =
            region_key(store.settings(), region_copy(national.root(), name), region.pin.commit);
        out.read = true;  // from here, an error is the report's own, not the region's
        gather(store, programme, out.first, out);
        return {};
    } catch (const Error& e) {
        if (out.read) throw;  // a partner not found, a period that cannot be
        out.why = fmt::format(
            "it cannot be read at commit {}: `vfi check` here (with the report's --as-of, if "
            "any) says why",
            at);
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
    row(std::any_of(regions.begin(), regions.end(),
                    [](const RegionFigures& r) { return r.wanted && !r.read; })
            ? "all regions counted"
            : "all regions",
        all);
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
                                 const std::vector<std::string> SummaryFigures::*vocabulary,
                                 const Disclosure& disclosure) {
    Table t;
    t.add_column("region");
    for (const auto& c : categories)
        t.add_column(c, ColumnType::number);
    t.add_column("not categorised", ColumnType::number);
    for (const auto& r : regions) {
        if (!r.read) continue;
        // Each cell as the region's own Summary Report publishes it (its key, its records, the
        // same cell), so publishing both gives away nothing more; a category the region does
        // not have is no figure of its.
        const CategoryCounts& own = r.figures.*counts;
        Disclosure theirs(
            disclosure.controlled() ? DisclosureControl::nhs : DisclosureControl::none, r.key);
        PublishedCounts published = theirs.counts("summary", own.population);
        long total = static_cast<long>(own.population.size());
        const auto& words = r.figures.*vocabulary;
        std::vector<std::string> cells = {r.name};
        for (const auto& c : categories)
            cells.push_back(std::find(words.begin(), words.end(), c) == words.end()
                                ? "-"
                                : published.count(title, c, what, own.of(c), total));
        cells.push_back(published.count(title, "not categorised", what, own.of(""), total));
        t.add_row(cells);
    }
    return {title + ", by region", t,
            disclosure.note() +
                " Each region's figures are as its own Summary Report gives "
                "them; - is a category the region does not have."};
}

ReportSection regions_section(const std::vector<RegionFigures>& regions, const SummaryFigures& all,
                              const Disclosure& disclosure) {
    ReportSection s{"By region", vocabulary_notes(regions), {}, {}};
    s.tables.push_back(by_region(regions, all));
    if (all.ended > 0)
        s.tables.push_back(categories_by_region(
            "Why matches ended early", "matches", all.end_categories, regions,
            &SummaryFigures::why_ended, &SummaryFigures::end_categories, disclosure));
    if (all.cancelled > 0)
        s.tables.push_back(categories_by_region(
            "Why coaching sessions were cancelled", "sessions", all.cancel_categories, regions,
            &SummaryFigures::why_cancelled, &SummaryFigures::cancel_categories, disclosure));
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

// The regions read two at a time (one reads while the other waits on git, and no more than
// two regions' records are held at once), then the warnings for each left out or stale, in
// the order vfi.yaml lists them, and the regions named for the footer.
std::vector<RegionFigures> read_regions(const RecordStore& national,
                                        const std::vector<NationalRegion>& listed,
                                        const ReportScope& scope, const ReportAsked& asked,
                                        const Gather& gather, Report& report,
                                        const std::string& only = {}, bool reflections = false) {
    std::vector<RegionFigures> regions(listed.size());
    std::vector<std::string> problems(listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
        regions[i].name = listed[i].setting.name;
        regions[i].wanted = only.empty() || only == regions[i].name;
        regions[i].keep_reflections = reflections;
    }
    for_each_index(listed.size(), 2, [&](std::size_t i) {
        if (regions[i].wanted)
            problems[i] = read_region(national, listed[i], scope, asked, gather, regions[i]);
    });
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const NationalRegion& r = listed[i];
        if (!regions[i].wanted) continue;
        if (!problems[i].empty())
            report.warnings.push_back(problems[i]);
        else if (!r.pin.failed.empty())
            report.warnings.push_back(stale_warning(r));
        report.regions.push_back({r.setting.name, r.pin.commit.substr(0, 7), r.pin.fetched,
                                  r.pin.failed, !regions[i].read, regions[i].commit_day,
                                  regions[i].why});
    }
    return regions;
}

// The first record of any region read (today when none is).
Date first_of(const std::vector<RegionFigures>& regions, const Date& today) {
    Date first = today;
    for (const auto& r : regions)
        if (r.read) first = std::min(first, r.first);
    return first;
}

// `london:P-7KQ2MD` -> (london, P-7KQ2MD); a statement in a national directory needs both.
std::pair<std::string, std::string> regional_id(const std::string& typed,
                                                const std::vector<NationalRegion>& listed) {
    auto colon = typed.find(':');
    std::string region = colon == std::string::npos ? "" : typed.substr(0, colon);
    if (std::none_of(listed.begin(), listed.end(),
                     [&](const NationalRegion& r) { return r.setting.name == region; }))
        throw Error(ExitCode::usage, {}, "partner",
                    fmt::format("'{}' does not name a region and a partner", typed),
                    fmt::format("give the region, a colon and the partner's id, e.g. {}:P-7KQ2MD",
                                listed.front().setting.name));
    return {region, typed.substr(colon + 1)};
}

void require_cohort(const std::vector<RegionFigures>& regions, const ReportScope& scope) {
    if (!scope.cohort.empty() && std::none_of(regions.begin(), regions.end(),
                                              [](const RegionFigures& r) { return r.has_cohort; }))
        throw Error(ExitCode::usage, {}, "cohort",
                    fmt::format("no leader of any region is in cohort '{}'", scope.cohort),
                    "see the cohorts in each region with `vfi leader list --fields cohort`");
}

// What every national report that adds regions up begins with: the period asked, one left
// open at the start read from the beginning (nothing is earlier) and named, once every region
// is read, from the first record of any; the regions read with `gather`; the report named,
// with its warnings and the regions read; and the national disclosure control.
struct NationalRead {
    ReportScope scope;
    std::vector<RegionFigures> regions;
    Report report;
    Disclosure disclosure;
};

NationalRead read_national(const RecordStore& national, const std::vector<NationalRegion>& listed,
                           const ReportKind& kind, const ReportAsked& asked,
                           const std::string& title, const Gather& gather,
                           bool reflections = false) {
    Report r;
    ReportScope scope = report_scope(kind, asked, Date{1900, 1, 1});
    auto regions = read_regions(national, listed, scope, asked, gather, r, {}, reflections);
    require_cohort(regions, scope);
    scope.began = first_of(regions, asked.today);
    if (!asked.from && !asked.month && !asked.tax_year && !kind.by_year_of_months)
        scope.from = std::min(*scope.began, scope.to);
    Report out = new_report(std::string(kind.name), title, national, scope);
    out.warnings = std::move(r.warnings);
    out.regions = std::move(r.regions);
    return {scope, std::move(regions), std::move(out),
            Disclosure(national.settings(), national.root(),
                       national.as_of() ? national.as_of()->commit() : "HEAD")};
}

// A region's figures as its own report publishes them: its key, under the national report's
// choice of control.
Disclosure as_region(const Disclosure& national, const RegionFigures& g) {
    return Disclosure(national.controlled() ? DisclosureControl::nhs : DisclosureControl::none,
                      g.key);
}

Report national_summary(const RecordStore& national, const std::vector<NationalRegion>& listed,
                        const ReportKind& kind, const ReportAsked& asked) {
    ReportScope scope = report_scope(kind, asked, Date{1900, 1, 1});
    auto n =
        read_national(national, listed, kind, asked, "National Summary Report",
                      [&](const RecordStore& store, const Programme& p, const Date&,
                          RegionFigures& out) { out.figures = summary_figures(store, p, scope); });
    SummaryFigures all;
    for (const auto& g : n.regions)
        if (g.read) all.add(g.figures, g.name);
    // The regions were read before the period's start was known (their first record): the
    // months of the national period only, each there even when no region held a session.
    std::map<std::string, long> months;
    for (const auto& m : activity_months(n.scope.from, n.scope.to))
        months[m.label] = all.held_by_month.count(m.label) ? all.held_by_month[m.label] : 0;
    all.held_by_month = std::move(months);
    // A categorised table all of one region's records: as that region's own report has it.
    auto one_region = [&](const CategoryCounts SummaryFigures::*counts, CategoryCounts& into,
                          std::optional<Disclosure>& as) {
        const RegionFigures* only = nullptr;
        for (const auto& g : n.regions) {
            if (!g.read || (g.figures.*counts).population.empty()) continue;
            if (only) return;
            only = &g;
        }
        if (!only) return;
        into = only->figures.*counts;
        as.emplace(as_region(n.disclosure, *only));
    };
    one_region(&SummaryFigures::why_ended, all.why_ended, all.ended_as);
    one_region(&SummaryFigures::why_cancelled, all.why_cancelled, all.cancelled_as);
    add_summary(n.report, all, n.disclosure);
    n.report.sections.push_back(regions_section(n.regions, all, n.disclosure));
    return std::move(n.report);
}

// Every region's reflections together: mentions added up, the Learning Partners' reflections
// and quotes one region after another, self-ratings counted together before disclosure control
// (or, when all one region's, as that region's own report publishes them).
Report national_learning(const RecordStore& national, const std::vector<NationalRegion>& listed,
                         const ReportKind& kind, const ReportAsked& asked) {
    ReportScope scope = report_scope(kind, asked, Date{1900, 1, 1});
    auto n = read_national(
        national, listed, kind, asked, "National Learning Report",
        [&](const RecordStore&, const Programme& programme, const Date&, RegionFigures& out) {
            bool has = scope.cohort.empty() ||
                       std::any_of(programme.leaders.begin(), programme.leaders.end(),
                                   [&](const Leader& l) { return l.cohort == scope.cohort; });
            // A region with none of the cohort's leaders has nothing of it to count.
            if (has) out.learning = learning_figures(programme, scope);
        },
        true);
    LearningFigures all;
    const RegionFigures *only = nullptr, *only_partners = nullptr;
    int rating = 0, partners_rating = 0;
    for (const auto& g : n.regions) {
        if (!g.read) continue;
        all.add(g.learning, g.name);
        if (!g.learning.changes.empty()) ++rating, only = &g;
        if (!g.learning.partner_changes.empty()) ++partners_rating, only_partners = &g;
    }
    if (rating == 1) {
        all.changes = only->learning.changes;
        all.ratings_as.emplace(as_region(n.disclosure, *only));
    }
    if (partners_rating == 1) {
        all.partner_changes = only_partners->learning.partner_changes;
        all.partner_ratings_as.emplace(as_region(n.disclosure, *only_partners));
    }
    add_learning(n.report, all, n.scope, n.disclosure);
    return std::move(n.report);
}

// The partners of every region counted together, through disclosure control after adding up;
// then who is counted in each region, as the region's own report publishes it.
Report national_equality(const RecordStore& national, const std::vector<NationalRegion>& listed,
                         const ReportKind& kind, const ReportAsked& asked) {
    ReportScope scope = report_scope(kind, asked, Date{1900, 1, 1});
    auto n = read_national(
        national, listed, kind, asked, "National Equality Report",
        [&](const RecordStore& store, const Programme& programme, const Date&, RegionFigures& out) {
            out.equality = equality_figures(store.settings(), programme.partners, scope);
        });
    EqualityFigures all;
    Table by_region;
    by_region.add_column("region");
    by_region.add_column("consented", ColumnType::number);
    by_region.add_column("did not consent", ColumnType::number);
    for (const auto& g : n.regions) {
        if (!g.read) continue;
        all.add(g.equality, g.name);
        PublishedCounts own = as_region(n.disclosure, g).counts("equality", g.equality.population);
        by_region.add_row(
            {g.name, own.count("Who is counted", "consented", "partners", g.equality.consented),
             own.count("Who is counted", "did not consent", "partners", g.equality.declined)});
    }
    // All one region's partners (the others left out, or with none in the period): published as
    // that region's own report publishes them, or the two would be two draws of one count.
    const RegionFigures* only = nullptr;
    int with = 0;
    for (const auto& g : n.regions)
        if (g.read && !g.equality.population.empty()) ++with, only = &g;
    if (with == 1)
        add_equality(n.report, only->equality, as_region(n.disclosure, *only));
    else
        add_equality(n.report, all, n.disclosure);
    // Answer lists that differ between regions are merged, each region's partners counted
    // under its own words: said, as the Summary Report says it of its categories.
    std::vector<std::string> notes;
    std::size_t read = 0;
    for (const auto& g : n.regions)
        read += g.read ? 1 : 0;
    for (std::size_t q = 0; q < all.words.size(); ++q) {
        std::map<std::string, std::vector<std::string>> who;  // answer -> regions offering it
        for (const auto& g : n.regions)
            if (g.read && q < g.equality.words.size())
                for (const auto& w : g.equality.words[q])
                    who[w].push_back(g.name);
        for (const auto& [w, names] : who)
            if (names.size() < read)
                notes.push_back(fmt::format("'{}' is an answer only {} offer{}", w,
                                            join(names, ", "), names.size() == 1 ? "s" : ""));
    }
    n.report.sections.push_back(
        {"By region",
         notes.empty() ? std::vector<std::string>{}
                       : std::vector<std::string>{"The regions' answer lists differ, and were "
                                                  "merged: each region's partners are counted "
                                                  "under its own answers. " +
                                                  join(notes, "; ") + "."},
         {{"Who is counted in each region", by_region,
           n.disclosure.note() +
               " Each region's figures are drawn with its own key under this report's "
               "disclosure control: where the region's own reports use the same control, they "
               "are the figures its own equality report gives."}},
         {}});
    return std::move(n.report);
}

// Each region's months from its own first record, added up month by month; a month before a
// region's first record is none of its.
Report national_activity(const RecordStore& national, const std::vector<NationalRegion>& listed,
                         const ReportKind& kind, const ReportAsked& asked) {
    auto n = read_national(
        national, listed, kind, asked, "National Activity",
        [&](const RecordStore&, const Programme& p, const Date& first, RegionFigures& out) {
            out.months = activity_months(p, report_scope(kind, asked, first));
        });
    const ReportScope& scope = n.scope;
    const auto& regions = n.regions;
    std::vector<ActivityMonth> months = activity_months(scope.from, scope.to);
    ActivityMonth every;  // every region's, for the total row
    Table by_region;
    by_region.add_column("region");
    for (const char* c : {"leader enquiries", "matches started", "sessions held", "coaching hours",
                          "involvement hours"})
        by_region.add_column(c, ColumnType::number);
    for (const auto& g : regions) {
        if (!g.read) continue;
        ActivityMonth sum;
        for (const auto& m : g.months) {
            for (auto& n : months)
                if (n.label == m.label) {
                    n.enquiries += m.enquiries, n.matches_started += m.matches_started;
                    n.held += m.held, n.coaching_minutes += m.coaching_minutes;
                    n.involvement_minutes += m.involvement_minutes;
                    n.running += m.running, n.paused += m.paused;
                }
            sum.enquiries += m.enquiries, sum.matches_started += m.matches_started;
            sum.held += m.held, sum.coaching_minutes += m.coaching_minutes;
            sum.involvement_minutes += m.involvement_minutes;
        }
        every.enquiries += sum.enquiries, every.matches_started += sum.matches_started;
        every.held += sum.held, every.coaching_minutes += sum.coaching_minutes;
        every.involvement_minutes += sum.involvement_minutes;
        by_region.add_row({g.name, std::to_string(sum.enquiries),
                           std::to_string(sum.matches_started), std::to_string(sum.held),
                           hours_to_tenth(sum.coaching_minutes),
                           hours_to_tenth(sum.involvement_minutes)});
    }
    bool left_out = std::any_of(regions.begin(), regions.end(),
                                [](const RegionFigures& r) { return r.wanted && !r.read; });
    by_region.add_row({left_out ? "all regions counted" : "all regions",
                       std::to_string(every.enquiries), std::to_string(every.matches_started),
                       std::to_string(every.held), hours_to_tenth(every.coaching_minutes),
                       hours_to_tenth(every.involvement_minutes)});
    add_activity(n.report, months, scope, left_out ? "all regions counted" : "total");
    n.report.sections.push_back(
        {"By region",
         {},
         {{"Each region over the period", by_region,
           "Hours are added up in minutes, then rounded: the regions' rounded hours may add up "
           "to a tenth more or less."}},
         {}});
    return std::move(n.report);
}

// Payments and statements: each region's own report (its own rates, its own runs), one after
// another, every id named `region:ID`; a statement is one region's.
Report national_stacked(const RecordStore& national, const std::vector<NationalRegion>& listed,
                        const ReportKind& kind, const ReportAsked& asked) {
    Report r;
    ReportAsked here = asked;
    std::string only;
    if (kind.for_partner) std::tie(only, here.partner) = regional_id(asked.partner, listed);
    ReportScope scope = report_scope(kind, here, asked.today);
    auto regions = read_regions(
        national, listed, scope, here,
        [&](const RecordStore& store, const Programme& p, const Date&, RegionFigures& out) {
            const ReportKind& k = kind;
            out.report = k.build(store, p, report_scope(k, here, out.first),
                                 Disclosure(DisclosureControl::none, ProgrammeKey{}));
        },
        r, only);
    scope = report_scope(kind, here, first_of(regions, asked.today));
    std::vector<std::pair<std::string, const Report*>> parts;
    for (const auto& g : regions)
        if (g.read && g.report) parts.emplace_back(g.name, &*g.report);
    for (const auto& [name, part] : parts)
        if (part->currency != parts.front().second->currency)
            throw Error(ExitCode::bad_data,
                        fmt::format("region {} pays in {} and region {} in {}, so their amounts "
                                    "cannot be added up",
                                    parts.front().first, parts.front().second->currency, name,
                                    part->currency),
                        "make this report in each region's own data directory");
    Report out = new_report(std::string(kind.name), "", national, scope);
    // A statement is one partner's, of one region: its own title and total, never "national".
    out.title = parts.empty()      ? std::string(kind.name)
                : kind.for_partner ? parts.front().second->title
                                   : "National " + parts.front().second->title;
    if (kind.for_partner && !parts.empty()) out.programme = parts.front().second->programme;
    out.warnings = std::move(r.warnings);
    out.regions = std::move(r.regions);
    stack_reports(out, parts, kind.for_partner && !parts.empty() ? parts.front().first : "");
    return out;
}

// What the figures leave out or read from an old commit, said first in the report itself (the
// warnings go to standard error, where a reader of the published report never sees them); and
// two regions read at the same commit, most likely one repository listed twice.
void add_notices(Report& report) {
    std::vector<std::string> said;
    for (const auto& g : report.regions) {
        if (g.left_out)
            said.push_back(fmt::format("{} is not counted: {}.", g.name, g.why));
        else if (!g.failed.empty())
            said.push_back(fmt::format(
                "{} is counted as it was at commit {} of {} (fetched {}): "
                "fetching it has failed since {}.",
                g.name, g.commit, g.commit_day, g.fetched.substr(0, 10), g.failed.substr(0, 10)));
    }
    if (!said.empty())
        report.sections.insert(report.sections.begin(),
                               {"Regions not counted, or not current", said, {}, {}});
}

}  // namespace

MadeReport make_national_report(RecordStore& national, const ReportKind& kind,
                                const ReportAsked& asked) {
    std::vector<NationalRegion> listed = national_regions(national);
    // One repository under two names would be counted twice: refused, as in vfi.yaml.
    if (auto twice = shared_histories(national, listed); !twice.empty()) {
        const Problem& p = twice.front();
        throw Error(ExitCode::bad_data, p.where, p.field, p.message, p.hint);
    }
    MadeReport made;
    made.report = kind.name == "summary"    ? national_summary(national, listed, kind, asked)
                  : kind.name == "equality" ? national_equality(national, listed, kind, asked)
                  : kind.name == "learning" ? national_learning(national, listed, kind, asked)
                  : kind.name == "activity" ? national_activity(national, listed, kind, asked)
                                            : national_stacked(national, listed, kind, asked);
    Report& report = made.report;
    add_notices(report);
    if (const Snapshot* past = national.as_of()) {
        report.commit = past->shown();
    } else if (const auto& git = national.git()) {
        report.commit = git->head_short;
        report.uncommitted = national.work_tree().uncommitted;
    }
    return made;
}

}  // namespace vfi
