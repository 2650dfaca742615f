// What partners are owed (the ledger), and the monthly payment runs that record what was paid.
#include "vfi/ops/pay.hpp"
#include "vfi/ops/limits.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/error.hpp"
#include "vfi/base/money.hpp"
#include "vfi/base/process.hpp"
#include "vfi/base/text.hpp"
#include "vfi/ops/transaction.hpp"
#include "vfi/store/git.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

bool takes_fee(const Partner& partner) {
    return partner.pay_preference != PayPreference::expenses_only &&
           partner.pay_preference != PayPreference::declined;
}

long pay_for_minutes(long minutes, long hourly_pence) {
    return checked_add(checked_mul(checked_mul(minutes, hourly_pence), 2), 60) / 120;
}

namespace {

// Of settings dated `from`, the one in force on `day`: the latest from on or before it.
template <class Dated>
const Dated* in_force_on(const std::vector<Dated>& all, const Date& day) {
    const Dated* found = nullptr;
    for (const auto& r : all)
        if (!(day < r.from) && (!found || found->from < r.from)) found = &r;
    return found;
}

}  // namespace

const PaymentRate* rate_on(const std::vector<PaymentRate>& rates, const Date& day) {
    return in_force_on(rates, day);
}

const MileageRate* mileage_on(const std::vector<MileageRate>& rates, const Date& day) {
    return in_force_on(rates, day);
}

long mileage_pence(long hundredths_of_mile, long per_mile_pence) {
    return checked_add(checked_mul(checked_mul(hundredths_of_mile, per_mile_pence), 2), 100) / 200;
}

std::optional<long> expense_pence(const Expense& e, const Settings& settings, const Date& day) {
    // Approved mileage holds its amount, worked out when it was approved: a rate per mile
    // changed later never reprices it.
    if (e.kind != ExpenseKind::mileage || e.pence) return e.pence;
    const MileageRate* rate = mileage_on(settings.mileage, day);
    if (!rate || !e.hundredths) return std::nullopt;
    return mileage_pence(*e.hundredths, rate->per_mile_pence);
}

