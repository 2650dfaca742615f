#include <algorithm>
#include <map>
#include <set>

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

ReportTable category_table(const std::string& title, const std::string& what,
                           const std::vector<std::string>& categories, const CategoryCounts& c,
                           const Disclosure& disclosure) {
    PublishedCounts counts = disclosure.counts("summary", c.population);
    Table t;
    t.add_column("category");
    t.add_column(what, ColumnType::number);
    long total = static_cast<long>(c.population.size());
    for (const auto& category : categories)
        t.add_row({category, counts.count(title, category, what, c.of(category), total)});
    t.add_row({"not categorised", counts.count(title, "not categorised", what, c.of(""), total)});
    return {title, t,
            disclosure.note() + " The reasons in words are confidential and never reported."};
}

// `into` followed by the words of `more` it lacks, in their order.
// A word added goes before `other`, which stays last.
void add_words(std::vector<std::string>& into, const std::vector<std::string>& more) {
    for (const auto& w : more)
        if (std::find(into.begin(), into.end(), w) == into.end())
            into.insert(std::find(into.begin(), into.end(), "other"), w);
}

std::string attendance(long held, long no_show) {
    return held + no_show == 0
               ? "-"
               : fmt::format("{}%", (held * 100 + (held + no_show) / 2) / (held + no_show));
}

Chart bar_chart(std::string title, std::string unit, std::string series,
                const std::vector<std::pair<std::string, long>>& rows) {
    Chart c{Chart::Kind::bar, std::move(title), std::move(unit), {}, {{std::move(series), {}}}};
    for (const auto& [label, n] : rows) {
        c.labels.push_back(label);
        c.series.front().values.push_back(static_cast<double>(n));
    }
    return c;
}

}  // namespace

void CategoryCounts::add(const std::string& id, const std::string& category) {
    population.push_back(id + " " + category);
    ++count[category];
}

void CategoryCounts::add(const CategoryCounts& region, const std::string& name) {
    for (const auto& line : region.population)
        population.push_back(name + ":" + line);
    for (const auto& [category, n] : region.count)
        count[category] += n;
}

long CategoryCounts::of(const std::string& category) const {
    auto it = count.find(category);
    return it == count.end() ? 0 : it->second;
}

void SummaryFigures::add(const SummaryFigures& r, const std::string& region) {
    if (partners_by_status.size() < r.partners_by_status.size())
        partners_by_status.resize(r.partners_by_status.size());
    for (std::size_t i = 0; i < r.partners_by_status.size(); ++i)
        partners_by_status[i] += r.partners_by_status[i];
    trained += r.trained, joined += r.joined, left += r.left;
    contributors = contributors || r.contributors;
    add_words(leader_statuses, r.leader_statuses);
    for (const auto& [cohort, row] : r.leaders)
        for (const auto& [status, n] : row)
            leaders[cohort][status] += n;
    enquiry_to_match.insert(enquiry_to_match.end(), r.enquiry_to_match.begin(),
                            r.enquiry_to_match.end());
    made += r.made, active += r.active, paused += r.paused;
    completed += r.completed, ended += r.ended;
    add_words(end_categories, r.end_categories);
    why_ended.add(r.why_ended, region);
    to_first_session.insert(to_first_session.end(), r.to_first_session.begin(),
                            r.to_first_session.end());
    held += r.held, cancelled += r.cancelled, no_show += r.no_show, minutes += r.minutes;
    add_words(cancel_categories, r.cancel_categories);
    why_cancelled.add(r.why_cancelled, region);
    for (const auto& [type, mins] : r.other_minutes)
        other_minutes[type] += mins;
    for (const auto& [type, mins] : r.other_person_minutes)
        other_person_minutes[type] += mins;
    // A region's people are its own: they add up (one who moved region is in both).
    leaders_coached += r.leaders_coached, partners_involved += r.partners_involved;
    cohort = cohort || r.cohort;
    for (const auto& [month, n] : r.held_by_month)
        held_by_month[month] += n;
}

namespace {
void count_sessions(const Programme& p, const ReportScope& scope, SummaryFigures& f);
}  // namespace

