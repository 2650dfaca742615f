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
    long minutes = 0;  // hours worked: the session's length (when held) plus paid preparation
    long pence = 0;
    std::set<std::string> runs;  // the months of the runs that paid it
    bool unpaid = false;         // a line of it no run has paid yet
    bool before_runs = false;    // dated before the first run: paid before vfi kept runs
};

using PaidKey = std::tuple<std::string, std::string, PayItem>;

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

    // What the runs paid, line by line (adjustments summed in), and in which month.
    std::vector<PaymentRun> runs = payment_runs(store);
    std::map<PaidKey, std::pair<long, std::set<std::string>>> paid;
    std::map<PaidKey, const PaidLine*> first_paid;  // its date, minutes and item as first paid
    for (const auto& run : runs)
        for (const auto& l : run.lines)
            if (l.partner == partner->id) {
                auto& [pence, months] = paid[{l.session, l.partner, l.item}];
                pence = checked_add(pence, l.pence);
                months.insert(run.month.month_str());
                first_paid.emplace(PaidKey{l.session, l.partner, l.item}, &l);
            }
    std::optional<Date> first_run = runs.empty() ? std::nullopt : std::optional(runs.front().month);

    std::map<std::string, const Session*> sessions;
    for (const auto& s : p.sessions)
        sessions[s.id] = &s;

    Ledger ledger = work_out_pay(p, settings, scope.from, scope.to);
    std::vector<ActivityRow> rows;
    std::map<std::string, std::size_t> row_of;  // session -> its row
    auto row_for = [&](const std::string& session, const Date& date,
                       const std::string& activity) -> ActivityRow& {
        auto [it, added] = row_of.emplace(session, rows.size());
        if (added) {
            ActivityRow row;
            row.date = date;
            row.session = session;
            row.activity = activity;
            rows.push_back(std::move(row));
        }
        return rows[it->second];
    };
    // The hours a line stands for: a held session's length, or its own minutes.
    auto add_minutes = [&](ActivityRow& row, PayItem item, const std::string& session,
                           long minutes) {
        if (item == PayItem::session) {
            if (auto s = sessions.find(session); s != sessions.end())
                row.minutes = checked_add(row.minutes, s->second->minutes);
        } else if (item != PayItem::late_cancellation && item != PayItem::leader_no_show) {
            row.minutes = checked_add(row.minutes, minutes);
        }
    };
    std::set<PaidKey> counted;
    for (const auto& l : ledger.lines) {
        if (l.partner != partner->id) continue;
        ActivityRow& row = row_for(l.session, l.date, activity_words(l));
        if (l.item == PayItem::late_cancellation || l.item == PayItem::leader_no_show)
            row.activity = activity_words(l);
        add_minutes(row, l.item, l.session, l.minutes);
        PaidKey key{l.session, l.partner, l.item};
        counted.insert(key);
        if (auto was = paid.find(key); was != paid.end()) {
            row.pence = checked_add(row.pence, was->second.first);
            row.runs.insert(was->second.second.begin(), was->second.second.end());
        } else {
            row.pence = checked_add(row.pence, l.pence);
            if (first_run && !(l.date < *first_run))
                row.unpaid = true;
            else
                row.before_runs = true;
        }
    }
    // What the runs paid that nothing owes now (pay stopped since, by payment.eligible or
    // payment.preference, or the session was changed): it was paid, so it is on the statement.
    for (const auto& [key, was] : paid) {
        const PaidLine& l = *first_paid.at(key);
        if (counted.count(key) || was.first == 0 || l.date < scope.from || scope.to < l.date)
            continue;
        auto s = sessions.find(l.session);
        std::string type = s != sessions.end() && s->second->type
                               ? std::string(word(*s->second->type))
                               : std::string("session");
        PayLine as{.date = l.date,
                   .session = l.session,
                   .partner = l.partner,
                   .type = type,
                   .item = l.item,
                   .minutes = l.minutes,
                   .rate = l.rate,
                   .pence = l.pence};
        ActivityRow& row = row_for(l.session, l.date, activity_words(as));
        add_minutes(row, l.item, l.session, l.minutes);
        row.pence = checked_add(row.pence, was.first);
        row.runs.insert(was.second.begin(), was.second.end());
    }
    std::sort(rows.begin(), rows.end(), [](const ActivityRow& a, const ActivityRow& b) {
        return std::tie(a.date, a.session) < std::tie(b.date, b.session);
    });
    // Activity in the period the partner is not paid for now, and why.
    long unpaid_activities = 0;
    for (const Session* x : p.sessions_of_partner(partner->id))
        if (!(x->date < scope.from) && !(scope.to < x->date) && x->status == SessionStatus::held &&
            std::none_of(rows.begin(), rows.end(),
                         [&](const ActivityRow& row) { return row.session == x->id; }))
            ++unpaid_activities;

    // Weeks as the partner's limit counts them (Monday to Sunday unless its rule says).
    int starts = 0;
    if (auto f = limit_on(settings, partner->limit, scope.from))
        starts = f->week_starts;
    else if (auto g = limit_on(settings, partner->limit, scope.to))
        starts = g->week_starts;
    static const char* const day_names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                            "Friday", "Saturday", "Sunday"};
    std::string week_words =
        fmt::format("{} to {}", day_names[starts], day_names[(starts + 6) % 7]);
    std::string period =
        scope.from.month == 4 && scope.from.day == 6 && scope.to == Date{scope.from.year + 1, 4, 5}
            ? fmt::format("in the tax year {}-{:02} (6 April {} to 5 April {})", scope.from.year,
                          (scope.from.year + 1) % 100, scope.from.year, scope.from.year + 1)
            : fmt::format("from {} to {}", long_date(scope.from), long_date(scope.to));
    ReportSection letter{"Statement for " + partner->name, {}, {}, {}};
    letter.paragraphs.push_back(fmt::format(
        "What {} paid {} (partner {}) for their involvement {}, as a Lived Experience "
        "Partner: each session or activity with its date, the hours it took (time with the "
        "leader or group, and paid preparation) and the fee; then the total of each week, "
        "{}; then the total. Amounts are in {}, as paid, before any tax.",
        settings.organisation.empty() ? r.programme
                                      : fmt::format("{} ({})", settings.organisation, r.programme),
        partner->name, partner->id, period, week_words, settings.currency));
    long total_hours = 0, total_pence = 0;
    for (const auto& row : rows) {
        total_hours = checked_add(total_hours, hundredths_of_hour(row.minutes));
        total_pence = checked_add(total_pence, row.pence);
    }
    if (rows.empty())
        letter.paragraphs.push_back(
            fmt::format("{} was paid nothing for involvement in this period.", partner->name));
    else
        letter.paragraphs.push_back(
            fmt::format("In all: {} {} over {} hours, {} {}.", rows.size(),
                        rows.size() == 1 ? "session or activity" : "sessions or activities",
                        hours_text(total_hours), money_text(total_pence), settings.currency));
    bool any_unpaid =
        std::any_of(rows.begin(), rows.end(), [](const ActivityRow& x) { return x.unpaid; });
    if (runs.empty())
        letter.paragraphs.push_back(
            "No monthly payment run has been closed in vfi (`vfi pay close`), so each fee is what "
            "the activity earns at the rates in force on its date.");
    if (any_unpaid)
        letter.paragraphs.push_back(
            "A line marked \"not yet paid\" is owed and will be paid in the next monthly payment "
            "run; it is counted in the totals at what it will be paid.");
    if (unpaid_activities > 0) {
        std::string why = partner->payment_eligible == false ? "payment.eligible is false"
                          : !partner->payment_eligible       ? "payment.eligible is not recorded"
                          : partner->pay_preference == PayPreference::declined
                              ? "they chose not to be paid (payment.preference: declined)"
                          : partner->pay_preference == PayPreference::expenses_only
                              ? "they chose expenses only (payment.preference: expenses-only)"
                              : "no fee was due for it";
        letter.paragraphs.push_back(fmt::format("{} other {} in the period {} not paid a fee: {}.",
                                                unpaid_activities,
                                                unpaid_activities == 1 ? "activity" : "activities",
                                                unpaid_activities == 1 ? "was" : "were", why));
    }
    Table each;
    each.add_column("date", ColumnType::date);
    each.add_column("week beginning", ColumnType::date);
    each.add_column("session");
    each.add_column("activity");
    each.add_column("hours", ColumnType::number);
    each.add_column(fmt::format("fee ({})", settings.currency), ColumnType::money);
    if (!runs.empty()) each.add_column("paid");
    Table csv;
    for (const char* c : {"partner_id", "name", "date", "week_from", "week_to", "session",
                          "activity", "minutes", "hours", "fee", "currency", "paid"})
        csv.add_column(c, std::string_view(c) == "date" || std::string_view(c).starts_with("week_")
                              ? ColumnType::date
                          : std::string_view(c) == "minutes" || std::string_view(c) == "hours"
                              ? ColumnType::number
                          : std::string_view(c) == "fee" ? ColumnType::money
                                                         : ColumnType::text);
    std::map<Date, std::pair<long, long>> weeks;  // first day -> hundredths of hours, pence
    std::map<Date, long> week_count, week_minutes;
    for (const auto& row : rows) {
        Date monday = week_start(row.date, starts);
        std::string paid_words = !row.runs.empty() ? fmt::format(
                                                         "in the {} run{}",
                                                         [&] {
                                                             std::string s;
                                                             for (const auto& m : row.runs)
                                                                 s += (s.empty() ? "" : ", ") + m;
                                                             return s;
                                                         }(),
                                                         row.unpaid ? "; more not yet paid" : "")
                                 : row.unpaid   ? "not yet paid"
                                 : runs.empty() ? "no payment run recorded"
                                                : "before the first payment run";
        std::vector<std::string> cells = {row.date.str(),
                                          monday.str(),
                                          row.session,
                                          row.activity,
                                          hours_text(hundredths_of_hour(row.minutes)),
                                          money_text(row.pence)};
        if (!runs.empty()) cells.push_back(paid_words);
        each.add_row(cells);
        csv.add_row({partner->id, partner->name, row.date.str(), monday.str(),
                     Date::from_days(monday.days() + 6).str(), row.session, row.activity,
                     std::to_string(row.minutes), hours_text(hundredths_of_hour(row.minutes)),
                     money_text(row.pence), settings.currency, paid_words});
        auto& [hours, pence] = weeks[monday];
        hours = checked_add(hours, hundredths_of_hour(row.minutes));
        pence = checked_add(pence, row.pence);
        ++week_count[monday];
        week_minutes[monday] = checked_add(week_minutes[monday], row.minutes);
    }
    if (!rows.empty())
        each.add_row(runs.empty()
                         ? std::vector<std::string>{"", "", "", "total", hours_text(total_hours),
                                                    money_text(total_pence)}
                         : std::vector<std::string>{"", "", "", "total", hours_text(total_hours),
                                                    money_text(total_pence), ""});
    letter.tables.push_back({"Each session and activity", each, ""});
    r.sections.push_back(letter);

    ReportSection weekly{"Each week", {}, {}, {}};
    weekly.paragraphs.push_back(
        fmt::format("The weeks with any paid involvement, {}, each with its hours and fees: "
                    "the figures a benefit's weekly limit is measured against. Weeks not listed "
                    "had none.",
                    week_words));
    // The partner's own statement is the one report that shows the limit they declared.
    bool limited = partner->limit.declared();
    if (limited) {
        std::string rule = partner->limit.rule.empty()
                               ? std::string("their own figures")
                               : fmt::format(
                                     "the rule {} in vfi.yaml, at the figures in force "
                                     "at the start of each week",
                                     partner->limit.rule);
        weekly.paragraphs.push_back(fmt::format(
            "{} declared a weekly limit on earnings ({}). A week marked \"over\" went over it: "
            "its fees were more than the pay limit, or its hours reached the hours limit.",
            partner->name, rule));
    }
    Table wt;
    wt.add_column("week beginning", ColumnType::date);
    wt.add_column("week ending", ColumnType::date);
    wt.add_column("activities", ColumnType::number);
    wt.add_column("hours", ColumnType::number);
    wt.add_column(fmt::format("fees ({})", settings.currency), ColumnType::money);
    if (limited) {
        wt.add_column(fmt::format("pay limit ({})", settings.currency), ColumnType::money);
        wt.add_column("hours under", ColumnType::number);
        wt.add_column("limit");
    }
    std::map<Date, LimitWeek> whole_weeks;
    if (limited)
        for (auto& w : limit_weeks(p, settings, scope.from, scope.to, partner->id))
            whole_weeks.emplace(w.from, std::move(w));
    for (const auto& [monday, figures] : weeks) {
        std::vector<std::string> cells = {monday.str(), Date::from_days(monday.days() + 6).str(),
                                          std::to_string(week_count[monday]),
                                          hours_text(figures.first), money_text(figures.second)};
        if (limited) {
            // Judged on the whole week, as the payment run judges it, even where the period
            // cuts it.
            auto limit = limit_on(settings, partner->limit, monday);
            auto whole = whole_weeks.find(monday);
            bool over = whole != whole_weeks.end() && whole->second.crossed();
            cells.push_back(limit && limit->pay_up_to ? money_text(*limit->pay_up_to) : "");
            cells.push_back(
                limit && limit->minutes_under ? std::to_string(*limit->minutes_under / 60) : "");
            std::string verdict = !limit ? "none in force" : over ? "over" : "within";
            if (whole != whole_weeks.end() && (whole->second.pence != figures.second ||
                                               whole->second.minutes != week_minutes[monday]))
                verdict += fmt::format(" (the whole week: {} {}, {} hours)",
                                       money_text(whole->second.pence), settings.currency,
                                       hours_text(hundredths_of_hour(whole->second.minutes)));
            cells.push_back(verdict);
        }
        wt.add_row(cells);
    }
    if (!weeks.empty()) {
        std::vector<std::string> cells = {"total", "", std::to_string(rows.size()),
                                          hours_text(total_hours), money_text(total_pence)};
        if (limited) cells.insert(cells.end(), {"", "", ""});
        wt.add_row(cells);
    }
    weekly.tables.push_back({"", wt, ""});
    r.sections.push_back(weekly);
    r.flat_csv = csv;
    return r;
}

}  // namespace vfi
