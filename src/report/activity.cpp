// The activity report: the programme month by month, with charts in the HTML page.
#include <algorithm>

#include <fmt/format.h>

#include "vfi/report/builders.hpp"

namespace vfi {
namespace {

using Month = ActivityMonth;

std::vector<Month> months_of(const Date& from, const Date& to) {
    std::vector<Month> out;
    for (int y = from.year, m = from.month; y < to.year || (y == to.year && m <= to.month);) {
        Month month;
        month.label = fmt::format("{:04}-{:02}", y, m);
        month.first = std::max(Date{y, m, 1}, from);
        month.last = std::min(last_of_month(Date{y, m, 1}), to);
        out.push_back(month);
        if (++m == 13) m = 1, ++y;
    }
    return out;
}

// The period's months, with what happened in each.
class Months {
  public:
    Months(const Programme& p, const ReportScope& scope)
        : p_(p), scope_(scope), months_(months_of(scope.from, scope.to)) {
        count_leaders();
        count_matches();
        count_sessions();
    }
    const std::vector<Month>& all() const { return months_; }

  private:
    bool in_cohort(const std::string& leader) const { return vfi::in_cohort(p_, scope_, leader); }

    // The month a date falls in, or nullptr outside the period.
    Month* month_of(const Date& d) {
        if (d < scope_.from || scope_.to < d) return nullptr;
        for (auto& m : months_)
            if (!(d < m.first) && !(m.last < d)) return &m;
        return nullptr;
    }

    void count_leaders() {
        for (const auto& l : p_.leaders)
            if (l.enquired && in_cohort(l.id))
                if (Month* m = month_of(*l.enquired)) ++m->enquiries;
    }

    void count_matches() {
        for (const auto& match : p_.matches) {
            if (!in_cohort(match.leader)) continue;
            // Started: its first day active, from its history (an older record's `started`).
            if (auto started = match.history.first(MatchStatus::active))
                if (Month* m = month_of(*started)) ++m->matches_started;
            for (auto& m : months_) {
                auto status = match.history.on(m.last);
                if (running(status)) ++m.running;
                if (status == MatchStatus::paused) ++m.paused;
            }
        }
    }

    void count_sessions() {
        for (const auto& x : p_.sessions) {
            if (x.status != SessionStatus::held) continue;
            Month* m = month_of(x.date);
            if (!m) continue;
            if (x.type == SessionType::coaching) {
                const Match* match = p_.match(x.match);
                if (!match || !in_cohort(match->leader)) continue;
                ++m->held;
                m->coaching_minutes += x.minutes;
            } else if (scope_.cohort.empty()) {
                m->involvement_minutes += x.minutes;
            }
        }
    }

    const Programme& p_;
    const ReportScope& scope_;
    std::vector<Month> months_;
};

// The month-by-month table, without its total row (the CSV), and the total row.
Table month_table(const std::vector<Month>& months) {
    Table t;
    t.add_column("month");
    t.add_column("leader enquiries", ColumnType::number);
    t.add_column("matches started", ColumnType::number);
    t.add_column("sessions held", ColumnType::number);
    t.add_column("coaching hours", ColumnType::number);
    t.add_column("involvement hours", ColumnType::number);
    t.add_column("matches running at month end", ColumnType::number);
    t.add_column("of which paused", ColumnType::number);
    for (const auto& m : months)
        t.add_row({m.label, std::to_string(m.enquiries), std::to_string(m.matches_started),
                   std::to_string(m.held), hours_to_tenth(m.coaching_minutes),
                   hours_to_tenth(m.involvement_minutes), std::to_string(m.running),
                   std::to_string(m.paused)});
    return t;
}

std::vector<std::string> total_row(const std::vector<Month>& months, const std::string& label) {
    Month total;
    for (const auto& m : months) {
        total.enquiries += m.enquiries;
        total.matches_started += m.matches_started;
        total.held += m.held;
        total.coaching_minutes += m.coaching_minutes;
        total.involvement_minutes += m.involvement_minutes;
    }
    return {label,
            std::to_string(total.enquiries),
            std::to_string(total.matches_started),
            std::to_string(total.held),
            hours_to_tenth(total.coaching_minutes),
            hours_to_tenth(total.involvement_minutes),
            "",
            ""};
}

std::vector<Chart> month_charts(const std::vector<Month>& months) {
    std::vector<std::string> labels;
    std::vector<double> enquiries, started, held, running;
    for (const auto& m : months) {
        labels.push_back(m.label);
        enquiries.push_back(static_cast<double>(m.enquiries));
        started.push_back(static_cast<double>(m.matches_started));
        held.push_back(static_cast<double>(m.held));
        running.push_back(static_cast<double>(m.running));
    }
    return {{Chart::Kind::bar,
             "Coaching sessions held each month",
             "sessions",
             labels,
             {{"sessions held", held}}},
            {Chart::Kind::bar,
             "Leader enquiries and matches started each month",
             "leaders",
             labels,
             {{"enquiries", enquiries}, {"matches started", started}}},
            {Chart::Kind::line,
             "Matches running at the end of each month",
             "matches",
             labels,
             {{"matches running", running}}}};
}

}  // namespace

std::vector<ActivityMonth> activity_months(const Programme& p, const ReportScope& scope) {
    return Months(p, scope).all();
}

std::vector<ActivityMonth> activity_months(const Date& from, const Date& to) {
    return months_of(from, to);
}

void add_activity(Report& r, const std::vector<ActivityMonth>& months, const ReportScope& scope,
                  const std::string& total) {
    Table t = month_table(months);
    r.flat_csv = t;
    t.add_row(total_row(months, total));
    ReportSection s{"Month by month", {}, {}, {}};
    s.tables.push_back(
        {"", t,
         scope.cohort.empty()
             ? "Sessions and coaching hours count coaching sessions held; involvement hours count "
               "every other kind of involvement held. A match is running from its start until "
               "it ends, paused or not (its history says when it was paused); the last month is "
               "counted at the end of the period."
             : "Only leaders in this cohort, their matches and their coaching sessions are "
               "counted; other involvement belongs to no cohort and shows as 0."});
    s.charts = month_charts(months);
    r.sections.push_back(std::move(s));
}

Report build_activity(const RecordStore& store, const Programme& p, const ReportScope& scope) {
    Report r = new_report("activity", "Activity", store, scope);
    add_activity(r, activity_months(p, scope), scope);
    return r;
}

}  // namespace vfi
