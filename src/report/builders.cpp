// What every report builder shares.
#include "vfi/report/builders.hpp"

#include <fmt/format.h>

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

bool in_period(const Date& day, const ReportScope& scope) {
    return !(day < scope.from) && !(scope.to < day);
}

bool in_period(const std::optional<Date>& day, const ReportScope& scope) {
    return day && in_period(*day, scope);
}

bool in_cohort(const Programme& programme, const ReportScope& scope, const std::string& leader) {
    if (scope.cohort.empty()) return true;
    const Leader* l = programme.leader(leader);
    return l && l->cohort == scope.cohort;
}

std::string hours_to_tenth(long minutes) {
    long tenths = (minutes * 10 + 30) / 60;
    return fmt::format("{}.{}", tenths / 10, tenths % 10);
}

}  // namespace vfi