SummaryFigures summary_figures(const RecordStore& store, const Programme& p,
                               const ReportScope& scope) {
    SummaryFigures f;
    f.cohort = !scope.cohort.empty();
    auto in_cohort = [&](const std::string& leader) { return vfi::in_cohort(p, scope, leader); };
    // Partners: where they were at the end of the period, and who finished training, became
    // active for the first time or left in it, all from their history. Paid contributors who
    // are not partners are no partner figure.
    for (const auto& status : WordTable<PartnerStatus>::rows) {
        (void)status;
        f.partners_by_status.push_back(0);
    }
    for (const auto& x : p.partners) {
        if (x.contributor) {
            f.contributors = true;
            continue;
        }
        auto on = x.history.on(scope.to);
        for (std::size_t i = 0; i < WordTable<PartnerStatus>::rows.size(); ++i)
            if (on == WordTable<PartnerStatus>::rows[i].value) ++f.partners_by_status[i];
        f.trained += in_period(x.training_completed, scope);
        f.joined += in_period(x.history.first(PartnerStatus::active), scope);
        f.left += x.history.finished(scope.from, scope.to).has_value();
    }
    // Leaders by cohort and status at the end of the period.
    f.leader_statuses = *store.settings().vocabularies.find("leader_status");
    for (const auto& l : p.leaders) {
        auto status = l.history.on(scope.to);
        if (status && (scope.cohort.empty() || l.cohort == scope.cohort))
            ++f.leaders[l.cohort.empty() ? "(no cohort)" : l.cohort][std::string(word(*status))];
    }
    for (const auto& m : p.matches) {
        if (!in_period(m.started, scope) || !in_cohort(m.leader)) continue;
        const Leader* l = p.leader(m.leader);
        if (l && l->enquired) f.enquiry_to_match.push_back(days_between(*l->enquired, *m.started));
    }
    // Matches.
    f.end_categories = *store.settings().vocabularies.find("end_categories");
    for (const auto& m : p.matches) {
        if (!in_cohort(m.leader)) continue;
        if (!m.history.steps.empty() && in_period(m.history.steps.front().date, scope)) ++f.made;
        auto at_end = m.history.on(scope.to);
        f.active += at_end == MatchStatus::active;
        f.paused += at_end == MatchStatus::paused;
        auto finished = m.history.finished(scope.from, scope.to);
        f.completed += finished == MatchStatus::completed;
        if (finished == MatchStatus::ended) {
            ++f.ended;
            f.why_ended.add(m.id, m.end_category);
        }
        if (in_period(m.started, scope))
            for (const Session* x : p.sessions_of_match(m.id))
                if (x->status == SessionStatus::held) {
                    f.to_first_session.push_back(days_between(*m.started, x->date));
                    break;
                }
    }
    f.cancel_categories = *store.settings().vocabularies.find("cancel_categories");
    count_sessions(p, scope, f);
    return f;
}

namespace {

// Sessions and other involvement, and the people who took part.
void count_sessions(const Programme& p, const ReportScope& scope, SummaryFigures& f) {
    auto in_cohort = [&](const std::string& leader) { return vfi::in_cohort(p, scope, leader); };
    for (const auto& m : activity_months(scope.from, scope.to))
        f.held_by_month[m.label] = 0;
    std::set<std::string_view> coached;             // the matches' own leader ids
    std::vector<char> involved(p.partners.size());  // by place: one id is one record
    // Paid contributors who are not partners are no partner figure (their hours still are
    // person-hours of involvement).
    auto partner = [&](const std::string& id) {
        const Partner* x = p.partner(id);
        if (x && !x->contributor) involved[static_cast<std::size_t>(x - p.partners.data())] = 1;
    };
    // A national programme holds hundreds of thousands of sessions, and a few thousand
    // matches and months: each held session marks its match and counts in its month, and
    // who took part is read from the matches marked.
    std::vector<char> held_in(p.matches.size());
    std::map<int, long> held_in_month;  // by year * 12 + month
    for (const auto& x : p.sessions) {
        if (!in_period(x.date, scope)) continue;
        if (x.type == SessionType::coaching) {
            const Match* m = p.match(x.match);
            if (!m || !in_cohort(m->leader)) continue;
            if (x.status == SessionStatus::held) {
                ++f.held, f.minutes += x.minutes;
                ++held_in_month[x.date.year * 12 + x.date.month - 1];
                held_in[static_cast<std::size_t>(m - p.matches.data())] = 1;
            }
            if (x.status == SessionStatus::cancelled)
                ++f.cancelled, f.why_cancelled.add(x.id, x.cancel_category);
            if (x.status == SessionStatus::no_show) ++f.no_show;
        } else if (x.status == SessionStatus::held && scope.cohort.empty()) {
            auto partners = p.partners_of(x);
            f.other_minutes[std::string(word(x.type))] += x.minutes;
            f.other_person_minutes[std::string(word(x.type))] +=
                x.minutes * static_cast<long>(partners.size());
            for (const auto& id : partners)
                partner(id);
        }
    }
    for (const auto& [month, n] : held_in_month)
        f.held_by_month[Date{month / 12, month % 12 + 1, 1}.str().substr(0, 7)] += n;
    // A coaching session's partner is its match's (Programme::partners_of).
    for (std::size_t i = 0; i < held_in.size(); ++i)
        if (held_in[i]) coached.insert(p.matches[i].leader), partner(p.matches[i].partner);
    f.leaders_coached = static_cast<long>(coached.size());
    f.partners_involved = static_cast<long>(std::count(involved.begin(), involved.end(), 1));
}

}  // namespace

