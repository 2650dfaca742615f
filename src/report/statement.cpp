// A partner's statement: what one partner was paid for the involvement of a period (a tax year,
// 6 April to 5 April, or any dates), letter-like, for them to give to the DWP or HMRC. One row
// per session or involvement, with its date, the hours it took (time with the leader or group,
// plus paid preparation) and the fee; then the totals of each week, Monday to Sunday, as
// benefit rules count earnings; then the total for the period. A fee a payment run paid is the
// amount the run paid (with any adjustment since); one not yet paid is what it will be paid.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/limits.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/report/builders.hpp"

namespace vfi {
namespace {

std::string long_date(const Date& d) {
    static const char* const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    return fmt::format("{} {} {}", d.day, months[d.month - 1], d.year);
}

std::string activity_words(const PayLine& l) {
    std::string what = l.type.empty() ? "session" : l.type;
    if (l.item == PayItem::late_cancellation) return what + " (cancelled late)";
    if (l.item == PayItem::leader_no_show) return what + " (the leader did not come)";
    return what;
}

// One row: a session or involvement, with everything it paid the partner.
struct ActivityRow {
    Date date;
    std::string session, activity;
    long minutes = 0;   // hours worked: the session's length (when held) plus paid preparation
    long pence = 0;     // the fee: earnings
    long expenses = 0;  // expenses reimbursed: never earnings
    std::map<std::string, Date> runs;  // the runs that paid it: month -> the day it was closed
    bool unpaid = false;               // a line of it no run has paid yet
    bool before_runs = false;          // dated before the first run: paid before vfi kept runs
};

// Whether a row pays for time (a fee, or hours worked), not only expenses reimbursed.
bool fee_row(const ActivityRow& row) {
    return row.pence != 0 || row.minutes != 0;
}

using PaidKey = std::tuple<std::string, std::string, PayItem>;

// What the runs paid one partner, line by line (adjustments summed in), in which months.
struct Paid {
    std::map<PaidKey, std::pair<long, std::map<std::string, Date>>> sums;
    std::map<PaidKey, const PaidLine*> first;  // its date, minutes and item as first paid
};

Paid paid_to(const std::vector<PaymentRun>& runs, const std::string& partner) {
    Paid out;
    for (const auto& run : runs)
        for (const auto& l : run.lines)
            if (l.partner == partner) {
                PaidKey key{l.session, l.partner, l.item};
                auto& [pence, months] = out.sums[key];
                pence = checked_add(pence, l.pence);
                months.emplace(run.month.month_str(), run.closed);
                out.first.emplace(key, &l);
            }
    return out;
}

// The statement's rows, one per session or activity: what the period's activity earns, at
// what the runs paid where they paid it, and what the runs paid that nothing owes now (pay
// stopped since by payment.eligible or payment.preference, or the session changed).
class Rows {
  public:
    Rows(const Programme& p, const std::vector<PaymentRun>& runs, const Paid& paid)
        : paid_(paid), first_run_(runs.empty() ? std::nullopt : std::optional(runs.front().month)) {
        // The sessions a run paid the partner for (of a programme's thousands): what one no
        // longer owes shows its type and length. The first of an id given twice.
        std::set<std::string_view> paid_for;
        for (const auto& [key, sum] : paid.sums)
            paid_for.insert(std::get<0>(key));
        if (!paid_for.empty())
            for (const auto& s : p.sessions)
                if (paid_for.count(s.id)) sessions_.emplace(s.id, &s);
    }

    void owed(const PayLine& l) {
        ActivityRow& row = row_for(l.session, l.date, activity_words(l));
        if (l.item == PayItem::late_cancellation || l.item == PayItem::leader_no_show)
            row.activity = activity_words(l);
        add_minutes(row, l.item, l.session_minutes, l.minutes);
        PaidKey key{l.session, l.partner, l.item};
        counted_.insert(key);
        long& amount = l.item == PayItem::expenses ? row.expenses : row.pence;
        if (auto was = paid_.sums.find(key); was != paid_.sums.end()) {
            amount = checked_add(amount, was->second.first);
            row.runs.insert(was->second.second.begin(), was->second.second.end());
        } else {
            amount = checked_add(amount, l.pence);
            if (first_run_ && !(l.date < *first_run_))
                row.unpaid = true;
            else
                row.before_runs = true;
        }
    }

