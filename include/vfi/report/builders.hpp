// The report builders. Each returns a Report (data only); render_report() formats it.
#pragma once

#include <string>

#include "vfi/model/programme.hpp"
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

// The Learning Report: themes (the 5 Ps first) with their trend, the most named barriers
// and enablers, the Learning Partner's what / how / why, consented quotes only, and the
// change in self-ratings from baseline to end: counts through `disclosure`, means from sums
// with its noise, and nothing from fewer than 5 people. Needs reflections loaded.
Report build_learning(const RecordStore& store, const ReportScope& scope,
                      const Disclosure& disclosure);

// The equality report: partners who consented, by each equality field and by deprivation
// decile with the share from the most deprived 20% (Core20). Every count goes through
// `disclosure`, keyed on every partner in the period. Needs partners loaded.
Report build_equality(const RecordStore& store, const ReportScope& scope,
                      const Disclosure& disclosure);

// What each eligible partner is owed for the period: sessions held at the session rate in
// force on their date, paid preparation and other involvement at the hourly rate; cancelled
// sessions only when `payments.late_cancellations` is true; every line, what was not paid and
// why. Its flat CSV has one row per partner for a finance team. Needs partners, leaders,
// matches and sessions loaded.
Report build_payments(const RecordStore& store, const Programme& programme,
                      const ReportScope& scope);

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