namespace {

// Who took part (Programme::partners_of), when the session is in the scope: a coaching
// session when its leader is in the cohort asked for; other involvement, which belongs to no
// cohort, only when none is asked for.
std::vector<std::string> paid_people(const Programme& p, const std::string& cohort,
                                     const Session& x) {
    if (x.type == SessionType::coaching) {
        const Match* m = p.match(x.match);
        if (!m) return {};
        if (!cohort.empty()) {
            const Leader* l = p.leader(m->leader);
            if (!l || l->cohort != cohort) return {};
        }
        return Programme::partners_of(x, m);
    }
    if (!cohort.empty()) return {};
    return p.partners_of(x);
}

// The lines one partner is paid for one session at `rate`.
void pay(Ledger& ledger, const Session& x, const std::string& partner, const PaymentRate& rate,
         bool per_session) {
    PayLine line{.date = x.date,
                 .session = x.id,
                 .partner = partner,
                 .type = std::string(word(x.type)),
                 .item = PayItem::involvement,
                 .minutes = 0,
                 .rate = 0,
                 .pence = 0,
                 .session_minutes = x.minutes};
    if (!per_session) {
        line.minutes = x.minutes;
        line.rate = rate.hourly_pence;
        line.pence = pay_for_minutes(x.minutes, rate.hourly_pence);
        ledger.lines.push_back(line);
        return;
    }
    line.item = x.status == SessionStatus::cancelled ? PayItem::late_cancellation
                : x.status == SessionStatus::no_show ? PayItem::leader_no_show
                                                     : PayItem::session;
    line.rate = line.pence = rate.session_pence;
    ledger.lines.push_back(line);
    if (rate.prep_minutes <= 0) return;
    line.item = PayItem::preparation;
    line.minutes = rate.prep_minutes;
    line.rate = rate.hourly_pence;
    line.pence = pay_for_minutes(rate.prep_minutes, rate.hourly_pence);
    ledger.lines.push_back(line);
}

// A session's partners who are paid for it; the rest are counted as not paid. `owed` when
// someone may be owed for it: a partner eligible, or one whose eligibility is not recorded.
struct Payees {
    std::vector<std::string> paid;
    bool owed = false;
};

Payees payees(Ledger& ledger, const Programme& p, const std::vector<std::string>& who,
              const Session& x, const PaidAlready& paid_already) {
    Payees out;
    for (const auto& id : who) {
        const Partner* partner = p.partner(id);
        if (!partner) continue;  // `vfi check` reports the dangling reference
        // The fee of this session turned down (to stay within a weekly limit, say): nothing
        // is owed for it, so nothing needs attention either.
        if (std::find(x.fee_declined.begin(), x.fee_declined.end(), id) != x.fee_declined.end()) {
            ++ledger.fee_declined[id];
            continue;
        }
        // A partner may choose not to take a fee (expenses only, or nothing at all).
        if (partner->payment_eligible == true && takes_fee(*partner))
            out.paid.push_back(id);
        else if (!paid_already || !paid_already(x.id, id)) {
            ++ledger.not_paid[id];
            ledger.not_paid_from.try_emplace(id, x.date);  // sessions come in date order
        }
        if (partner->payment_eligible != false) out.owed = true;
    }
    return out;
}

// The rate a session is paid at; none, with what to do under "Needs attention", when it
// cannot be paid as it stands.
const PaymentRate* payable_rate(Ledger& ledger, const Settings& settings, const Session& x,
                                bool per_session) {
    const PaymentRate* rate = rate_on(settings.rates, x.date);
    if (!rate) {
        ledger.attention.push_back(fmt::format(
            "{} on {} is not paid: no payment rate is in force on that date — add a rate "
            "starting on or before {} under payments.rates in vfi.yaml.",
            x.id, x.date.str(), x.date.str()));
        return nullptr;
    }
    if (!per_session && x.minutes <= 0) {
        ledger.attention.push_back(fmt::format(
            "{} ({} on {}) is not paid: it has no minutes, and involvement is paid by the "
            "hour — record them with `vfi session set {} minutes=90`.",
            x.id, word(x.type), x.date.str(), x.id));
        return nullptr;
    }
    return rate;
}

// A no-show is not paid, but for one the leader missed when vfi.yaml pays the partner who came
// and prepared (payments.leader_no_shows), as a session held. Until who missed it is recorded,
// one that may be owed needs attention.
bool pays_no_show(Ledger& ledger, const Programme& p, const Settings& settings,
                  const std::vector<std::string>& who, const Session& x, bool per_session) {
    if (!settings.pay_leader_no_shows || !per_session || (x.missed && x.missed != Missed::leader)) {
        ++ledger.no_shows;
        return false;
    }
    if (x.missed) return true;
    bool owed = std::any_of(who.begin(), who.end(), [&](const std::string& id) {
        const Partner* partner = p.partner(id);
        return partner && partner->payment_eligible != false;
    });
    if (!owed) {
        ++ledger.no_shows;
        return false;
    }
    ledger.attention.push_back(fmt::format(
        "{} ({} no-show on {}) is not paid yet: who did not come is not recorded, and the "
        "partner is paid when it was the leader (payments.leader_no_shows) — record it with "
        "`vfi session set {} missed=leader` (or partner, or both).",
        x.id, word(x.type), x.date.str(), x.id));
    return false;
}

// One session into the ledger: paid, or counted among what is not paid.
void enter(Ledger& ledger, const Programme& p, const Settings& settings,
           const std::vector<std::string>& who, const Session& x, const PaidAlready& paid_already) {
    // A late cancellation pays the session fee and preparation, which were given up for it;
    // involvement paid by the hour is paid only for hours that took place.
    bool per_session = x.type && paid_per_session(*x.type);
    if (x.status == SessionStatus::no_show &&
        !pays_no_show(ledger, p, settings, who, x, per_session))
        return;
    if (x.status == SessionStatus::cancelled &&
        (!settings.pay_late_cancellations || !per_session)) {
        ++ledger.cancelled_unpaid;
        return;
    }
    if (!x.status) return;
    Payees to = payees(ledger, p, who, x, paid_already);
    if (!to.owed) return;  // no one is owed anything for it, so nothing needs attention
    const PaymentRate* rate = payable_rate(ledger, settings, x, per_session);
    if (!rate) return;
    for (const auto& id : to.paid)
        pay(ledger, x, id, *rate, per_session);
}

// The expenses claimed for a session by those who took part: what is approved is reimbursed,
// one line for each partner, whatever their eligibility for a fee and whatever became of the
// session (a train ticket bought for a session cancelled late is still spent). A claim waiting
// for approval, or mileage with no rate per mile for its day, needs attention.
void claim_expenses(Ledger& ledger, const Settings& settings, const std::vector<std::string>& who,
                    const Session& x) {
    std::map<std::string, long> approved;
    for (const auto& e : x.expenses) {
        // `vfi check` reports a claim by someone not taking part, or with no amount.
        if (!e.kind || std::find(who.begin(), who.end(), e.partner) == who.end()) continue;
        std::optional<long> pence = expense_pence(e, settings, x.date);
        if (!pence && e.kind == ExpenseKind::mileage && e.hundredths) {
            ledger.attention.push_back(fmt::format(
                "{} on {}: the mileage {} claimed is not paid: no rate per mile is in force on "
                "that date — add one starting on or before {} under payments.mileage in vfi.yaml.",
                x.id, x.date.str(), e.partner, x.date.str()));
            continue;
        }
        if (!pence) continue;
        if (!e.approved) {
            ledger.attention.push_back(fmt::format(
                "{} on {}: {} expense of {} {} claimed by {} waits for approval — approve it "
                "with `vfi expense approve {} {}`.",
                x.id, x.date.str(), word(*e.kind), money_text(*pence), settings.currency, e.partner,
                x.id, e.partner));
            continue;
        }
        approved[e.partner] = checked_add(approved[e.partner], *pence);
    }
    for (const auto& [partner, pence] : approved)
        if (pence != 0)  // (a rate per mile of 0 pays nothing: no line)
            ledger.lines.push_back({.date = x.date,
                                    .session = x.id,
                                    .partner = partner,
                                    .type = std::string(word(x.type)),
                                    .item = PayItem::expenses,
                                    .minutes = 0,
                                    .rate = 0,
                                    .pence = pence});
}

// A partner who took part without payment.eligible recorded may be owed: the payment run is
// not complete until it is.
void unrecorded_eligibility(Ledger& ledger, const Programme& p, const Date& from, const Date& to) {
    for (const auto& [id, n] : ledger.not_paid)
        if (const Partner* partner = p.partner(id); partner && !partner->payment_eligible) {
            // The month of the first activity not paid, or the period's start if later.
            Date first = ledger.not_paid_from.at(id);
            first = std::max(from, Date{first.year, first.month, 1});
            ledger.attention.push_back(fmt::format(
                "{} is not paid for {} from {} to {}: payment.eligible is not recorded — "
                "record it with `vfi partner set {} payment.eligible=true`, or "
                "`payment.eligible=false` if they are not paid.",
                id, counted(n, "activity", "activities"), first.str(), to.str(), id));
        }
}

// The ledger of `sessions`, each dated from..to.
Ledger ledger_of(const Programme& p, const Settings& settings, std::vector<const Session*> sessions,
                 const Date& from, const Date& to, const std::string& cohort,
                 const PaidAlready& paid_already) {
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session* a, const Session* b) {
        return a->date < b->date || (a->date == b->date && a->id < b->id);
    });
    Ledger ledger;
    // Room for every line at once (a national programme's history is tens of thousands, and a
    // vector grown by doubling would hold twice that, and three times while it moves): at most
    // a fee and its preparation per person paid, and a line per claim. Who is paid for each
    // session is worked out once, for both.
    std::vector<std::pair<const Session*, std::vector<std::string>>> paid;
    paid.reserve(sessions.size());
    std::size_t most = 0;
    for (const Session* x : sessions)
        if (auto who = paid_people(p, cohort, *x); !who.empty()) {
            most += 2 * who.size() + x->expenses.size();
            paid.emplace_back(x, std::move(who));
        }
    ledger.lines.reserve(most);
    for (const auto& [x, who] : paid) {
        enter(ledger, p, settings, who, *x, paid_already);
        if (!x->expenses.empty()) claim_expenses(ledger, settings, who, *x);
    }
    unrecorded_eligibility(ledger, p, from, to);
    return ledger;
}

}  // namespace

