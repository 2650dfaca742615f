// What the reflections show: self-rated scores from baseline to end, and how often each
// theme, barrier and enabler is named, rising or falling between two periods.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/table.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct ScoreChange {
    std::string score, person;  // person: the reflection's `by`
    long baseline = 0, end = 0;
};

struct ScoreSummary {
    std::string score;
    long people = 0, improved = 0;
    long sum_baseline = 0, sum_end = 0;  // the figures shown are worked from these, exactly
    double mean_baseline = 0, mean_end = 0, mean_change = 0, median_change = 0;
};

// What belongs to one cohort of leaders: its leaders, the partners matched with them (their
// own change is part of the cohort's story), those matches and their sessions.
struct CohortMembers {
    std::set<std::string, std::less<>> people, matches, sessions;
    // A reflection by one of its people, or about one of its matches or sessions.
    bool keeps(std::string_view by, std::string_view about) const;
};
// Error(usage) naming --cohort when no leader is in it.
CohortMembers cohort_members(const Programme& programme, const std::string& cohort);

// Whose self-ratings: the leaders coached, the partners coaching (their own change), or both
// (never the Learning Partner's, which are no one's own change).
enum class Raters { everyone, leaders, partners };

struct ScoreFilter {
    Date from{1900, 1, 1}, to{9999, 12, 31};  // the end rating falls in
    Raters who = Raters::everyone;
    const CohortMembers* cohort = nullptr;  // only reflections it keeps; nullptr for all
};

// Each person's first baseline and last end rating of each score, where both exist and the
// end rating falls in [from, to] (every end rating by default).
std::vector<ScoreChange> score_changes(std::span<const Reflection> reflections,
                                       const ScoreFilter& filter);
std::vector<ScoreChange> score_changes(const RecordStore& store, const ScoreFilter& filter);
std::vector<ScoreChange> score_changes(const RecordStore& store,
                                       const Date& from = Date{1900, 1, 1},
                                       const Date& to = Date{9999, 12, 31});
std::vector<ScoreSummary> summarise_scores(const std::vector<ScoreChange>& changes);

struct Mention {
    std::string what;  // theme, barrier or enabler
    std::string text;
    long now = 0;     // in the period asked for
    long before = 0;  // in the period of the same length just before it
};

// Counts in [from, to] and in the same number of days before `from`, most named first.
// `by` keeps only reflections by that person (or learning-partner); empty for all.
std::vector<Mention> count_mentions(std::span<const Reflection> reflections, const Date& from,
                                    const Date& to, const std::string& by,
                                    const CohortMembers* cohort = nullptr);
std::vector<Mention> count_mentions(const RecordStore& store, const Date& from, const Date& to,
                                    const std::string& by, const CohortMembers* cohort = nullptr);

// rising, falling or steady: now against before.
std::string_view trend(const Mention& m);

// A score's row of `reflect scores`: score, people, improved, mean baseline and end, mean
// and median change, to one decimal worked exactly (4.25 is 4.3; no -0.0).
std::vector<std::string> score_row(const ScoreSummary& s);

// What `reflect scores` shows: each person's change (score, person, name, baseline, end,
// change; the name of a person `store` holds),
// and the figures of each score over everyone (score, people, improved, mean_baseline,
// mean_end, mean_change, median_change), means to one decimal, changes signed.
struct ScoreTables {
    Table people, overall;
};
ScoreTables score_tables(const RecordStore& store, const ScoreFilter& filter = {});

// What `reflect themes` shows: count_mentions as kind, text, now, before, trend. `by` as
// typed, resolved as a reflection's `by` (reflection_by); empty for everyone. Only when
// reflections were kept all through the days before (the first is no later than their first
// day) are they compared: else `before` and `trend` are empty, and only what was named in the
// period is listed (every theme would be "rising" against nothing).
struct MentionTrends {
    Table table;
    bool compared = false;
    std::optional<Date> first;  // the first reflection's day
};
MentionTrends mention_trends(const RecordStore& store, const Date& from, const Date& to,
                             const std::string& by);

}  // namespace vfi