namespace {

// Partners and leaders: where they were at the end of the period.
void add_people(Report& r, const SummaryFigures& f) {
    {
        ReportSection s{"Lived Experience Partners", {}, {}, {}};
        std::vector<std::pair<std::string, long>> rows;
        for (std::size_t i = 0; i < WordTable<PartnerStatus>::rows.size(); ++i)
            rows.push_back({std::string(WordTable<PartnerStatus>::rows[i].word),
                            i < f.partners_by_status.size() ? f.partners_by_status[i] : 0});
        s.tables.push_back(
            {"Partners by status at the end of the period", counts("status", rows), ""});
        s.charts.push_back(
            bar_chart("Partners by status at the end of the period", "partners", "partners", rows));
        s.tables.push_back({"In the period",
                            counts("partners", {{"completed training", f.trained},
                                                {"became active", f.joined},
                                                {"left", f.left}}),
                            ""});
        if (f.contributors)
            s.paragraphs.push_back(
                "Paid contributors who are not Lived Experience Partners (contributor: true) are "
                "not counted here; their involvement is counted under Sessions.");
        r.sections.push_back(std::move(s));
    }
    {
        ReportSection s{"Senior leaders", {}, {}, {}};
        Table t;
        t.add_column("cohort");
        for (const auto& st : f.leader_statuses)
            t.add_column(st, ColumnType::number);
        t.add_column("total", ColumnType::number);
        for (const auto& [cohort, row] : f.leaders) {
            std::vector<std::string> cells = {cohort};
            long total = 0;
            for (const auto& st : f.leader_statuses) {
                long n = row.count(st) ? row.at(st) : 0;
                total += n;
                cells.push_back(std::to_string(n));
            }
            cells.push_back(std::to_string(total));
            t.add_row(cells);
        }
        s.tables.push_back({"Leaders by cohort and status at the end of the period", t, ""});
        s.paragraphs.push_back(
            fmt::format("Median days from a leader's enquiry to the start of their match: {} "
                        "(matches started in the period).",
                        median_days(f.enquiry_to_match)));
        r.sections.push_back(std::move(s));
    }
}

long partners_active(const SummaryFigures& f) {
    for (std::size_t i = 0; i < WordTable<PartnerStatus>::rows.size(); ++i)
        if (WordTable<PartnerStatus>::rows[i].value == PartnerStatus::active)
            return i < f.partners_by_status.size() ? f.partners_by_status[i] : 0;
    return 0;
}

long total(const std::map<std::string, long>& by) {
    long sum = 0;
    for (const auto& [key, n] : by)
        sum += n;
    return sum;
}

// What a board reads first: the period's figures in one table, each told in words too.
void add_headline(Report& r, const SummaryFigures& f) {
    ReportSection s{"At a glance", {}, {}, {}, true};
    Table t;
    t.add_column("figure");
    t.add_column("value", ColumnType::number);
    // With --cohort the partners are still the whole programme's, and other involvement
    // belongs to no cohort: said so, never shown as 0.
    std::string whole = f.cohort ? " (whole programme)" : "";
    t.add_row(
        {"partners active at the end of the period" + whole, std::to_string(partners_active(f))});
    t.add_row({"partners who took part in a session", std::to_string(f.partners_involved)});
    t.add_row({"leaders coached (a coaching session held)", std::to_string(f.leaders_coached)});
    t.add_row({"coaching sessions held", std::to_string(f.held)});
    t.add_row({"hours of coaching", hours_to_tenth(f.minutes)});
    t.add_row({"matches completed", std::to_string(f.completed)});
    t.add_row({"attendance", attendance(f.held, f.no_show)});
    if (!f.cohort) {
        t.add_row({"hours of other involvement", hours_to_tenth(total(f.other_minutes))});
        t.add_row(
            {"person-hours of other involvement", hours_to_tenth(total(f.other_person_minutes))});
    }
    s.tables.push_back(
        {"", t,
         std::string("People supported are counted once however many sessions they had; paid "
                     "contributors who are not partners are not counted as partners. ") +
             (f.cohort ? "Other involvement belongs to no cohort and is left out."
                       : "Person-hours count each person who took part: 8 hours of a panel of "
                         "3 partners is 24 person-hours.")});
    r.sections.push_back(std::move(s));
}

}  // namespace