Ledger work_out_pay(const Programme& p, const Settings& settings, const Date& from, const Date& to,
                    const std::string& cohort, const PaidAlready& paid_already) {
    std::vector<const Session*> sessions;
    for (const auto& x : p.sessions)
        if (!(x.date < from) && !(to < x.date)) sessions.push_back(&x);
    return ledger_of(p, settings, std::move(sessions), from, to, cohort, paid_already);
}

Ledger work_out_pay_among(const Programme& p, const Settings& settings,
                          std::vector<const Session*> among, const Date& from, const Date& to) {
    std::erase_if(among, [&](const Session* x) { return x->date < from || to < x->date; });
    return ledger_of(p, settings, std::move(among), from, to, {}, {});
}

std::string_view run_why_words(RunWhy why) {
    switch (why) {
        case RunWhy::month:
            return "this month";
        case RunWhy::earlier:
            return "owed from an earlier month";
        case RunWhy::adjustment:
            return "adjustment to a paid session";
    }
    return {};
}

namespace {

template <class Line, class Get>
RunTotals totals_of(const std::vector<Line>& lines, Get get) {
    RunTotals out;
    std::set<std::string> partners;
    for (const auto& l : lines) {
        const auto& line = get(l);
        out.pence = checked_add(out.pence, line.pence);
        partners.insert(line.partner);
    }
    out.partners = partners.size();
    return out;
}

}  // namespace

