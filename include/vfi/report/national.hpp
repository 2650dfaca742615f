// A national report: the same report over every region of a national programme, each read at
// the commit `vfi fetch` recorded, summed before anything is published, with a breakdown by
// region. A region that fails `check`, or cannot be read, is named and left out (exit 1), and
// a stale one is named: never a silent partial total.
#pragma once

#include "vfi/report/catalogue.hpp"

namespace vfi {

// Throws Error(usage) for a report not yet made across regions, or a directory with no
// regions; the report's warnings name every region left out or stale.
MadeReport make_national_report(RecordStore& national, const ReportKind& kind,
                                const ReportAsked& asked);

}  // namespace vfi
