#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/median.hpp"
#include "vfi/report/builders.hpp"

namespace vfi {
namespace {

std::string median_days(const std::vector<long>& days) {
    if (days.empty()) return "-";
    double m = median(days);
    long whole = static_cast<long>(m);  // towards zero; what is left is 0 or a half
    return m == static_cast<double>(whole) ? std::to_string(whole) : fmt::format("{}.5", whole);
}

Table counts(const std::string& what, const std::vector<std::pair<std::string, long>>& rows) {
    Table t;
    t.add_column(what);
    t.add_column("count", ColumnType::number);
    for (const auto& [name, n] : rows)
        t.add_row({name, std::to_string(n)});
    return t;
}

// Records counted by category (why matches ended early, why sessions were cancelled): one
// row per category of the vocabulary in its order, whether or not any record has it (a row
// appearing would give a newcomer's category away), then "not categorised". Every figure
// goes through disclosure control, keyed on exactly the records counted and their categories,
// and none exceeds the total the report gives exactly (matches ended early).
struct Categorised {
    std::vector<std::string> population;
    std::map<std::string, long> count;
    void add(const std::string& id, const std::string& category) {
        population.push_back(id + " " + category);
        ++count[category];
    }
};

ReportTable category_table(const std::string& title, const std::string& what,
                           const std::vector<std::string>& categories, const Categorised& c,
                           const Disclosure& disclosure) {
    PublishedCounts counts = disclosure.counts("summary", c.population);
    Table t;
    t.add_column("category");
    t.add_column(what, ColumnType::number);
    auto n = [&](const std::string& k) { return c.count.count(k) ? c.count.at(k) : 0; };
    long total = static_cast<long>(c.population.size());
    for (const auto& category : categories)
        t.add_row({category, counts.count(title, category, what, n(category), total)});
    t.add_row({"not categorised", counts.count(title, "not categorised", what, n(""), total)});
    return {title, t,
            disclosure.note() + " The reasons in words are confidential and never reported."};
}

}  // namespace

Report build_summary(const RecordStore& store, const Programme& p, const ReportScope& scope,
                     const Disclosure& disclosure) {
    Report r = new_report("summary", "Summary Report", store, scope);
    auto in_cohort = [&](const std::string& leader) { return vfi::in_cohort(p, scope, leader); };

    // Partners: where they were at the end of the period, and who finished training, became
    // active for the first time or left in it, all from their history.
    {
        ReportSection s{"Lived Experience Partners", {}, {}, {}};
        // Paid contributors who are not partners are no partner figure.
        std::vector<const Partner*> partners;
        for (const auto& x : p.partners)
            if (!x.contributor) partners.push_back(&x);
        std::vector<std::pair<std::string, long>> rows;
        for (const auto& status : WordTable<PartnerStatus>::rows) {
            long n = std::count_if(partners.begin(), partners.end(), [&](const Partner* x) {
                return x->history.on(scope.to) == status.value;
            });
            rows.push_back({std::string(status.word), n});
        }
        s.tables.push_back(
            {"Partners by status at the end of the period", counts("status", rows), ""});
        long trained = std::count_if(partners.begin(), partners.end(), [&](const Partner* x) {
            return in_period(x->training_completed, scope);
        });
        long joined = std::count_if(partners.begin(), partners.end(), [&](const Partner* x) {
            return in_period(x->history.first(PartnerStatus::active), scope);
        });
        long left = std::count_if(partners.begin(), partners.end(), [&](const Partner* x) {
            return x->history.finished(scope.from, scope.to).has_value();
        });
        s.tables.push_back(
            {"In the period",
             counts("partners",
                    {{"completed training", trained}, {"became active", joined}, {"left", left}}),
             ""});
        if (partners.size() != p.partners.size())
            s.paragraphs.push_back(
                "Paid contributors who are not Lived Experience Partners (contributor: true) are "
                "not counted here; their involvement is counted under Sessions.");
        r.sections.push_back(std::move(s));
    }

    // Leaders by cohort and status at the end of the period.
    {
        ReportSection s{"Senior leaders", {}, {}, {}};
        const auto& statuses = *store.settings().vocabularies.find("leader_status");
        std::map<std::string, std::map<std::string, long>> grid;
        for (const auto& l : p.leaders) {
            auto status = l.history.on(scope.to);
            if (status && (scope.cohort.empty() || l.cohort == scope.cohort))
                ++grid[l.cohort.empty() ? "(no cohort)" : l.cohort][std::string(word(*status))];
        }
        Table t;
        t.add_column("cohort");
        for (const auto& st : statuses)
            t.add_column(st, ColumnType::number);
        t.add_column("total", ColumnType::number);
        for (const auto& [cohort, row] : grid) {
            std::vector<std::string> cells = {cohort};
            long total = 0;
            for (const auto& st : statuses) {
                long n = row.count(st) ? row.at(st) : 0;
                total += n;
                cells.push_back(std::to_string(n));
            }
            cells.push_back(std::to_string(total));
            t.add_row(cells);
        }
        s.tables.push_back({"Leaders by cohort and status at the end of the period", t, ""});
        std::vector<long> enquiry_to_match;
        for (const auto& m : p.matches) {
            if (!in_period(m.started, scope) || !in_cohort(m.leader)) continue;
            const Leader* l = p.leader(m.leader);
            if (l && l->enquired)
                enquiry_to_match.push_back(days_between(*l->enquired, *m.started));
        }
        s.paragraphs.push_back(
            fmt::format("Median days from a leader's enquiry to the start of their match: {} "
                        "(matches started in the period).",
                        median_days(enquiry_to_match)));
        r.sections.push_back(std::move(s));
    }

    // Matches.
    {
        ReportSection s{"Matches", {}, {}, {}};
        long made = 0, active = 0, paused = 0, completed = 0, ended = 0;
        Categorised why;
        std::vector<long> to_first_session;
        for (const auto& m : p.matches) {
            if (!in_cohort(m.leader)) continue;
            if (!m.history.steps.empty() && in_period(m.history.steps.front().date, scope)) ++made;
            auto at_end = m.history.on(scope.to);
            if (at_end == MatchStatus::active) ++active;
            if (at_end == MatchStatus::paused) ++paused;
            auto finished = m.history.finished(scope.from, scope.to);
            if (finished == MatchStatus::completed) ++completed;
            if (finished == MatchStatus::ended) {
                ++ended;
                why.add(m.id, m.end_category);
            }
            if (in_period(m.started, scope))
                for (const Session* x : p.sessions_of_match(m.id))
                    if (x->status == SessionStatus::held) {
                        to_first_session.push_back(days_between(*m.started, x->date));
                        break;
                    }
        }
        s.tables.push_back({"",
                            counts("matches", {{"made (proposed in the period)", made},
                                               {"active at the end of the period", active},
                                               {"paused at the end of the period", paused},
                                               {"completed in the period", completed},
                                               {"ended early in the period", ended}}),
                            ""});
        if (ended > 0)
            s.tables.push_back(category_table("Why matches ended early", "matches",
                                              *store.settings().vocabularies.find("end_categories"),
                                              why, disclosure));
        s.paragraphs.push_back(
            fmt::format("Median days from the start of a match to its first session: {}.",
                        median_days(to_first_session)));
        r.sections.push_back(std::move(s));
    }

    // Sessions and other involvement.
    {
        ReportSection s{"Sessions", {}, {}, {}};
        long held = 0, cancelled = 0, no_show = 0, minutes = 0;
        Categorised why;
        std::map<std::string, long> other_minutes;
        for (const auto& x : p.sessions) {
            if (!in_period(x.date, scope)) continue;
            if (x.type == SessionType::coaching) {
                const Match* m = p.match(x.match);
                if (!m || !in_cohort(m->leader)) continue;
                if (x.status == SessionStatus::held) ++held, minutes += x.minutes;
                if (x.status == SessionStatus::cancelled)
                    ++cancelled, why.add(x.id, x.cancel_category);
                if (x.status == SessionStatus::no_show) ++no_show;
            } else if (x.status == SessionStatus::held && scope.cohort.empty()) {
                other_minutes[std::string(word(x.type))] += x.minutes;
            }
        }
        std::string attendance =
            held + no_show == 0
                ? "-"
                : fmt::format("{}%", (held * 100 + (held + no_show) / 2) / (held + no_show));
        Table t;
        t.add_column("coaching sessions");
        t.add_column("value", ColumnType::number);
        t.add_row({std::string(word(SessionStatus::held)), std::to_string(held)});
        t.add_row({std::string(word(SessionStatus::cancelled)), std::to_string(cancelled)});
        t.add_row({std::string(word(SessionStatus::no_show)), std::to_string(no_show)});
        t.add_row({"hours of coaching", hours_to_tenth(minutes)});
        t.add_row({"attendance", attendance});
        s.tables.push_back({"", t,
                            "Attendance is sessions held out of those held or missed (no-show); a "
                            "cancelled session "
                            "is not counted either way."});
        if (cancelled > 0)
            s.tables.push_back(category_table(
                "Why coaching sessions were cancelled", "sessions",
                *store.settings().vocabularies.find("cancel_categories"), why, disclosure));
        if (!other_minutes.empty()) {
            Table o;
            o.add_column("type");
            o.add_column("hours", ColumnType::number);
            for (const auto& [type, mins] : other_minutes)
                o.add_row({type, hours_to_tenth(mins)});
            s.tables.push_back({"Other involvement, hours held", o, ""});
        }
        r.sections.push_back(std::move(s));
    }
    return r;
}

}  // namespace vfi