RunTotals run_totals(const std::vector<PaidLine>& lines) {
    return totals_of(lines, [](const PaidLine& l) -> const PaidLine& { return l; });
}

RunTotals run_totals(const std::vector<RunLine>& lines) {
    return totals_of(lines, [](const RunLine& l) -> const PayLine& { return l.line; });
}

Date previous_month(const Date& month) {
    return month.month == 1 ? Date{month.year - 1, 12, 1} : Date{month.year, month.month - 1, 1};
}

Date next_month(const Date& month) {
    return month.month == 12 ? Date{month.year + 1, 1, 1} : Date{month.year, month.month + 1, 1};
}

std::vector<PaymentRun> payment_runs(const RecordStore& store) {
    std::vector<PaymentRun> runs;
    for (const auto& r : store.records(Kind::payment))
        runs.push_back(to_payment_run(r));
    std::sort(runs.begin(), runs.end(), [](const PaymentRun& a, const PaymentRun& b) {
        return std::tie(a.month, a.id) < std::tie(b.month, b.id);
    });
    return runs;
}

namespace {

// The type of each session, by id, for lines that name it (a removed session has none).
std::map<std::string, std::string, std::less<>> session_types(const Programme& p) {
    std::map<std::string, std::string, std::less<>> out;
    for (const auto& s : p.sessions)
        out[s.id] = s.type ? std::string(word(*s.type)) : std::string();
    return out;
}

std::string type_of(const std::map<std::string, std::string, std::less<>>& types,
                    const std::string& id) {
    auto it = types.find(id);
    return it == types.end() ? "(removed)" : it->second;
}

// A line a run paid, as the lines being worked out are.
PayLine as_line(const PaidLine& l, const std::map<std::string, std::string, std::less<>>& types) {
    return {.date = l.date,
            .session = l.session,
            .partner = l.partner,
            .type = type_of(types, l.session),
            .item = l.item,
            .minutes = l.minutes,
            .rate = l.rate,
            .pence = l.pence};
}

// What a line pays for, whatever the amount: a session's item for one partner.
using PayKey = std::tuple<std::string, std::string, PayItem>;
PayKey key_of(const std::string& session, const std::string& partner, PayItem item) {
    return {session, partner, item};
}

// The lines a run closed for `month` holds, each with why it is there.
std::vector<RunLine> recorded_lines(const std::vector<PaymentRun>& runs, const PaymentRun& run,
                                    const Programme& p) {
    std::set<PayKey> paid_before;
    for (const auto& r : runs)
        if (r.month < run.month)
            for (const auto& l : r.lines)
                paid_before.insert(key_of(l.session, l.partner, l.item));
    std::vector<RunLine> out;
    auto types = session_types(p);
    for (const auto& l : run.lines) {
        PayLine line = as_line(l, types);
        RunWhy why = paid_before.count(key_of(l.session, l.partner, l.item)) ? RunWhy::adjustment
                     : l.date < run.month                                    ? RunWhy::earlier
                                                                             : RunWhy::month;
        out.push_back({line, why});
    }
    return out;
}

// Expenses for activity before the first run's month, approved on or after the day it was
// closed: vfi was keeping runs by then, so no one paid them before, and they are owed.
// Each is a line of the run (less what a run paid of it), and seen.
void late_claims(const Programme& p, const Settings& settings, const PaymentRun& first,
                 const std::map<PayKey, long>& paid, std::set<PayKey>& seen,
                 std::vector<RunLine>& lines) {
    std::map<PayKey, PayLine> out;
    for (const auto& s : p.sessions) {
        if (!(s.date < first.month) || s.expenses.empty()) continue;
        auto who = p.partners_of(s);
        for (const auto& e : s.expenses) {
            if (!e.kind || !e.approved || *e.approved < first.closed) continue;
            if (std::find(who.begin(), who.end(), e.partner) == who.end()) continue;
            std::optional<long> pence = expense_pence(e, settings, s.date);
            if (!pence) continue;
            auto [it, added] = out.try_emplace(key_of(s.id, e.partner, PayItem::expenses),
                                               PayLine{.date = s.date,
                                                       .session = s.id,
                                                       .partner = e.partner,
                                                       .type = std::string(word(s.type)),
                                                       .item = PayItem::expenses,
                                                       .minutes = 0,
                                                       .rate = 0,
                                                       .pence = 0});
            it->second.pence = checked_add(it->second.pence, *pence);
        }
    }
    for (const auto& [k, owed_line] : out) {
        seen.insert(k);
        auto was = paid.find(k);
        long due = checked_add(owed_line.pence, was == paid.end() ? 0 : -was->second);
        if (due == 0) continue;
        RunLine r{owed_line, was != paid.end() ? RunWhy::adjustment : RunWhy::earlier};
        r.line.pence = due;
        lines.push_back(r);
    }
}

// What `month` would pay: everything owed up to its end, less what the runs before it paid.
// What the runs before a month paid, key by key: the sum, the minutes (an adjustment's are
// the change), and the first line, with the rate it was paid at.
struct PaidSoFar {
    std::map<PayKey, long> pence, minutes;
    std::map<PayKey, const PaidLine*> first;
    std::set<std::pair<std::string, std::string>> fees;  // (session, partner) paid a fee

