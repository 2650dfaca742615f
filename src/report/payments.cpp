// The payments report. For a whole month (as finance pays) it is that month's payment run:
// what `vfi pay close` recorded, or, before the month is closed, what it would record —
// the month's activity, what earlier months still owe, and adjustments to paid sessions. For
// any other period, or one cohort, it is what the period's activity earns, line by line, at
// the rate in force on each activity's date. Money is counted in whole pence throughout.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/limits.hpp"
#include "vfi/ops/pay.hpp"
#include "vfi/report/builders.hpp"

namespace vfi {
namespace {

std::string item_words(PayItem item) {
    switch (item) {
        case PayItem::session:
            return "session";
        case PayItem::late_cancellation:
            return "session (cancelled late)";
        case PayItem::leader_no_show:
            return "session (the leader did not come)";
        case PayItem::preparation:
            return "preparation";
        case PayItem::involvement:
            return "involvement";
        case PayItem::expenses:
            return "expenses";
    }
    return {};
}

// Minutes as hours to the hundredth (halves up): the unit a total is summed in, so a total
// row is the sum of the rows shown.
long hundredths(long minutes) {
    return (checked_mul(minutes, 100) + 30) / 60;
}

std::string hundredths_text(long h) {
    return fmt::format("{}.{:02}", h / 100, h % 100);
}

// One partner's share of a run or a period.
struct Owed {
    long sessions = 0, prep_minutes = 0, involvement_minutes = 0;
    long month = 0, earlier = 0, adjustments = 0;
    long expenses = 0;  // of the total, what reimburses expenses (never earnings)
    long total() const { return checked_add(checked_add(month, earlier), adjustments); }
};

std::map<std::string, Owed> owed_by_partner(const std::vector<RunLine>& lines) {
    std::map<std::string, Owed> owed;
    for (const auto& [l, why] : lines) {
        Owed& o = owed[l.partner];
        long& to = why == RunWhy::month     ? o.month
                   : why == RunWhy::earlier ? o.earlier
                                            : o.adjustments;
        to = checked_add(to, l.pence);
        if (l.item == PayItem::expenses) {
            o.expenses = checked_add(o.expenses, l.pence);
            continue;
        }
        // An adjustment's minutes are the change, and a session taken back counts less one,
        // so the columns add up to what the run pays.
        if (l.item == PayItem::preparation)
            o.prep_minutes = checked_add(o.prep_minutes, l.minutes);
        else if (l.item == PayItem::involvement)
            o.involvement_minutes = checked_add(o.involvement_minutes, l.minutes);
        else
            o.sessions += why == RunWhy::adjustment && l.pence < 0 ? -1 : 1;
    }
    return owed;
}

std::string partner_name(const Programme& p, const std::string& id) {
    const Partner* x = p.partner(id);
    return x ? x->name : std::string();
}

std::string rules_paragraph(const Settings& settings) {
    return fmt::format(
        "Each session held is paid at the session rate in force on its date, with paid "
        "preparation at the hourly rate; other involvement is paid by the hour. {} {}",
        settings.pay_late_cancellations
            ? "Cancelled coaching and action learning sessions are paid as late cancellations "
              "(payments.late_cancellations is true in vfi.yaml); cancelled involvement paid by "
              "the hour is not."
            : "Cancelled sessions are not paid (payments.late_cancellations is false in "
              "vfi.yaml).",
        settings.pay_leader_no_shows
            ? "A coaching or action learning session the leader did not come to (missed: "
              "leader) is paid as held, as the partner came and prepared "
              "(payments.leader_no_shows is true in vfi.yaml); other no-shows are not paid."
            : "No-shows are not paid (payments.leader_no_shows is false in vfi.yaml).");
}

ReportSection owed_section(const Programme& p, const Settings& settings,
                           const std::map<std::string, Owed>& owed, bool run, std::string intro) {
    ReportSection s{"Owed to each partner", {std::move(intro), rules_paragraph(settings)}, {}, {}};
    Table t;
    t.add_column("partner");
    t.add_column("name");
    t.add_column("sessions", ColumnType::number);
    t.add_column("preparation hours", ColumnType::number);
    t.add_column("involvement hours", ColumnType::number);
    std::string cur = settings.currency;
    if (run) {
        t.add_column(fmt::format("this month ({})", cur), ColumnType::money);
        t.add_column(fmt::format("earlier months ({})", cur), ColumnType::money);
        t.add_column(fmt::format("adjustments ({})", cur), ColumnType::money);
    }
    t.add_column(fmt::format("of which expenses ({})", cur), ColumnType::money);
    t.add_column(fmt::format("amount ({})", cur), ColumnType::money);
    Owed total;
    long prep = 0, involvement = 0;
    auto row = [&](std::vector<std::string> cells, const Owed& o, long prep_h, long inv_h) {
        cells.insert(cells.end(),
                     {std::to_string(o.sessions), hundredths_text(prep_h), hundredths_text(inv_h)});
        if (run)
            cells.insert(cells.end(),
                         {money_text(o.month), money_text(o.earlier), money_text(o.adjustments)});
        cells.push_back(money_text(o.expenses));
        cells.push_back(money_text(o.total()));
        t.add_row(cells);
    };
    for (const auto& [id, o] : owed) {
        long prep_h = hundredths(o.prep_minutes), inv_h = hundredths(o.involvement_minutes);
        row({id, partner_name(p, id)}, o, prep_h, inv_h);
        total.sessions += o.sessions;
        prep = checked_add(prep, prep_h);
        involvement = checked_add(involvement, inv_h);
        total.month = checked_add(total.month, o.month);
        total.earlier = checked_add(total.earlier, o.earlier);
        total.adjustments = checked_add(total.adjustments, o.adjustments);
        total.expenses = checked_add(total.expenses, o.expenses);
    }
    row({"total", counted(owed.size(), "partner")}, total, prep, involvement);
    s.tables.push_back({"", t, ""});
    return s;
}

ReportSection lines_section(const Settings& settings, const std::vector<RunLine>& lines, bool run) {
    ReportSection s{"Every payment line", {}, {}, {}};
    Table t;
    t.add_column("date", ColumnType::date);
    for (const char* c : {"session", "partner", "type", "item"})
        t.add_column(c);
    t.add_column("minutes", ColumnType::number);
    t.add_column(fmt::format("rate ({})", settings.currency));
    t.add_column(fmt::format("amount ({})", settings.currency), ColumnType::money);
    if (run) t.add_column("why");
    std::vector<const RunLine*> sorted;
    for (const auto& l : lines)
        sorted.push_back(&l);
    std::stable_sort(sorted.begin(), sorted.end(), [](const RunLine* a, const RunLine* b) {
        return a->line.partner < b->line.partner;
    });
    for (const RunLine* r : sorted) {
        const PayLine& l = r->line;
        std::vector<std::string> cells = {
            l.date.str(), l.session,          l.partner,
            l.type,       item_words(l.item), l.minutes ? std::to_string(l.minutes) : ""};
        cells.push_back(l.item == PayItem::expenses
                            ? std::string()
                            : money_text(l.rate) + (l.minutes ? " an hour" : " a session"));
        cells.push_back(money_text(l.pence));
        if (run) cells.emplace_back(run_why_words(r->why));
        t.add_row(cells);
    }
    s.tables.push_back({"", t, ""});
    return s;
}

ReportSection not_paid_section(const Programme& p, const Ledger& ledger) {
    ReportSection s{"Not paid", {}, {}, {}};
    s.paragraphs.push_back(fmt::format("Cancelled sessions not paid: {}. No-shows not paid: {}.",
                                       ledger.cancelled_unpaid, ledger.no_shows));
    if (ledger.not_paid.empty() && ledger.fee_declined.empty()) return s;
    Table t;
    t.add_column("partner");
    t.add_column("name");
    t.add_column("activities", ColumnType::number);
    t.add_column("why");
    for (const auto& [id, n] : ledger.not_paid) {
        const Partner* partner = p.partner(id);
        bool recorded = partner && partner->payment_eligible;
        bool eligible = partner && partner->payment_eligible == true;
        t.add_row({id, partner_name(p, id), std::to_string(n),
                   eligible && partner->pay_preference == PayPreference::declined
                       ? "chose not to be paid (payment.preference: declined)"
                   : eligible ? "chose expenses only (payment.preference: expenses-only)"
                   : recorded ? "not eligible for payment (payment.eligible: false)"
                              : "eligibility not recorded (see Needs attention before paying)"});
    }
    for (const auto& [id, n] : ledger.fee_declined)
        t.add_row({id, partner_name(p, id), std::to_string(n),
                   "turned down the fee for these sessions (fee_declined)"});
    s.tables.push_back({"Partners who took part but are not paid", t, ""});
    return s;
}

ReportSection rates_section(const Settings& settings) {
    ReportSection s{"Rates", {}, {}, {}};
    Table t;
    t.add_column("from", ColumnType::date);
    t.add_column(fmt::format("per session ({})", settings.currency), ColumnType::money);
    t.add_column("preparation minutes", ColumnType::number);
    t.add_column(fmt::format("per hour ({})", settings.currency), ColumnType::money);
    std::vector<PaymentRate> rates = settings.rates;
    std::sort(rates.begin(), rates.end(),
              [](const PaymentRate& a, const PaymentRate& b) { return a.from < b.from; });
    for (const auto& rate : rates)
        t.add_row({rate.from.str(), money_text(rate.session_pence),
                   std::to_string(rate.prep_minutes), money_text(rate.hourly_pence)});
    s.tables.push_back(
        {"From vfi.yaml; each activity is paid at the rate in force on its date", t, ""});
    return s;
}

// The finance CSV: one row per partner owed, no total row, to load into a payment run. A
// month's run says which run (or `not closed`) and what of each amount is the month's own,
// owed from earlier months, or an adjustment.
Table finance_csv(const Programme& p, const Settings& settings, const ReportScope& scope,
                  const std::map<std::string, Owed>& owed, const std::string* run) {
    Table csv;
    std::vector<const char*> columns = {
        "period_from", "period_to",           "partner_id",         "name",
        "sessions",    "preparation_minutes", "involvement_minutes"};
    if (run) {
        columns.insert(columns.begin() + 2, "run");
        columns.insert(columns.end(), {"this_month", "earlier_months", "adjustments"});
    }
    columns.insert(columns.end(), {"of_which_expenses", "amount", "currency"});
    for (std::string_view c : columns)
        csv.add_column(std::string(c),
                       c.starts_with("period_")                     ? ColumnType::date
                       : c.ends_with("_minutes") || c == "sessions" ? ColumnType::number
                       : c == "currency" || c == "name" || c.ends_with("_id") || c == "run"
                           ? ColumnType::text
                           : ColumnType::money);
    for (const auto& [id, o] : owed) {
        std::vector<std::string> row = {scope.from.str(),
                                        scope.to.str(),
                                        id,
                                        partner_name(p, id),
                                        std::to_string(o.sessions),
                                        std::to_string(o.prep_minutes),
                                        std::to_string(o.involvement_minutes)};
        if (run) {
            row.insert(row.begin() + 2, *run);
            row.insert(row.end(),
                       {money_text(o.month), money_text(o.earlier), money_text(o.adjustments)});
        }
        row.insert(row.end(), {money_text(o.expenses), money_text(o.total()), settings.currency});
        csv.add_row(row);
    }
    return csv;
}

bool whole_month(const ReportScope& scope) {
    return scope.cohort.empty() && scope.from.day == 1 && scope.to == last_of_month(scope.from);
}

void add_attention(Report& r, const std::vector<std::string>& attention) {
    if (attention.empty()) return;
    r.warnings = attention;
    r.sections.push_back({"Needs attention before paying", attention, {}, {}});
}

// The weeks of partners with a declared weekly limit on earnings that would go over it: the
// weeks alone, never the limit (confidential: only the partner's own statement shows it).
void add_limits(Report& r, const Programme& p, const Settings& settings,
                const std::vector<LimitWeek>& weeks) {
    std::vector<const LimitWeek*> over;
    for (const auto& w : weeks)
        if (w.crossed()) over.push_back(&w);
    if (over.empty()) return;
    ReportSection s{"Weekly limits on earnings", {}, {}, {}};
    s.paragraphs.push_back(
        "Weeks (Monday to Sunday, unless the partner's rule says otherwise) that would take a "
        "partner over the weekly limit on earnings they declared, such as a benefit's permitted "
        "work limit. A partner who crosses it can lose a benefit worth far more than the fee: "
        "talk with them before paying. The limits are confidential and are not shown here; the "
        "partner's own statement (`vfi report statement ID`) shows theirs.");
    Table t;
    t.add_column("partner");
    t.add_column("name");
    t.add_column("week from", ColumnType::date);
    t.add_column("week to", ColumnType::date);
    t.add_column("activities", ColumnType::number);
    t.add_column("hours", ColumnType::number);
    t.add_column(fmt::format("pay ({})", settings.currency), ColumnType::money);
    for (const LimitWeek* w : over)
        t.add_row({w->partner, partner_name(p, w->partner), w->from.str(), w->to.str(),
                   std::to_string(w->activities), hours_text(hundredths_of_hour(w->minutes)),
                   money_text(w->pence)});
    s.tables.push_back({"", t, ""});
    r.sections.push_back(s);
}

// A month as finance pays it: its run, closed or drafted.
void month_report(Report& r, const RecordStore& store, const Programme& p,
                  const ReportScope& scope) {
    const Settings& settings = store.settings();
    std::vector<PaymentRun> runs = payment_runs(store);
    MonthRun run = month_run(p, settings, runs, scope.from);
    std::string month = scope.from.month_str();
    std::string intro = run.run
                            ? fmt::format(
                                  "The payment run for {}, closed on {} ({}): what was paid, as "
                                  "recorded then. A session logged or corrected since is paid in "
                                  "the next month's run.",
                                  month, run.run->closed.str(), run.run->id)
                            : fmt::format(
                                  "The payment run for {} is not closed: this is what `vfi pay "
                                  "close --month {}` would record — the month's activity, what "
                                  "earlier months still owe, and adjustments to sessions already "
                                  "paid.",
                                  month, month);
    // Months close in order: a draft after an open month cannot be closed yet.
    if (!run.run && !runs.empty() && runs.back().month < previous_month(scope.from)) {
        std::string next = next_month(runs.back().month).month_str();
        intro += fmt::format(
            " It cannot be closed yet: the next month to close is {} (`vfi "
            "pay close --month {}`), and until the months before {} are "
            "closed, their activity counts here as owed from an earlier month.",
            next, next, month);
    }
    std::vector<std::string> attention = run.ledger.attention;
    attention.insert(attention.end(), run.over_limits.begin(), run.over_limits.end());
    // A closed run's weeks were flagged before it closed; --check-limits asks again.
    if (run.run && scope.check_limits)
        for (auto& line : crossing_lines(settings, run.limit_weeks))
            attention.push_back(std::move(line));
    add_attention(r, attention);
    auto owed = owed_by_partner(run.lines);
    r.sections.push_back(owed_section(p, settings, owed, true, intro));
    if (!run.carried.empty()) r.sections.push_back({"Set against later runs", run.carried, {}, {}});
    add_limits(r, p, settings, run.limit_weeks);
    r.sections.push_back(lines_section(settings, run.lines, true));
    r.sections.push_back(not_paid_section(p, run.ledger));
    r.sections.push_back(rates_section(settings));
    std::string id = run.run ? run.run->id : std::string("not closed");
    r.flat_csv = finance_csv(p, settings, scope, owed, &id);
}

// Any other period: what its activity earns.
void period_report(Report& r, const RecordStore& store, const Programme& p,
                   const ReportScope& scope) {
    const Settings& settings = store.settings();
    Ledger ledger = work_out_pay(p, settings, scope.from, scope.to, scope.cohort);
    std::vector<RunLine> lines;
    for (const auto& l : ledger.lines)
        lines.push_back({l, RunWhy::month});
    std::vector<std::string> attention = ledger.attention;
    std::vector<LimitWeek> weeks;
    if (scope.check_limits) {
        weeks = limit_weeks(p, settings, scope.from, scope.to);
        for (auto& line : crossing_lines(settings, weeks))
            attention.push_back(std::move(line));
    }
    add_attention(r, attention);
    auto owed = owed_by_partner(lines);
    std::string intro =
        "What the period's activity earns, at the rates in force on each date. Partners are "
        "paid by month: `vfi report payments --month YYYY-MM` is a month's payment run, "
        "with what earlier months still owe.";
    if (!scope.cohort.empty())
        intro += fmt::format(
            " Only coaching of the {} cohort's leaders is counted: involvement outside "
            "coaching (advisory groups, panels, action learning without a match) belongs to no "
            "cohort and is left out.",
            scope.cohort);
    r.sections.push_back(owed_section(p, settings, owed, false, intro));
    add_limits(r, p, settings, weeks);
    r.sections.push_back(lines_section(settings, lines, false));
    r.sections.push_back(not_paid_section(p, ledger));
    r.sections.push_back(rates_section(settings));
    r.flat_csv = finance_csv(p, settings, scope, owed, nullptr);
}

}  // namespace

Report build_payments(const RecordStore& store, const Programme& p, const ReportScope& scope) {
    Report r = new_report("payments", "Payments", store, scope);
    r.currency = store.settings().currency;
    if (whole_month(scope))
        month_report(r, store, p, scope);
    else
        period_report(r, store, p, scope);
    return r;
}

}  // namespace vfi
