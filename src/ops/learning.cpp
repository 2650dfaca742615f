#include "vfi/ops/learning.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "vfi/base/decimal.hpp"
#include "vfi/base/median.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/reflections.hpp"

namespace vfi {

bool CohortMembers::keeps(std::string_view by, std::string_view about) const {
    return people.count(by) || matches.count(about) || sessions.count(about);
}

CohortMembers cohort_members(const Programme& programme, const std::string& cohort) {
    CohortMembers out;
    for (const auto& l : programme.leaders)
        if (l.cohort == cohort) out.people.insert(l.id);
    if (out.people.empty())
        throw Error(ExitCode::usage, {}, "--cohort",
                    fmt::format("no leader is in cohort '{}'", cohort),
                    "see the cohorts with `vfi leader list --fields cohort`");
    for (const auto& m : programme.matches)
        if (out.people.count(m.leader)) out.matches.insert(m.id), out.people.insert(m.partner);
    for (const auto& s : programme.sessions)
        if (out.matches.count(s.match)) out.sessions.insert(s.id);
    return out;
}

std::vector<ScoreChange> score_changes(const RecordStore& store, const Date& from, const Date& to) {
    return score_changes(store, ScoreFilter{from, to, Raters::everyone, nullptr});
}

namespace {

bool rates(Raters who, const std::string& by) {
    auto kind = kind_of_id(by);
    if (who == Raters::leaders) return kind == Kind::leader;
    if (who == Raters::partners) return kind == Kind::partner;
    // Everyone who rates their own change: the Learning Partner rates no change of theirs.
    return kind == Kind::leader || kind == Kind::partner;
}

std::vector<Reflection> reflections_of(const RecordStore& store) {
    std::vector<Reflection> out;
    out.reserve(store.records(Kind::reflection).size());
    for (const auto& r : store.records(Kind::reflection))
        out.push_back(to_reflection(r));
    return out;
}

}  // namespace

std::vector<ScoreChange> score_changes(const RecordStore& store, const ScoreFilter& filter) {
    return score_changes(reflections_of(store), filter);
}

std::vector<ScoreChange> score_changes(std::span<const Reflection> reflections,
                                       const ScoreFilter& filter) {
    const Date& from = filter.from;
    const Date& to = filter.to;
    struct Seen {
        Date baseline_date{9999, 12, 31}, end_date{1, 1, 1};
        std::optional<long> baseline, end;
    };
    // (score, person), read where the reflections hold them: nothing is copied to look one up.
    std::map<std::pair<std::string_view, std::string_view>, Seen> seen;
    for (const Reflection& x : reflections) {
        if (x.stage != Stage::baseline && x.stage != Stage::end) continue;
        if (!rates(filter.who, x.by) || (filter.cohort && !filter.cohort->keeps(x.by, x.about)))
            continue;
        for (const auto& [score, value] : x.scores) {
            Seen& s = seen[{score, x.by}];
            if (x.stage == Stage::baseline && x.date < s.baseline_date)
                s.baseline_date = x.date, s.baseline = value;
            // The last end rating in the period: a later one (a second leader coached) must
            // not take a past period's figure away.
            bool in_period = !(x.date < from) && !(to < x.date);
            if (x.stage == Stage::end && in_period && s.end_date < x.date)
                s.end_date = x.date, s.end = value;
        }
    }
    std::vector<ScoreChange> out;
    for (const auto& [key, s] : seen)
        if (s.baseline && s.end && !(s.end_date < from) && !(to < s.end_date))
            out.push_back({std::string(key.first), std::string(key.second), *s.baseline, *s.end});
    return out;
}

std::vector<ScoreSummary> summarise_scores(const std::vector<ScoreChange>& changes) {
    std::map<std::string, std::vector<const ScoreChange*>> by_score;
    for (const auto& c : changes)
        by_score[c.score].push_back(&c);
    std::vector<ScoreSummary> out;
    for (const auto& [score, list] : by_score) {
        ScoreSummary s{score};
        std::vector<long> deltas;
        for (const auto* c : list) {
            s.sum_baseline += c->baseline;
            s.sum_end += c->end;
            deltas.push_back(c->end - c->baseline);
            if (c->end > c->baseline) ++s.improved;
        }
        s.people = static_cast<long>(list.size());
        s.mean_baseline = static_cast<double>(s.sum_baseline) / static_cast<double>(s.people);
        s.mean_end = static_cast<double>(s.sum_end) / static_cast<double>(s.people);
        s.mean_change = s.mean_end - s.mean_baseline;
        s.median_change = median(deltas);
        out.push_back(s);
    }
    return out;
}

std::vector<Mention> count_mentions(const RecordStore& store, const Date& from, const Date& to,
                                    const std::string& by, const CohortMembers* cohort) {
    return count_mentions(reflections_of(store), from, to, by, cohort);
}

std::vector<Mention> count_mentions(std::span<const Reflection> reflections, const Date& from,
                                    const Date& to, const std::string& by,
                                    const CohortMembers* cohort) {
    long length = days_between(from, to) + 1;
    Date before_from = Date::from_days(from.days() - length);
    std::map<std::pair<std::string_view, std::string_view>, Mention> counts;  // as score_changes
    for (const Reflection& x : reflections) {
        if (!by.empty() && x.by != by) continue;
        if (cohort && !cohort->keeps(x.by, x.about)) continue;
        bool now = !(x.date < from) && !(to < x.date);
        bool before = !(x.date < before_from) && x.date < from;
        if (!now && !before) continue;
        auto add = [&](const char* what, const std::vector<std::string>& items) {
            for (const auto& item : items) {
                auto [it, fresh] = counts.try_emplace({what, item});
                Mention& m = it->second;
                if (fresh) m.what = what, m.text = item;
                (now ? m.now : m.before) += 1;
            }
        };
        add("theme", x.themes);
        add("barrier", x.barriers);
        add("enabler", x.enablers);
    }
    std::vector<Mention> out;
    for (auto& [key, m] : counts)
        if (m.now > 0 || m.before > 0) out.push_back(m);
    std::stable_sort(out.begin(), out.end(), [](const Mention& a, const Mention& b) {
        auto rank = [](const std::string& w) { return w == "theme" ? 0 : w == "barrier" ? 1 : 2; };
        return std::tuple(rank(a.what), -a.now, a.text) < std::tuple(rank(b.what), -b.now, b.text);
    });
    return out;
}

std::string_view trend(const Mention& m) {
    return m.now > m.before ? "rising" : m.now < m.before ? "falling" : "steady";
}

std::vector<std::string> score_row(const ScoreSummary& s) {
    return {s.score, std::to_string(s.people), std::to_string(s.improved),
            tenths_text(tenths_of(s.sum_baseline, s.people)),
            tenths_text(tenths_of(s.sum_end, s.people)),
            signed_tenths_text(tenths_of(s.sum_end - s.sum_baseline, s.people)),
            // A median of whole numbers is whole or ends in .5: exact in tenths.
            signed_tenths_text(static_cast<long>(s.median_change * 10))};
}

ScoreTables score_tables(const RecordStore& store, const ScoreFilter& filter) {
    auto changes = score_changes(store, filter);
    // Everyone's: a partner's own rating is never added up with a leader's of the same name.
    if (filter.who == Raters::everyone)
        for (auto& c : changes)
            if (kind_of_id(c.person) == Kind::partner) c.score += " (partners)";
    ScoreTables out;
    for (const char* c : {"score", "person", "name"})
        out.people.add_column(c);
    for (const char* c : {"baseline", "end", "change"})
        out.people.add_column(c, ColumnType::number);
    for (const auto& c : changes)
        out.people.add_row({c.score, c.person, name_of_person(store, c.person),
                            std::to_string(c.baseline), std::to_string(c.end),
                            std::to_string(c.end - c.baseline)});
    out.overall.add_column("score");
    for (const char* c : {"people", "improved"})
        out.overall.add_column(c, ColumnType::number);
    for (const char* c : {"mean_baseline", "mean_end", "mean_change", "median_change"})
        out.overall.add_column(c);
    for (const auto& s : summarise_scores(changes))
        out.overall.add_row(score_row(s));
    return out;
}

MentionTrends mention_trends(const RecordStore& store, const Date& from, const Date& to,
                             const std::string& by) {
    std::string who = by.empty() ? "" : reflection_by(store, by);
    MentionTrends out;
    for (const auto& r : store.records(Kind::reflection))
        if (auto d = field_date(r.doc, "date"); d && (!out.first || *d < *out.first)) out.first = d;
    long days = days_between(from, to) + 1;
    out.compared = out.first && !(Date::from_days(from.days() - days) < *out.first);
    Table& t = out.table;
    t.add_column("kind");
    t.add_column("text");
    t.add_column("now", ColumnType::number);
    t.add_column("before", ColumnType::number);
    t.add_column("trend");
    for (const auto& m : count_mentions(store, from, to, who)) {
        if (out.compared)
            t.add_row({m.what, m.text, std::to_string(m.now), std::to_string(m.before),
                       std::string(trend(m))});
        else if (m.now > 0)
            t.add_row({m.what, m.text, std::to_string(m.now), "", ""});
    }
    return out;
}

}  // namespace vfi
