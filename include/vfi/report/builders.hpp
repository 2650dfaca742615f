// The report builders. Each returns a Report (data only); render_report() formats it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "vfi/model/programme.hpp"
#include "vfi/ops/learning.hpp"
#include "vfi/report/disclosure.hpp"
#include "vfi/report/report.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct ReportScope {
    Date from, to;
    std::string cohort;   // "" for every cohort
    std::string partner;  // the partner a statement is for; "" for every other report
    // Payments: flag every week of the period that goes over a partner's declared limit (a
    // month's open run always does).
    bool check_limits = false;
    // The programme's first record: a period before it holds nothing to compare with.
    std::optional<Date> began = std::nullopt;
};

// A report with its name, title, programme and scope filled in, for a builder to add to.
Report new_report(std::string name, std::string title, const RecordStore& store,
                  const ReportScope& scope);

// What the builders share: is a date inside the period; is a leader in the cohort asked for
// (every leader when none is); minutes as hours to the nearest tenth, halves up (45 -> 0.8).
bool in_period(const Date& day, const ReportScope& scope);
bool in_period(const std::optional<Date>& day, const ReportScope& scope);
bool in_cohort(const Programme& programme, const ReportScope& scope, const std::string& leader);
std::string hours_to_tenth(long minutes);

// The Summary Report: partners, leaders, matches, sessions, hours, attendance, waiting times
// and other involvement; why matches ended early and why sessions were cancelled, by category
// through `disclosure`. Needs partners, leaders, matches and sessions loaded.
Report build_summary(const RecordStore& store, const Programme& programme, const ReportScope& scope,
                     const Disclosure& disclosure);

// The Summary Report's figures before anything is published: exact, and with who each
// category counts, so a national report can add up its regions' and publish the sums through
// disclosure control (never a sum of published cells).
struct CategoryCounts {
    std::vector<std::string> population;  // `ID category`, one per record counted
    std::map<std::string, long> count;    // by category; "" for none
    void add(const std::string& id, const std::string& category);
    // A region's: its records named `region:ID`.
    void add(const CategoryCounts& region, const std::string& name);
    long of(const std::string& category) const;
};

struct SummaryFigures {
    std::vector<long> partners_by_status;  // in the order of the statuses
    long trained = 0, joined = 0, left = 0;
    bool contributors = false;  // paid contributors were left out of the partners
    std::vector<std::string> leader_statuses;
    std::map<std::string, std::map<std::string, long>> leaders;  // cohort -> status -> count
    std::vector<long> enquiry_to_match;                          // days, one per match
    long made = 0, active = 0, paused = 0, completed = 0, ended = 0;
    std::vector<std::string> end_categories;  // the vocabulary, in its order
    CategoryCounts why_ended;
    std::vector<long> to_first_session;
    long held = 0, cancelled = 0, no_show = 0, minutes = 0;
    std::vector<std::string> cancel_categories;
    CategoryCounts why_cancelled;
    std::map<std::string, long> other_minutes;  // by session type
    // Each held session's minutes times the partners who took part, by type: 8 hours of a
    // panel of 3 is 24 person-hours.
    std::map<std::string, long> other_person_minutes;
    bool cohort = false;         // one cohort's: partners are the whole programme's
    long leaders_coached = 0;    // people supported: leaders with a coaching session held
    long partners_involved = 0;  // partners who took part in a session held, of any kind
    std::map<std::string, long> held_by_month;  // YYYY-MM -> coaching sessions held
    // A national report's categorised table whose records are all one region's is published
    // as that region's own report publishes it: its records, its key (two draws of the same
    // count, one in each report, would let them be compared).
    std::optional<Disclosure> ended_as, cancelled_as;
    // Adds a region's figures (its vocabularies' words joined in after these).
    void add(const SummaryFigures& region, const std::string& name);
};
SummaryFigures summary_figures(const RecordStore& store, const Programme& programme,
                               const ReportScope& scope);
// The Summary Report's sections from its figures, the counts of people through `disclosure`.
void add_summary(Report& report, const SummaryFigures& figures, const Disclosure& disclosure);