    PaidSoFar(const std::vector<PaymentRun>& runs, const Date& month) {
        for (const auto& r : runs)
            if (r.month < month)
                for (const auto& l : r.lines) {
                    auto k = key_of(l.session, l.partner, l.item);
                    pence[k] = checked_add(pence[k], l.pence);
                    minutes[k] = checked_add(minutes[k], l.minutes);
                    first.emplace(k, &l);
                    if (l.item != PayItem::expenses) fees.emplace(l.session, l.partner);
                }
    }

    // What was paid stays at the rate it was paid at: a rate changed in vfi.yaml later
    // applies from then on, and never reprices a closed month. So do the minutes of
    // preparation (prep_minutes, a rate's): a session's own minutes do not change them.
    // Expenses are what was spent, at no rate: what is owed now is owed.
    PayLine repriced(PayLine line, const PayKey& k) const {
        if (line.item == PayItem::expenses) return line;
        line.rate = first.at(k)->rate;
        if (line.item == PayItem::preparation) line.minutes = minutes.at(k);
        line.pence = line.minutes ? pay_for_minutes(line.minutes, line.rate) : line.rate;
        return line;
    }

    // An adjustment pays the change: its amount, and the minutes it adds or takes back.
    RunLine adjusted(const PayLine& line, const PayKey& k, long due) const {
        RunLine r{line, RunWhy::adjustment};
        r.line.pence = due;
        if (auto m = minutes.find(k); m != minutes.end())
            r.line.minutes = checked_add(r.line.minutes, -m->second);
        return r;
    }
};

std::vector<RunLine> draft_lines(const Programme& p, const Settings& settings,
                                 const std::vector<PaymentRun>& runs, const Date& month,
                                 Ledger& owed) {
    PaidSoFar paid(runs, month);
    Date first = runs.empty() ? month : std::min(runs.front().month, month);
    owed = work_out_pay(p, settings, first, last_of_month(month), {},
                        [&](const std::string& session, const std::string& partner) {
                            return paid.fees.count({session, partner}) > 0;
                        });
    // What a paid line is owed now, wherever its session's date has moved since: the whole
    // history worked out again, only when some run has paid a line.
    Ledger ever;
    if (!paid.pence.empty()) ever = work_out_pay(p, settings, Date{}, last_of_month(month));
    std::map<PayKey, const PayLine*> owed_ever;
    for (const auto& line : ever.lines)
        owed_ever[key_of(line.session, line.partner, line.item)] = &line;
    std::vector<RunLine> out;
    std::set<PayKey> seen;
    for (const auto& owed_line : owed.lines) {
        auto k = key_of(owed_line.session, owed_line.partner, owed_line.item);
        seen.insert(k);
        auto was = paid.pence.find(k);
        PayLine line = was == paid.pence.end() ? owed_line : paid.repriced(owed_line, k);
        long due = checked_add(line.pence, was == paid.pence.end() ? 0 : -was->second);
        if (due == 0) continue;
        if (was != paid.pence.end()) {
            out.push_back(paid.adjusted(line, k, due));
            continue;
        }
        RunLine r{line, line.date < month ? RunWhy::earlier : RunWhy::month};
        r.line.pence = due;
        out.push_back(r);
    }
    if (!runs.empty()) late_claims(p, settings, runs.front(), paid.pence, seen, out);
    // Paid, and owed otherwise now: moved before the first run's month, or owed nothing (the
    // session was removed, cancelled or corrected away). A partner no longer paid
    // (payment.eligible: false, or a preference for expenses only or no pay) keeps what they
    // were paid: neither has a date, and stopping pay from now on never takes back the past.
    auto types = paid.pence.empty() ? decltype(session_types(p)){} : session_types(p);
    for (const auto& [k, pence] : paid.pence) {
        if (seen.count(k)) continue;
        const PaidLine& was = *paid.first.at(k);
        const Partner* partner = p.partner(was.partner);
        // (Expenses are paid back whatever the partner's eligibility or preference, so what
        // is no longer owed of them is taken back as for anyone.) Eligibility no longer
        // recorded is not a reason to take anything back either: it needs attention.
        if (was.item != PayItem::expenses && partner &&
            (partner->payment_eligible != true || !takes_fee(*partner)))
            continue;
        auto now = owed_ever.find(k);
        // Expenses before the first run are owed only as late claims (all seen above).
        if (was.item == PayItem::expenses && was.date < runs.front().month) now = owed_ever.end();
        PayLine line =
            now == owed_ever.end() ? as_line(was, types) : paid.repriced(*now->second, k);
        if (now == owed_ever.end()) line.minutes = 0;  // owed nothing now: all taken back
        long due = checked_add(now == owed_ever.end() ? 0 : line.pence, -pence);
        if (due == 0) continue;
        out.push_back(paid.adjusted(line, k, due));
    }
    std::stable_sort(out.begin(), out.end(), [](const RunLine& a, const RunLine& b) {
        return std::tie(a.line.partner, a.line.date, a.line.session) <
               std::tie(b.line.partner, b.line.date, b.line.session);
    });
    return out;
}

// A partner the run would pay less than nothing (a paid session since cancelled, removed or
// corrected): finance never gets a negative payment. Their lines stay out of the run, so the
// next run works them out again and sets what was overpaid against what they are owed then.
void carry_overpaid(MonthRun& run) {
    std::map<std::string, long> total;
    for (const auto& [line, why] : run.lines)
        total[line.partner] = checked_add(total[line.partner], line.pence);
    // A partner whose lines come to nothing is paid nothing now: their lines wait too.
    std::erase_if(run.lines, [&](const RunLine& r) { return total[r.line.partner] <= 0; });
    for (const auto& [partner, pence] : total)
        if (pence == 0)
            run.carried.push_back(fmt::format(
                "{} is paid nothing in this run: what a paid session since cancelled, removed or "
                "corrected takes back is what they are owed now. Their lines wait, and are "
                "settled in a later run.",
                partner));
        else if (pence < 0)
            run.carried.push_back(fmt::format(
                "{} was overpaid by {}: a session an earlier run paid was cancelled, removed or "
                "corrected since. Nothing is paid to them in this run, and the {} is set against "
                "what they are owed in later runs; tell them, or agree another way to settle it.",
                partner, money_text(-pence), money_text(-pence)));
}

}  // namespace