    void paid_not_owed(const ReportScope& scope) {
        for (const auto& [key, was] : paid_.sums) {
            const PaidLine& l = *paid_.first.at(key);
            if (counted_.count(key) || was.first == 0 || l.date < scope.from || scope.to < l.date)
                continue;
            auto s = sessions_.find(l.session);
            PayLine as{.date = l.date,
                       .session = l.session,
                       .partner = l.partner,
                       .type = s != sessions_.end() && s->second->type
                                   ? std::string(word(*s->second->type))
                                   : std::string("session"),
                       .item = l.item,
                       .minutes = l.minutes,
                       .rate = l.rate,
                       .pence = l.pence};
            ActivityRow& row = row_for(l.session, l.date, activity_words(as));
            add_minutes(row, l.item, s != sessions_.end() ? s->second->minutes : 0, l.minutes);
            long& amount = l.item == PayItem::expenses ? row.expenses : row.pence;
            amount = checked_add(amount, was.first);
            row.runs.insert(was.second.begin(), was.second.end());
        }
    }

    std::vector<ActivityRow> sorted() && {
        std::sort(rows_.begin(), rows_.end(), [](const ActivityRow& a, const ActivityRow& b) {
            return std::tie(a.date, a.session) < std::tie(b.date, b.session);
        });
        return std::move(rows_);
    }

  private:
    ActivityRow& row_for(const std::string& session, const Date& date,
                         const std::string& activity) {
        auto [it, added] = row_of_.emplace(session, rows_.size());
        if (added) {
            ActivityRow row;
            row.date = date;
            row.session = session;
            row.activity = activity;
            rows_.push_back(std::move(row));
        }
        return rows_[it->second];
    }

    // The hours a line stands for: a held session's length, or its own minutes.
    static void add_minutes(ActivityRow& row, PayItem item, long session_minutes, long minutes) {
        if (item == PayItem::session) {
            row.minutes = checked_add(row.minutes, session_minutes);
        } else if (item != PayItem::late_cancellation && item != PayItem::leader_no_show) {
            row.minutes = checked_add(row.minutes, minutes);
        }
    }