// The Learning Report: themes (the 5 Ps first) with their trend, the most named barriers
// and enablers, the Learning Partner's what / how / why, consented quotes only, and the
// change in self-ratings from baseline to end: counts through `disclosure`, means from sums
// with its noise, and nothing from fewer than 5 people. Needs reflections loaded.
Report build_learning(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope, const Disclosure& disclosure);

// The equality report: partners who consented, by each equality field and by deprivation
// decile with the share from the most deprived 20% (Core20). Every count goes through
// `disclosure`, keyed on every partner in the period.
Report build_equality(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope, const Disclosure& disclosure);

// The Learning Report's figures before they are published: a national report adds up its
// regions' mentions, lists their Learning Partners' reflections and quotes, and counts every
// region's self-ratings together (each person named `region:ID`) before disclosure control.
struct LearningFigures {
    std::vector<Mention> mentions;
    std::vector<std::vector<std::string>> learning_partner;  // date, stage, changing, how, why
    std::vector<std::vector<std::string>> quotes;            // date, quote
    std::vector<ScoreChange> changes;                        // the leaders' self-ratings
    std::vector<ScoreChange> partner_changes;                // the partners' own
    bool regions = false;  // added up from regions: a region column, mentions sorted again
    // Self-ratings all of one region's people: published as that region's own report does.
    std::optional<Disclosure> ratings_as, partner_ratings_as;
    void add(const LearningFigures& region, const std::string& name);
};
// Over the programme's reflections (Programme::reflections); a cohort's (scope.cohort): the
// reflections of its people, matches and sessions (cohort_members).
LearningFigures learning_figures(const Programme& programme, const ReportScope& scope);
void add_learning(Report& report, const LearningFigures& figures, const ReportScope& scope,
                  const Disclosure& disclosure);

// The equality report's figures before they are published: exact, with who is counted (for
// disclosure control), so a national report can add up its regions' and publish the sums.
struct EqualityFigures {
    std::vector<std::string> population;  // one line per partner in the period
    long consented = 0, declined = 0;
    std::vector<std::vector<std::string>> words;       // each question's answers, in order
    std::vector<std::map<std::string, long>> answers;  // each question: answer -> partners
    std::vector<long> unanswered;                      // each question
    std::map<long, long> deciles;                      // IMD decile -> partners
    // Adds a region's figures (its partners named `region:ID`).
    void add(const EqualityFigures& region, const std::string& name);
};
EqualityFigures equality_figures(const Settings& settings, const std::vector<Partner>& partners,
                                 const ReportScope& scope);
void add_equality(Report& report, const EqualityFigures& figures, const Disclosure& disclosure);

// What each eligible partner is owed for the period: sessions held at the session rate in
// force on their date, paid preparation and other involvement at the hourly rate; cancelled
// sessions only when `payments.late_cancellations` is true; every line, what was not paid and
// why. Its flat CSV has one row per partner for a finance team. Needs partners, leaders,
// matches and sessions loaded.
Report build_payments(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope);

// The activity report's months before they are shown: a national report adds up its
// regions' month by month (each region's from its own first record).
struct ActivityMonth {
    std::string label;  // YYYY-MM
    Date first, last;   // the part of the month inside the period
    long enquiries = 0, matches_started = 0, held = 0, coaching_minutes = 0,
         involvement_minutes = 0, running = 0, paused = 0;
};
std::vector<ActivityMonth> activity_months(const Programme& programme, const ReportScope& scope);
// The months of a period, with nothing counted yet.
std::vector<ActivityMonth> activity_months(const Date& from, const Date& to);
// The "Month by month" section; its total row labelled `total` (a national report with a
// region left out says "all regions counted").
void add_activity(Report& report, const std::vector<ActivityMonth>& months,
                  const ReportScope& scope, const std::string& total = "total");

// A partner's statement for the period (`scope.partner`): each session or activity paid, with
// its date, hours and fee, the total of each week (Monday to Sunday) and of the period; a fee
// a run paid at what the run paid. Its flat CSV has one row per activity. Throws
// Error(not_found) for a partner that does not exist.
Report build_statement(const RecordStore& store, const Programme& programme,
                       const ReportScope& scope);

// The programme month by month: leader enquiries, matches started, sessions held, hours and
// matches running, with charts for the HTML page. Its flat CSV has one row per month.
Report build_activity(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope);

}  // namespace vfi