namespace {

// The weeks a run is checked against partners' limits in: each week that meets its month,
// and each week of a line it pays from an earlier month (a session logged late, a correction).
std::vector<LimitWeek> run_limit_weeks(const Programme& p, const Settings& settings,
                                       const Date& month, const std::vector<RunLine>& lines) {
    Date first = month;
    std::set<std::pair<std::string, Date>> earlier;
    for (const auto& l : lines)
        if (l.line.date < month && l.line.item != PayItem::expenses) {
            first = std::min(first, l.line.date);
            earlier.insert({l.line.partner, l.line.date});
        }
    std::vector<LimitWeek> out;
    for (auto& w : limit_weeks(p, settings, first, last_of_month(month))) {
        bool meets_month = !(w.to < month);
        auto it = earlier.lower_bound({w.partner, w.from});
        bool pays_in_it = it != earlier.end() && it->first == w.partner && !(w.to < it->second);
        if (meets_month || pays_in_it) out.push_back(std::move(w));
    }
    return out;
}

}  // namespace

std::string closed_month_words(RecordStore& store, const Date& day) {
    store.load({Kind::payment});
    std::vector<PaymentRun> runs = payment_runs(store);
    if (runs.empty()) return {};
    const PaymentRun& first = runs.front();
    const PaymentRun& last = runs.back();
    if (day < first.month)
        return fmt::format(
            "{} is before the first payment run ({}, {}): activity before it was paid before vfi "
            "kept runs, so no run pays this session — if it is owed, pay it by hand and tell "
            "finance",
            day.str(), first.month.month_str(), first.id);
    if (last_of_month(last.month) < day) return {};
    return fmt::format(
        "{} is closed (its payment run is paid), so what this session is owed is paid by the "
        "next run, for {}, as owed from an earlier month",
        day.month_str(), next_month(last.month).month_str());
}

