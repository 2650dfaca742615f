// The reports vfi makes, in one table (what each needs and which builder makes it), and the
// one call that makes any of them from the data directory: every record checked, the period
// and cohort worked out, the counts of people through disclosure control, and the data's
// git commit named so a figure can be traced.
#pragma once

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/format/validate.hpp"
#include "vfi/report/builders.hpp"

namespace vfi {

struct ReportKind {
    std::string_view name;
    bool by_month;           // paid monthly: by default last month, and `month` may be asked
    bool whole_programme;    // about partners and the programme, never one cohort of leaders
    bool counts_people;      // its counts of people go through disclosure control
    bool reads_reflections;  // reads reflections whole (others only need their first date)
    bool for_partner;        // about one partner, named on the command line (a statement)
    bool by_year_of_months;  // by default the last 12 full months (or those up to --to)
    Report (*build)(const RecordStore&, const Programme&, const ReportScope&, const Disclosure&);
};

// Every report, in the order `vfi report --help` lists them.
const std::vector<ReportKind>& report_kinds();
const ReportKind* find_report(std::string_view name);

// What was asked for: a period (either end may be left out) or a month, and a cohort.
struct ReportAsked {
    std::optional<Date> from, to;
    std::optional<std::pair<Date, Date>> month;  // its first and last day
    std::string cohort;
    std::string partner;          // for a report about one partner
    std::optional<int> tax_year;  // the year a UK tax year starts in: 6 April to 5 April
    bool check_limits = false;    // payments: flag weeks over partners' declared limits
    Date today;
    // The command's last step: the records read are left for the process's exit to free.
    bool last = false;
};

// The report, or the problems `vfi check` finds (a report runs only on data check passes,
// or its figures would leave records out). Throws Error(usage) naming the field at fault
// (`month`, `from`, `cohort`) for a period or cohort that cannot be.
struct MadeReport {
    Report report;
    std::vector<Problem> problems;
};
MadeReport make_report(RecordStore& store, const ReportKind& kind, const ReportAsked& asked);

// The period and cohort asked for, a period left open at the start beginning at `first` (the
// first record's date). Throws Error(usage) as make_report does, but for a cohort no leader is
// in (which the caller knows).
ReportScope report_scope(const ReportKind& kind, const ReportAsked& asked, const Date& first);
// The earliest date in the records (today when there are none).
Date first_record(const Programme& programme, const std::optional<Date>& first_reflection,
                  const Date& today);

// The UK tax year `2025-26` as the year it starts in; none for anything else.
std::optional<int> parse_tax_year(std::string_view text);
// The tax year (6 April to 5 April) a day is in, as the year it starts in.
int tax_year_of(const Date& day);

// The calendar month before `today`'s: what a monthly payments run pays.
std::pair<Date, Date> month_before(const Date& today);

}  // namespace vfi