void add_summary(Report& r, const SummaryFigures& f, const Disclosure& disclosure) {
    add_headline(r, f);
    add_people(r, f);
    {
        ReportSection s{"Matches", {}, {}, {}};
        s.tables.push_back({"",
                            counts("matches", {{"made (proposed in the period)", f.made},
                                               {"active at the end of the period", f.active},
                                               {"paused at the end of the period", f.paused},
                                               {"completed in the period", f.completed},
                                               {"ended early in the period", f.ended}}),
                            ""});
        s.charts.push_back(bar_chart("Matches by outcome", "matches", "matches",
                                     {{"active at the end", f.active},
                                      {"paused at the end", f.paused},
                                      {"completed", f.completed},
                                      {"ended early", f.ended}}));
        if (f.ended > 0)
            s.tables.push_back(category_table("Why matches ended early", "matches",
                                              f.end_categories, f.why_ended,
                                              f.ended_as ? *f.ended_as : disclosure));
        s.paragraphs.push_back(
            fmt::format("Median days from the start of a match to its first session: {}.",
                        median_days(f.to_first_session)));
        r.sections.push_back(std::move(s));
    }
    {
        ReportSection s{"Sessions", {}, {}, {}};
        Table t;
        t.add_column("coaching sessions");
        t.add_column("value", ColumnType::number);
        t.add_row({std::string(word(SessionStatus::held)), std::to_string(f.held)});
        t.add_row({std::string(word(SessionStatus::cancelled)), std::to_string(f.cancelled)});
        t.add_row({std::string(word(SessionStatus::no_show)), std::to_string(f.no_show)});
        t.add_row({"hours of coaching", hours_to_tenth(f.minutes)});
        t.add_row({"attendance", attendance(f.held, f.no_show)});
        s.tables.push_back({"", t,
                            "Attendance is sessions held out of those held or missed (no-show); a "
                            "cancelled session "
                            "is not counted either way."});
        if (f.cancelled > 0)
            s.tables.push_back(category_table("Why coaching sessions were cancelled", "sessions",
                                              f.cancel_categories, f.why_cancelled,
                                              f.cancelled_as ? *f.cancelled_as : disclosure));
        std::vector<std::pair<std::string, long>> months(f.held_by_month.begin(),
                                                         f.held_by_month.end());
        s.charts.push_back(
            bar_chart("Coaching sessions held each month", "sessions", "sessions held", months));
        // The chart's figures in a table too, for every format and every reader.
        s.tables.push_back({"Coaching sessions held each month", counts("month", months), ""});
        if (!f.other_minutes.empty()) {
            Table o;
            o.add_column("type");
            o.add_column("hours", ColumnType::number);
            o.add_column("person-hours", ColumnType::number);
            for (const auto& [type, mins] : f.other_minutes) {
                auto people = f.other_person_minutes.find(type);
                o.add_row(
                    {type, hours_to_tenth(mins),
                     hours_to_tenth(people == f.other_person_minutes.end() ? 0 : people->second)});
            }
            s.tables.push_back({"Other involvement, hours held", o,
                                "Person-hours count each person who took part."});
        }
        r.sections.push_back(std::move(s));
    }
}

Report build_summary(const RecordStore& store, const Programme& p, const ReportScope& scope,
                     const Disclosure& disclosure) {
    Report r = new_report("summary", "Summary Report", store, scope);
    add_summary(r, summary_figures(store, p, scope), disclosure);
    return r;
}

}  // namespace vfi