std::string taken_as_paid_claim_words(RecordStore& store, const Date& day, const Date& approved) {
    store.load({Kind::payment});
    std::vector<PaymentRun> runs = payment_runs(store);
    if (runs.empty() || !(day < runs.front().month) || !(approved < runs.front().closed)) return {};
    const PaymentRun& first = runs.front();
    return fmt::format(
        "the session is before the first payment run ({}, {}), and the claim was approved on "
        "{}, before that run was closed on {}: it is taken as paid before vfi kept runs, and "
        "no run pays it — if it is still owed, approve it on {} or later (`vfi expense "
        "remove`, then add it again with --approved)",
        first.month.month_str(), first.id, approved.str(), first.closed.str(), first.closed.str());
}

MonthRun month_run(const Programme& p, const Settings& settings,
                   const std::vector<PaymentRun>& runs, const Date& month) {
    MonthRun out;
    out.month = month;
    for (const auto& r : runs)
        if (r.month == month) out.run = r;
    Ledger owed;
    if (out.run)
        out.lines = recorded_lines(runs, *out.run, p);
    else
        out.lines = draft_lines(p, settings, runs, month, owed);
    // Before the first run, what is owed was worked out over this month alone, with nothing
    // paid: it is this month's ledger already.
    out.ledger = runs.empty() ? owed : work_out_pay(p, settings, month, last_of_month(month));
    // What needs attention before paying reaches back to every month still open to a run.
    // The weeks that meet the month, against the limits partners declared: a week that crosses
    // is flagged before the run is closed (and shown, without the limit, once it is).
    out.limit_weeks = run_limit_weeks(p, settings, month, out.lines);
    // A closed run is what was paid: what needs attention now is the next run's, and its
    // report says so (finance's CSV of a closed month is complete as it is).
    if (out.run) out.ledger.attention.clear();
    if (!out.run) {
        out.ledger.attention = owed.attention;
        out.over_limits = crossing_lines(settings, out.limit_weeks);
        carry_overpaid(out);
    }
    return out;
}

namespace {

// A run for `month` (YYYY-MM) that a commit deleted, from git's history: "Y-… (commit)", or
// empty. Closing that month again would pay it twice if finance paid from the first.
std::string deleted_run(const std::filesystem::path& root, const std::string& month) {
    if (!in_git_work_tree(root)) return {};
    auto log = run_process({"git", "log", "--diff-filter=D", "--relative", "--format=commit %h",
                            "--name-only", "--", "payments/"},
                           root);
    if (log.status != 0) return {};
    std::string commit;
    for (const auto& line : split_exact(log.out, '\n')) {
        if (starts_with(line, "commit ")) {
            commit = line.substr(7);
            continue;
        }
        if (line.empty() || commit.empty()) continue;
        auto was = run_process({"git", "show", commit + "^:./" + line}, root);
        if (was.status == 0 && was.out.find("\nmonth: " + month + "\n") != std::string::npos)
            return fmt::format("{} (deleted in commit {})", line, commit);
    }
    return {};
}

}  // namespace

namespace {

// A run pays from the records as committed, so each payment can be traced to a commit (and
// the edit that changed a paid claim to its author): a record changed and not committed
// (a hand edit) would be paid from, and could then be put back.
void refuse_uncommitted_records(const std::filesystem::path& root) {
    if (!in_git_work_tree(root)) return;
    std::vector<std::string> paths = {std::string(settings_file), "receipts"};
    for (Kind kind : all_kinds)
        paths.emplace_back(kind_folder(kind));
    if (git_paths_uncommitted(root, paths))
        throw Error(ExitCode::refused, {}, "",
                    "the records have changes not yet committed (`git status` shows them): a "
                    "payment run pays from the records as committed, so each payment can be "
                    "traced",
                    "commit them (`git add -A && git commit -m \"...\"`) or put them back "
                    "(`git checkout -- FILE`), then close the month");
}

}  // namespace

