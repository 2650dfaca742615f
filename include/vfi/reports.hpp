// The report builders. Each returns a Report (data only); render_report() formats it.
#pragma once

#include <string>

#include "vfi/programme.hpp"
#include "vfi/report.hpp"
#include "vfi/store.hpp"

namespace vfi {

struct ReportScope {
    Date from, to;
    std::string cohort;  // "" for every cohort
};

// The Summary Report: partners, leaders, matches, sessions, hours, attendance, waiting times
// and other involvement. Needs partners, leaders, matches and sessions loaded.
Report build_summary(const RecordStore& store, const Programme& programme,
                     const ReportScope& scope);

// The Learning Report: themes (the 5 Ps first) with their trend, the most named barriers
// and enablers, the Learning Partner's what / how / why, consented quotes only, and the
// change in self-ratings from baseline to end. Needs reflections loaded.
Report build_learning(const RecordStore& store, const ReportScope& scope);

}  // namespace vfi
