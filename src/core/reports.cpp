// What every report builder shares.
#include "vfi/reports.hpp"

namespace vfi {

Report new_report(std::string name, std::string title, const RecordStore& store,
                  const ReportScope& scope) {
    Report r;
    r.name = std::move(name);
    r.title = std::move(title);
    r.programme = store.settings().programme;
    r.from = scope.from;
    r.to = scope.to;
    r.cohort = scope.cohort;
    return r;
}

}  // namespace vfi