MonthRun run_to_close(const RecordStore& store, const Programme& p, const Date& month,
                      const Date& closed, bool again) {
    std::vector<PaymentRun> runs = payment_runs(store);
    std::string shown = month.month_str();
    for (const auto& r : runs) {
        if (r.month == month)
            throw Error(ExitCode::refused, {}, "month",
                        fmt::format("{} was closed on {} ({})", shown, r.closed.str(), r.id),
                        "a session logged or corrected since is paid in the next month's run: "
                        "close that month when it is due");
        if (month < r.month)
            throw Error(
                ExitCode::refused, {}, "month",
                fmt::format("{} is closed, and it comes after {}", r.month.month_str(), shown),
                fmt::format("months are closed in order; what {} still owes is paid in "
                            "the next month's run",
                            shown));
    }
    // Every month from the first run on has its run, so a run deleted from the middle is
    // missed by `vfi check`, never paid again unnoticed.
    if (!runs.empty() && runs.back().month != previous_month(month)) {
        // The first month not closed: where catching up starts.
        std::string next = next_month(runs.back().month).month_str();
        throw Error(ExitCode::refused, {}, "month",
                    fmt::format("{} is not closed yet, and comes before {}",
                                previous_month(month).month_str(), shown),
                    fmt::format("months are closed in order, each once: the first not closed is "
                                "{}, so close it first (`vfi pay close --month {}`), then each "
                                "month after it",
                                next, next));
    }
    if (!again)
        if (std::string gone = deleted_run(store.root(), shown); !gone.empty())
            throw Error(ExitCode::refused, {}, "month",
                        fmt::format("{} was closed before, and its run removed: {}", shown, gone),
                        fmt::format("if finance paid from it, put it back (`git checkout "
                                    "COMMIT^ -- {}`, with the commit named); if it was never "
                                    "paid, close the month again with --again",
                                    gone.substr(0, gone.find(' '))));
    refuse_uncommitted_records(store.root());
    if (closed < last_of_month(month))
        throw Error(ExitCode::refused, {}, "month",
                    fmt::format("{} has not ended on {}", shown, closed.str()),
                    fmt::format("close a month once it has ended, on or after {}",
                                last_of_month(month).str()));
    MonthRun run = month_run(p, store.settings(), runs, month);
    if (runs.empty()) {  // the first run: what came before it is taken as paid
        Ledger before =
            work_out_pay(p, store.settings(), Date{}, Date::from_days(month.days() - 1));
        run.taken_as_paid = static_cast<long>(before.lines.size());
        if (!before.lines.empty())
            run.taken_as_paid_from =
                Date{before.lines.front().date.year, before.lines.front().date.month, 1};
    }
    return run;
}

void close_run(RecordStore& store, Transaction& change, MonthRun& run, const Date& closed) {
    // A month with nothing to pay is closed too, with no lines: every month from the first
    // run on has its run.
    std::string shown = run.month.month_str();
    yaml::Node doc = yaml::Node::map();
    std::string id = store.new_id(Kind::payment);
    doc.set("id", yaml::Node::plain(id));
    doc.set("month", yaml::Node::plain(shown));
    doc.set("closed", yaml::Node::plain(closed.str()));
    doc.set("currency", yaml::Node::text(store.settings().currency));
    auto lines = yaml::Node::sequence();
    for (const auto& r : run.lines) {
        auto l = yaml::Node::map();
        l.set("session", yaml::Node::plain(r.line.session));
        l.set("partner", yaml::Node::plain(r.line.partner));
        l.set("date", yaml::Node::plain(r.line.date.str()));
        l.set("item", yaml::Node::plain(std::string(word(r.line.item))));
        if (r.line.minutes) l.set("minutes", yaml::Node::plain(std::to_string(r.line.minutes)));
        if (r.line.item != PayItem::expenses)  // expenses are an amount spent, at no rate
            l.set("rate", yaml::Node::plain(money_text(r.line.rate)));
        l.set("amount", yaml::Node::plain(money_text(r.line.pence)));
        lines.items.push_back(l);
    }
    doc.set("lines", lines);
    doc.set("total", yaml::Node::plain(money_text(run_totals(run.lines).pence)));
    change.put(Kind::payment, id, doc, Write::create);
    PaymentRun made;
    made.id = id;
    made.month = run.month;
    made.closed = closed;
    run.run = made;
}

}  // namespace vfi