    const Paid& paid_;
    std::optional<Date> first_run_;
    std::map<std::string, const Session*> sessions_;
    std::vector<ActivityRow> rows_;
    std::map<std::string, std::size_t> row_of_;  // session -> its row
    std::set<PaidKey> counted_;
};

// What is the same for every part of one statement.
struct Statement {
    const Settings& settings;
    const Programme& p;
    const Partner& partner;
    const std::vector<const Session*>& sessions;  // the partner's, by date
    const ReportScope& scope;
    bool any_run = false;
    int week_starts = 0;     // 0 Monday .. 6 Sunday, as the partner's limit counts weeks
    std::string week_words;  // "Monday to Sunday"
    long total_hours = 0;    // hundredths, the sum of the rows'
    long total_pence = 0;
    long total_expenses = 0;
    long fee_rows = 0;  // rows that pay for time, not only expenses
};

std::string paid_words(const Statement& st, const ActivityRow& row) {
    if (!row.runs.empty()) {
        std::string runs;
        for (const auto& [month, day] : row.runs)
            runs += fmt::format("{}the {} run (closed {})", runs.empty() ? "" : " and ", month,
                                day.str());
        return fmt::format("in {}{}", runs, row.unpaid ? "; more not yet paid" : "");
    }
    return row.unpaid    ? "not yet paid"
           : !st.any_run ? "no payment run recorded"
                         : "before the first payment run";
}

// The opening words: who paid whom, for what period, and what is left out and why.
std::vector<std::string> letter_words(const Statement& st, const std::string& programme,
                                      const std::vector<ActivityRow>& rows) {
    const Partner& partner = st.partner;
    const ReportScope& scope = st.scope;
    std::string period =
        scope.from.month == 4 && scope.from.day == 6 && scope.to == Date{scope.from.year + 1, 4, 5}
            ? fmt::format("in the tax year {}-{:02} (6 April {} to 5 April {})", scope.from.year,
                          (scope.from.year + 1) % 100, scope.from.year, scope.from.year + 1)
            : fmt::format("from {} to {}", long_date(scope.from), long_date(scope.to));
    std::vector<std::string> out;
    out.push_back(fmt::format(
        "What {} paid {} (partner {}) for their involvement {}, as a Lived Experience "
        "Partner: each session or activity with its date, the hours it took (time with the "
        "leader or group, and paid preparation), the fee, and any expenses reimbursed (shown "
        "apart: they are not earnings); then the total of each week's fees, {}; then the "
        "total. Amounts are in {}, as paid, before any tax. Each line is dated by the day of "
        "the activity, which may be before the day it was paid: it names the monthly payment "
        "run that paid it and the day that run was closed.",
        st.settings.organisation.empty()
            ? programme
            : fmt::format("{} ({})", st.settings.organisation, programme),
        partner.name, partner.id, period, st.week_words, st.settings.currency));
    if (rows.empty())
        out.push_back(
            fmt::format("{} was paid nothing for involvement in this period.", partner.name));
    else
        out.push_back(fmt::format(
            "In all: {} {} over {} hours, {} {} in fees{}.", st.fee_rows,
            st.fee_rows == 1 ? "session or activity" : "sessions or activities",
            hours_text(st.total_hours), money_text(st.total_pence), st.settings.currency,
            st.total_expenses == 0
                ? std::string()
                : fmt::format("; and {} {} of expenses reimbursed, which are not earnings",
                              money_text(st.total_expenses), st.settings.currency)));
    if (!st.any_run)
        out.push_back(
            "No monthly payment run has been closed in vfi (`vfi pay close`), so each fee is what "
            "the activity earns at the rates in force on its date.");
    if (std::any_of(rows.begin(), rows.end(), [](const ActivityRow& x) { return x.unpaid; }))
        out.push_back(
            "A line marked \"not yet paid\" is owed and will be paid in the next monthly payment "
            "run; it is counted in the totals at what it will be paid.");
    // Activity in the period the partner is not paid for now, and why.
    long unpaid = 0, declined = 0;
    for (const Session* x : st.sessions)
        if (!(x->date < scope.from) && !(scope.to < x->date) && x->status == SessionStatus::held &&
            std::none_of(rows.begin(), rows.end(), [&](const ActivityRow& row) {
                return row.session == x->id && fee_row(row);
            }))
            ++(std::find(x->fee_declined.begin(), x->fee_declined.end(), partner.id) !=
                       x->fee_declined.end()
                   ? declined
                   : unpaid);
    if (declined > 0)
        out.push_back(
            fmt::format("{} turned down the fee for {} in the period.", partner.name,
                        counted(static_cast<std::size_t>(declined), "activity", "activities")));
    if (unpaid > 0) {
        std::string why = partner.payment_eligible == false ? "payment.eligible is false"
                          : !partner.payment_eligible       ? "payment.eligible is not recorded"
                          : partner.pay_preference == PayPreference::declined
                              ? "they chose not to be paid (payment.preference: declined)"
                          : partner.pay_preference == PayPreference::expenses_only
                              ? "they chose expenses only (payment.preference: expenses-only)"
                              : "no fee was due for it";
        out.push_back(fmt::format("{} other {} in the period {} not paid a fee: {}.", unpaid,
                                  unpaid == 1 ? "activity" : "activities",
                                  unpaid == 1 ? "was" : "were", why));
    }
    return out;
}

// Each row as the page shows it, and as the CSV holds it.
std::pair<Table, Table> activity_tables(const Statement& st, const std::vector<ActivityRow>& rows) {
    const Settings& settings = st.settings;
    Table each;
    each.add_column("date", ColumnType::date);
    each.add_column("week beginning", ColumnType::date);
    each.add_column("session");
    each.add_column("activity");
    each.add_column("hours", ColumnType::number);
    each.add_column(fmt::format("fee ({})", settings.currency), ColumnType::money);
    each.add_column(fmt::format("expenses ({})", settings.currency), ColumnType::money);
    if (st.any_run) each.add_column("paid");
    Table csv;
    for (std::string_view c :
         {"partner_id", "name", "date", "week_from", "week_to", "session", "activity", "minutes",
          "hours", "fee", "expenses", "currency", "paid"})
        csv.add_column(std::string(c), c == "date" || c.starts_with("week_") ? ColumnType::date
                                       : c == "minutes" || c == "hours"      ? ColumnType::number
                                       : c == "fee" || c == "expenses"       ? ColumnType::money
                                                                             : ColumnType::text);
    for (const auto& row : rows) {
        Date first = week_start(row.date, st.week_starts);
        std::string paid = paid_words(st, row);
        std::vector<std::string> cells = {row.date.str(),
                                          first.str(),
                                          row.session,
                                          row.activity,
                                          hours_text(hundredths_of_hour(row.minutes)),
                                          money_text(row.pence),
                                          money_text(row.expenses)};
        if (st.any_run) cells.push_back(paid);
        each.add_row(cells);
        csv.add_row({st.partner.id, st.partner.name, row.date.str(), first.str(),
                     Date::from_days(first.days() + 6).str(), row.session, row.activity,
                     std::to_string(row.minutes), hours_text(hundredths_of_hour(row.minutes)),
                     money_text(row.pence), money_text(row.expenses), settings.currency, paid});
    }
    if (!rows.empty()) {
        std::vector<std::string> total = {"",
                                          "",
                                          "",
                                          "total",
                                          hours_text(st.total_hours),
                                          money_text(st.total_pence),
                                          money_text(st.total_expenses)};
        if (st.any_run) total.emplace_back();
        each.add_row(total);
    }
    return {each, csv};
}

// Each week with paid involvement; for a partner who declared a limit, the limit in force and
// whether the whole week (as the payment run judges it, even where the period cuts it) went
// over. The partner's own statement is the one report that shows their limit.
ReportSection weekly_section(const Statement& st, const std::vector<ActivityRow>& rows) {
    const Settings& settings = st.settings;
    const Partner& partner = st.partner;
    struct Week {
        long hours = 0, pence = 0, minutes = 0, count = 0;
    };
    std::map<Date, Week> weeks;
    for (const auto& row : rows) {
        if (!fee_row(row)) continue;  // expenses only: not earnings
        Week& w = weeks[week_start(row.date, st.week_starts)];
        w.hours = checked_add(w.hours, hundredths_of_hour(row.minutes));
        w.pence = checked_add(w.pence, row.pence);
        w.minutes = checked_add(w.minutes, row.minutes);
        ++w.count;
    }
    ReportSection weekly{"Each week", {}, {}, {}};
    weekly.paragraphs.push_back(
        fmt::format("The weeks with any paid involvement, {}, each with its hours and fees: "
                    "the figures a benefit's weekly limit is measured against. Weeks not listed "
                    "had none.",
                    st.week_words));
    bool limited = partner.limit.declared();
    if (limited)
        weekly.paragraphs.push_back(fmt::format(
            "{} declared a weekly limit on earnings ({}). A week marked \"over\" went over it: "
            "its fees were more than the pay limit, or its hours reached the hours limit.",
            partner.name,
            partner.limit.rule.empty()
                ? std::string("their own figures")
                : fmt::format("the rule {} in vfi.yaml, at the figures in force at the start of "
                              "each week",
                              partner.limit.rule)));
    Table wt;
    wt.add_column("week beginning", ColumnType::date);
    wt.add_column("week ending", ColumnType::date);
    wt.add_column("activities", ColumnType::number);
    wt.add_column("hours", ColumnType::number);
    wt.add_column(fmt::format("fees ({})", settings.currency), ColumnType::money);
    std::map<Date, LimitWeek> whole_weeks;
    if (limited) {
        wt.add_column(fmt::format("pay limit ({})", settings.currency), ColumnType::money);
        wt.add_column("hours under", ColumnType::number);
        wt.add_column("limit");
        for (auto& w : limit_weeks(st.p, settings, st.scope.from, st.scope.to, partner.id))
            whole_weeks.emplace(w.from, std::move(w));
    }
    for (const auto& [first, w] : weeks) {
        std::vector<std::string> cells = {first.str(), Date::from_days(first.days() + 6).str(),
                                          std::to_string(w.count), hours_text(w.hours),
                                          money_text(w.pence)};
        if (limited) {
            auto limit = limit_on(settings, partner.limit, first);
            auto whole = whole_weeks.find(first);
            bool over = whole != whole_weeks.end() && whole->second.crossed();
            cells.push_back(limit && limit->pay_up_to ? money_text(*limit->pay_up_to) : "");
            cells.push_back(
                limit && limit->minutes_under ? std::to_string(*limit->minutes_under / 60) : "");
            std::string verdict = !limit ? "none in force" : over ? "over" : "within";
            if (whole != whole_weeks.end() &&
                (whole->second.pence != w.pence || whole->second.minutes != w.minutes))
                verdict += fmt::format(" (the whole week: {} {}, {} hours)",
                                       money_text(whole->second.pence), settings.currency,
                                       hours_text(hundredths_of_hour(whole->second.minutes)));
            cells.push_back(verdict);
        }
        wt.add_row(cells);
    }
    if (!weeks.empty()) {
        std::vector<std::string> cells = {"total", "", std::to_string(st.fee_rows),
                                          hours_text(st.total_hours), money_text(st.total_pence)};
        if (limited) cells.insert(cells.end(), {"", "", ""});
        wt.add_row(cells);
    }
    // No fee in any week (expenses only, say): a sentence, not an empty table.
    if (weeks.empty())
        weekly.paragraphs = {
            fmt::format("No week in the period had paid involvement: {} was "
                        "paid no fee in it.",
                        partner.name)};
    else
        weekly.tables.push_back({"", wt, ""});
    return weekly;
}

}  // namespace

Report build_statement(const RecordStore& store, const Programme& p, const ReportScope& scope) {
    const Settings& settings = store.settings();
    const Partner* partner = p.partner(scope.partner);
    if (!partner)
        throw Error(ExitCode::not_found, {}, "partner",
                    fmt::format("no partner has the id '{}'", scope.partner),
                    "list them with `vfi partner list`");
    Report r = new_report("statement", "Statement of payments", store, scope);
    r.currency = settings.currency;

    std::vector<PaymentRun> runs = payment_runs(store);
    Paid paid = paid_to(runs, partner->id);
    Rows building(p, runs, paid);
    const std::vector<const Session*> theirs = p.sessions_of_partner(partner->id);
    for (const auto& l : work_out_pay_among(p, settings, theirs, scope.from, scope.to).lines)
        if (l.partner == partner->id) building.owed(l);
    building.paid_not_owed(scope);
    std::vector<ActivityRow> rows = std::move(building).sorted();

    Statement st{settings, p, *partner, theirs, scope, !runs.empty(), 0, "Monday to Sunday", 0, 0};

    // Weeks as the partner's limit counts them (Monday to Sunday unless its rule says).
    if (auto f = limit_on(settings, partner->limit, scope.from))
        st.week_starts = f->week_starts;
    else if (auto g = limit_on(settings, partner->limit, scope.to))
        st.week_starts = g->week_starts;
    static const char* const day_names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
    st.week_words =
        fmt::format("{} to {}", day_names[st.week_starts], day_names[(st.week_starts + 6) % 7]);
    for (const auto& row : rows) {
        st.total_hours = checked_add(st.total_hours, hundredths_of_hour(row.minutes));
        st.total_pence = checked_add(st.total_pence, row.pence);
        st.total_expenses = checked_add(st.total_expenses, row.expenses);
        if (fee_row(row)) ++st.fee_rows;
    }

    ReportSection letter{
        "Statement for " + partner->name, letter_words(st, r.programme, rows), {}, {}};
    auto [each, csv] = activity_tables(st, rows);
    letter.tables.push_back({"Each session and activity", each, ""});
    r.sections.push_back(letter);
    r.sections.push_back(weekly_section(st, rows));
    r.flat_csv = csv;
    return r;
}

}  // namespace vfi
