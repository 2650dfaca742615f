// A report made at two commits, side by side (`report NAME --compare-to COMMIT`): each figure
// that differs, then and now, and the changes to records committed between the two that may
// have moved it. The period is the same for both: what differs is what the records said.
#pragma once

#include <vector>

#include "vfi/ops/history.hpp"
#include "vfi/report/catalogue.hpp"
#include "vfi/report/report.hpp"

namespace vfi {

// `then` and `now` are the same report over the same period; `changes` are the field changes
// committed after `then`'s commit up to `now`'s (record_log with `after`), listed unless
// `list_records` is false (a report of people's protected characteristics: which person
// changed would tell what they are).
Report compare_reports(const Report& then, const Report& now,
                       const std::vector<FieldChange>& changes, bool list_records);

// The report made from `store` and again from the records at the commit `then` names (a
// commit or a day, as --as-of takes it) over the same period, compared. The problems are
// those of either (each file named at its commit). Throws what RecordStore's --as-of throws.
MadeReport make_comparison(RecordStore& store, const ReportKind& kind, const ReportAsked& asked,
                           std::string_view then);

}  // namespace vfi
