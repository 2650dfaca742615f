#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "vfi/base/decimal.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/learning.hpp"
#include "vfi/report/builders.hpp"
#include "vfi/report/disclosure.hpp"

namespace vfi {
namespace {

const std::vector<std::string> five_ps = {"philosophy", "people", "power", "patience", "product"};

// `compare`: with the counts of the days just before and the trend; without, a mention is
// listed only when named in the period.
Table mentions_table(const std::string& what, const std::vector<Mention>& mentions,
                     std::size_t most, bool compare) {
    Table t;
    t.add_column(what);
    t.add_column("mentions", ColumnType::number);
    if (compare) {
        t.add_column("before", ColumnType::number);
        t.add_column("trend");
    }
    // A theme named only before the period is news too: it fell to nothing.
    for (const auto& m : mentions) {
        if (t.rows.size() == most) break;
        if (compare)
            t.add_row(
                {m.text, std::to_string(m.now), std::to_string(m.before), std::string(trend(m))});
        else if (m.now > 0)
            t.add_row({m.text, std::to_string(m.now)});
    }
    return t;
}

// A mean to one decimal from a sum of ratings 1 to 10 over n people, kept within 1 to 10 (an
// adjusted sum can stray outside), halves up: whole tenths, so every computer agrees.
long mean_tenths(long sum, long n) {
    return tenths_of(std::clamp(sum, n, 10 * n), n);
}

// The change in self-ratings, score by score, never one person's: no figure from fewer than
// `floor` people; counts through disclosure control; means from sums adjusted in the same
// keyed way, so that the mean of six people less the mean of five does not give the sixth
// person's rating. No median: of a few whole-number ratings it is often one person's own.
ReportSection self_ratings(const std::vector<ScoreChange>& changes, const Disclosure& disclosure,
                           const std::string& title, const std::string& who) {
    const long floor = 5;
    ReportSection s{title, {}, {}, {}};
    if (changes.empty()) {
        s.paragraphs.push_back(
            "No one has both a baseline and an end rating ending in the period.");
        return s;
    }
    struct Totals {
        long people = 0, improved = 0, baseline = 0, end = 0;
    };
    std::map<std::string, Totals> by_score;
    // Each score's adjustments keyed by its own ratings only: another score rated by more
    // people leaves this one's figures as they were.
    std::map<std::string, std::vector<std::string>> population;
    for (const auto& c : changes) {
        Totals& t = by_score[c.score];
        ++t.people, t.improved += c.end > c.baseline, t.baseline += c.baseline, t.end += c.end;
        population[c.score].push_back(
            fmt::format("{} {} {} {}", c.person, c.score, c.baseline, c.end));
    }
    Table t;
    t.add_column("score");
    for (const char* c : {"people", "improved"})
        t.add_column(c, ColumnType::number);
    for (const char* c : {"mean baseline", "mean end", "mean change"})
        t.add_column(c);
    for (const auto& [score, x] : by_score) {
        PublishedCounts counts = disclosure.counts(who, population[score]);
        if (disclosure.controlled() && x.people < floor) {
            t.add_row({score, "*", "*", "*", "*", "*"});
            continue;
        }
        long baseline =
            mean_tenths(counts.rating_sum(title, score, "baseline sum", x.baseline), x.people);
        long end = mean_tenths(counts.rating_sum(title, score, "end sum", x.end), x.people);
        // Never more improved than people, as published.
        long people = counts.adjusted(title, score, "people", x.people);
        long improved = std::min(counts.adjusted(title, score, "improved", x.improved), people);
        t.add_row({score, counts.controlled() ? nhs_rule(people) : std::to_string(people),
                   counts.controlled() ? nhs_rule(improved) : std::to_string(improved),
                   tenths_text(baseline), tenths_text(end), signed_tenths_text(end - baseline)});
    }
    std::string note =
        fmt::format("{} with both a baseline and an end rating, the end falling in the period.",
                    who == "learning" ? "Leaders" : "Partners");
    if (disclosure.controlled())
        note += fmt::format(
            " A score fewer than {} people rated shows * throughout. People and improved: counts "
            "of 1 to 7 are shown as * and others are rounded to the nearest 5, after a small "
            "random adjustment that stays the same for the same people; the means come from "
            "totals adjusted in the same way by at most 8 points, so they may be a little off. So "
            "two reports cannot be subtracted to find one person's ratings. No median is given: "
            "of a few ratings it is often one person's own.",
            floor);
    else
        note += " " + disclosure.note();
    s.tables.push_back({"", t, note});
    return s;
}

}  // namespace

void LearningFigures::add(const LearningFigures& r, const std::string& region) {
    for (const auto& m : r.mentions) {
        auto it = std::find_if(mentions.begin(), mentions.end(), [&](const Mention& x) {
            return x.what == m.what && x.text == m.text;
        });
        if (it == mentions.end()) {
            mentions.push_back(m);
        } else {
            it->now += m.now;
            it->before += m.before;
        }
    }
    for (auto row : r.learning_partner) {
        row.insert(row.begin(), region);
        learning_partner.push_back(std::move(row));
    }
    quotes.insert(quotes.end(), r.quotes.begin(), r.quotes.end());
    for (auto c : r.changes) {
        c.person = region + ":" + c.person;
        changes.push_back(std::move(c));
    }
    for (auto c : r.partner_changes) {
        c.person = region + ":" + c.person;
        partner_changes.push_back(std::move(c));
    }
    regions = true;
}

LearningFigures learning_figures(const Programme& programme, const ReportScope& scope) {
    LearningFigures f;
    std::optional<CohortMembers> cohort;
    if (!scope.cohort.empty()) cohort = cohort_members(programme, scope.cohort);
    const CohortMembers* only = cohort ? &*cohort : nullptr;
    const std::vector<Reflection>& all = programme.reflections;
    f.mentions = count_mentions(all, scope.from, scope.to, "", only);
    std::vector<const Reflection*> in_period;
    for (const auto& x : all) {
        if (only && !only->keeps(x.by, x.about)) continue;
        if (!(x.date < scope.from) && !(scope.to < x.date)) in_period.push_back(&x);
    }
    std::stable_sort(in_period.begin(), in_period.end(),
                     [](const Reflection* a, const Reflection* b) {
                         return std::tie(a->date, a->id) < std::tie(b->date, b->id);
                     });
    for (const Reflection* x : in_period) {
        if (x->by == "learning-partner")
            f.learning_partner.push_back(
                {x->date.str(), std::string(word(x->stage)), x->changing, x->how, x->why});
        const Partner* by = programme.partner(x->by);
        // Only words the person agreed may be quoted; never who said them.
        for (const auto& q : x->quotes)
            if (quote_may_be_used(q, by)) f.quotes.push_back({x->date.str(), q.text});
    }
    f.changes = score_changes(all, ScoreFilter{scope.from, scope.to, Raters::leaders, only});
    f.partner_changes =
        score_changes(all, ScoreFilter{scope.from, scope.to, Raters::partners, only});
    return f;
}

void add_learning(Report& r, const LearningFigures& f, const ReportScope& scope,
                  const Disclosure& disclosure) {
    long days = days_between(scope.from, scope.to) + 1;
    // Only a programme that existed all through the days before can be compared with them;
    // else every theme would be "rising".
    Date before = Date::from_days(scope.from.days() - days);
    bool compare = scope.began && !(before < *scope.began);
    std::string before_note =
        compare ? fmt::format("\"before\" counts the {} days just before the period.", days)
        : scope.began && *scope.began < scope.from
            ? fmt::format(
                  "Nothing to compare with: the programme's records begin on {}, less "
                  "than {} days before the period.",
                  scope.began->str(), days)
            : "Nothing to compare with: the period begins with the programme's records.";
    {
        ReportSection s{"Themes", {}, {}, {}};
        std::vector<Mention> themes;
        for (const auto& m : f.mentions)
            if (m.what == "theme") themes.push_back(m);
        // The 5 Ps first, in their order; then the programme's own themes, most named first.
        std::stable_sort(themes.begin(), themes.end(), [](const Mention& a, const Mention& b) {
            auto rank = [](const std::string& t) {
                auto it = std::find(five_ps.begin(), five_ps.end(), t);
                return it == five_ps.end() ? 5 : static_cast<int>(it - five_ps.begin());
            };
            return std::pair(rank(a.text), -a.now) < std::pair(rank(b.text), -b.now);
        });
        s.tables.push_back({"Themes named in reflections",
                            mentions_table("theme", themes, 50, compare), before_note});
        r.sections.push_back(std::move(s));
    }
    {
        ReportSection s{"Barriers and enablers", {}, {}, {}};
        std::vector<Mention> barriers, enablers;
        for (const auto& m : f.mentions) {
            if (m.what == "barrier") barriers.push_back(m);
            if (m.what == "enabler") enablers.push_back(m);
        }
        if (f.regions) {  // added up from regions: most named first again
            auto most = [](const Mention& a, const Mention& b) { return a.now > b.now; };
            std::stable_sort(barriers.begin(), barriers.end(), most);
            std::stable_sort(enablers.begin(), enablers.end(), most);
        }
        s.tables.push_back(
            {"Most named barriers", mentions_table("barrier", barriers, 10, compare), ""});
        s.tables.push_back(
            {"Most named enablers", mentions_table("enabler", enablers, 10, compare), ""});
        r.sections.push_back(std::move(s));
    }
    {
        ReportSection s{"What is changing, how, and why", {}, {}, {}};
        Table t;
        if (f.regions) t.add_column("region");
        for (const char* c : {"date", "stage", "what is changing", "how", "why"})
            t.add_column(c);
        for (const auto& row : f.learning_partner)
            t.add_row(row);
        if (t.rows.empty())
            s.paragraphs.push_back("The Learning Partner recorded no reflection in the period.");
        else
            s.tables.push_back({"The Learning Partner's reflections", t, ""});
        r.sections.push_back(std::move(s));
    }
    {
        ReportSection s{"In their words", {}, {}, {}};
        Table t;
        t.add_column("date");
        t.add_column("quote");
        for (const auto& q : f.quotes)
            t.add_row(q);
        if (t.rows.empty())
            s.paragraphs.push_back("No quote in the period has consent to be used.");
        else
            s.tables.push_back(
                {"Quotes used with consent", t, "Only quotes people agreed to share; no names."});
        r.sections.push_back(std::move(s));
    }
    r.sections.push_back(self_ratings(f.changes, f.ratings_as ? *f.ratings_as : disclosure,
                                      "Self-ratings from baseline to end", "learning"));
    // The 5th P, product: the partners' own change is as much the programme's as the leaders'.
    r.sections.push_back(
        self_ratings(f.partner_changes, f.partner_ratings_as ? *f.partner_ratings_as : disclosure,
                     "Partners' own change: self-ratings from baseline to end", "partners"));
}

Report build_learning(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope, const Disclosure& disclosure) {
    Report r = new_report("learning", "Learning Report", store, scope);
    add_learning(r, learning_figures(programme, scope), scope, disclosure);
    return r;
}

}  // namespace vfi
