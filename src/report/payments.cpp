// The payments report: what each eligible partner is owed for a period, line by line, at the
// rate in force on each activity's date. Money is counted in whole pence throughout.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "vfi/base/checked.hpp"
#include "vfi/base/text.hpp"
#include "vfi/model/records.hpp"
#include "vfi/report/builders.hpp"

namespace vfi {
namespace {

// Pence shown as pounds and pence: 1234 -> 12.34, -50 -> -0.50.
std::string money(long pence) {
    unsigned long whole =
        pence < 0 ? 0ul - static_cast<unsigned long>(pence) : static_cast<unsigned long>(pence);
    return fmt::format("{}{}.{:02}", pence < 0 ? "-" : "", whole / 100, whole % 100);
}

std::string hours_to_hundredth(long minutes) {
    long hundredths = (minutes * 100 + 30) / 60;  // to the nearest hundredth, halves up
    return fmt::format("{}.{:02}", hundredths / 100, hundredths % 100);
}

// What a payment line pays for.
enum class Item { session, cancelled_session, leader_no_show, preparation, involvement };

std::string_view item_words(Item item) {
    switch (item) {
        case Item::session:
            return "session";
        case Item::cancelled_session:
            return "session (cancelled late)";
        case Item::leader_no_show:
            return "session (the leader did not come)";
        case Item::preparation:
            return "preparation";
        case Item::involvement:
            return "involvement";
    }
    return {};
}

struct Line {
    Date date;
    std::string session;
    std::string partner;
    std::string type;
    Item item = Item::session;
    long minutes = 0;  // 0 for a session fee
    long rate = 0;     // pence per session, or per hour
    long amount = 0;
};

struct Owed {
    long sessions = 0, prep_minutes = 0, involvement_minutes = 0, amount = 0;

    void add(const Owed& o) {
        sessions += o.sessions;
        prep_minutes = checked_add(prep_minutes, o.prep_minutes);
        involvement_minutes = checked_add(involvement_minutes, o.involvement_minutes);
        amount = checked_add(amount, o.amount);
    }
};

// Everything the period's sessions come to: the lines paid, and what was not paid and why.
struct Ledger {
    std::vector<Line> lines;
    std::vector<std::string> attention;    // what blocks a payment someone is owed
    std::map<std::string, long> not_paid;  // partner not eligible, or not recorded -> activities
    long cancelled_unpaid = 0, no_shows = 0;
};

}  // namespace

long pay_for_minutes(long minutes, long hourly_pence) {
    return checked_add(checked_mul(checked_mul(minutes, hourly_pence), 2), 60) / 120;
}

const PaymentRate* rate_on(const std::vector<PaymentRate>& rates, const Date& day) {
    const PaymentRate* found = nullptr;
    for (const auto& r : rates)
        if (!(day < r.from) && (!found || found->from < r.from)) found = &r;
    return found;
}

namespace {

// Who took part (Programme::partners_of), when the session is in the scope: a coaching
// session when its leader is in the cohort asked for; other involvement, which belongs to no
// cohort, only when none is asked for.
std::vector<std::string> paid_people(const Programme& p, const ReportScope& scope,
                                     const Session& x) {
    if (x.type == SessionType::coaching) {
        const Match* m = p.match(x.match);
        if (!m || !in_cohort(p, scope, m->leader)) return {};
    } else if (!scope.cohort.empty()) {
        return {};
    }
    return p.partners_of(x);
}

// The lines one partner is paid for one session at `rate`.
void pay(Ledger& ledger, const Session& x, const std::string& partner, const PaymentRate& rate,
         bool per_session) {
    Line line{.date = x.date,
              .session = x.id,
              .partner = partner,
              .type = std::string(word(x.type)),
              .item = Item::involvement,
              .minutes = 0,
              .rate = 0,
              .amount = 0};
    if (!per_session) {
        line.minutes = x.minutes;
        line.rate = rate.hourly_pence;
        line.amount = pay_for_minutes(x.minutes, rate.hourly_pence);
        ledger.lines.push_back(line);
        return;
    }
    line.item = x.status == SessionStatus::cancelled ? Item::cancelled_session
                : x.status == SessionStatus::no_show ? Item::leader_no_show
                                                     : Item::session;
    line.rate = line.amount = rate.session_pence;
    ledger.lines.push_back(line);
    if (rate.prep_minutes <= 0) return;
    line.item = Item::preparation;
    line.minutes = rate.prep_minutes;
    line.rate = rate.hourly_pence;
    line.amount = pay_for_minutes(rate.prep_minutes, rate.hourly_pence);
    ledger.lines.push_back(line);
}

// A session's partners who are paid for it; the rest are counted as not paid. `owed` when
// someone may be owed for it: a partner eligible, or one whose eligibility is not recorded.
struct Payees {
    std::vector<std::string> paid;
    bool owed = false;
};

Payees payees(Ledger& ledger, const Programme& p, const std::vector<std::string>& who) {
    Payees out;
    for (const auto& id : who) {
        const Partner* partner = p.partner(id);
        if (!partner) continue;  // `vfi check` reports the dangling reference
        if (partner->payment_eligible == true)
            out.paid.push_back(id);
        else
            ++ledger.not_paid[id];
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
           const std::vector<std::string>& who, const Session& x) {
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
    Payees to = payees(ledger, p, who);
    if (!to.owed) return;  // no one is owed anything for it, so nothing needs attention
    const PaymentRate* rate = payable_rate(ledger, settings, x, per_session);
    if (!rate) return;
    for (const auto& id : to.paid)
        pay(ledger, x, id, *rate, per_session);
}

// A partner who took part without payment.eligible recorded may be owed: the payment run is
// not complete until it is.
void unrecorded_eligibility(Ledger& ledger, const Programme& p) {
    for (const auto& [id, n] : ledger.not_paid)
        if (const Partner* partner = p.partner(id); partner && !partner->payment_eligible)
            ledger.attention.push_back(fmt::format(
                "{} is not paid for {} in the period: payment.eligible is not recorded — "
                "record it with `vfi partner set {} payment.eligible=true`, or "
                "`payment.eligible=false` if they are not paid.",
                id, counted(n, "activity", "activities"), id));
}

Ledger work_out(const Programme& p, const Settings& settings, const ReportScope& scope) {
    std::vector<const Session*> sessions;
    for (const auto& x : p.sessions)
        if (in_period(x.date, scope)) sessions.push_back(&x);
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session* a, const Session* b) {
        return a->date < b->date || (a->date == b->date && a->id < b->id);
    });
    Ledger ledger;
    for (const Session* x : sessions) {
        auto who = paid_people(p, scope, *x);
        if (!who.empty()) enter(ledger, p, settings, who, *x);
    }
    unrecorded_eligibility(ledger, p);
    return ledger;
}

std::map<std::string, Owed> owed_by_partner(const std::vector<Line>& lines) {
    std::map<std::string, Owed> owed;
    for (const auto& l : lines) {
        Owed& o = owed[l.partner];
        o.amount = checked_add(o.amount, l.amount);
        if (l.item == Item::preparation)
            o.prep_minutes = checked_add(o.prep_minutes, l.minutes);
        else if (l.item == Item::involvement)
            o.involvement_minutes = checked_add(o.involvement_minutes, l.minutes);
        else
            ++o.sessions;
    }
    return owed;
}

std::string partner_name(const Programme& p, const std::string& id) {
    const Partner* x = p.partner(id);
    return x ? x->name : std::string();
}

ReportSection owed_section(const Programme& p, const Settings& settings,
                           const std::map<std::string, Owed>& owed) {
    ReportSection s{"Owed to each partner", {}, {}, {}};
    s.paragraphs.push_back(
        fmt::format("Each session held is paid at the session rate in force on its date, with "
                    "paid preparation at the hourly rate; other involvement is paid by the "
                    "hour. {} {}",
                    settings.pay_late_cancellations
                        ? "Cancelled coaching and action learning sessions are paid as late "
                          "cancellations (payments.late_cancellations is true in "
                          "vfi.yaml); cancelled involvement paid by the hour is not."
                        : "Cancelled sessions are not paid "
                          "(payments.late_cancellations is false in vfi.yaml).",
                    settings.pay_leader_no_shows
                        ? "A coaching or action learning session the leader did not come to "
                          "(missed: leader) is paid as held, as the partner came and prepared "
                          "(payments.leader_no_shows is true in vfi.yaml); other no-shows are "
                          "not paid."
                        : "No-shows are not paid (payments.leader_no_shows is false in "
                          "vfi.yaml)."));
    Table t;
    t.add_column("partner");
    t.add_column("name");
    t.add_column("sessions", ColumnType::number);
    t.add_column("preparation hours", ColumnType::number);
    t.add_column("involvement hours", ColumnType::number);
    t.add_column(fmt::format("amount ({})", settings.currency), ColumnType::number);
    Owed total;
    for (const auto& [id, o] : owed) {
        t.add_row({id, partner_name(p, id), std::to_string(o.sessions),
                   hours_to_hundredth(o.prep_minutes), hours_to_hundredth(o.involvement_minutes),
                   money(o.amount)});
        total.add(o);
    }
    t.add_row({"total", counted(owed.size(), "partner"), std::to_string(total.sessions),
               hours_to_hundredth(total.prep_minutes),
               hours_to_hundredth(total.involvement_minutes), money(total.amount)});
    s.tables.push_back({"", t, ""});
    return s;
}

ReportSection lines_section(const Settings& settings, const std::vector<Line>& lines) {
    ReportSection s{"Every payment line", {}, {}, {}};
    Table t;
    t.add_column("date");
    t.add_column("session");
    t.add_column("partner");
    t.add_column("type");
    t.add_column("item");
    t.add_column("minutes", ColumnType::number);
    t.add_column(fmt::format("rate ({})", settings.currency));
    t.add_column(fmt::format("amount ({})", settings.currency), ColumnType::number);
    std::vector<const Line*> sorted;
    for (const auto& l : lines)
        sorted.push_back(&l);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Line* a, const Line* b) { return a->partner < b->partner; });
    for (const Line* l : sorted)
        t.add_row({l->date.str(), l->session, l->partner, l->type, std::string(item_words(l->item)),
                   l->minutes ? std::to_string(l->minutes) : "",
                   money(l->rate) + (l->minutes ? " an hour" : " a session"), money(l->amount)});
    s.tables.push_back({"", t, ""});
    return s;
}

ReportSection not_paid_section(const Programme& p, const Ledger& ledger) {
    ReportSection s{"Not paid", {}, {}, {}};
    s.paragraphs.push_back(fmt::format("Cancelled sessions not paid: {}. No-shows not paid: {}.",
                                       ledger.cancelled_unpaid, ledger.no_shows));
    if (ledger.not_paid.empty()) return s;
    Table t;
    t.add_column("partner");
    t.add_column("name");
    t.add_column("activities", ColumnType::number);
    t.add_column("why");
    for (const auto& [id, n] : ledger.not_paid) {
        const Partner* partner = p.partner(id);
        bool recorded = partner && partner->payment_eligible;
        t.add_row({id, partner_name(p, id), std::to_string(n),
                   recorded ? "not eligible for payment (payment.eligible: false)"
                            : "eligibility not recorded (see Needs attention before paying)"});
    }
    s.tables.push_back({"Partners who took part but are not paid", t, ""});
    return s;
}

ReportSection rates_section(const Settings& settings) {
    ReportSection s{"Rates", {}, {}, {}};
    Table t;
    t.add_column("from");
    t.add_column(fmt::format("per session ({})", settings.currency), ColumnType::number);
    t.add_column("preparation minutes", ColumnType::number);
    t.add_column(fmt::format("per hour ({})", settings.currency), ColumnType::number);
    std::vector<PaymentRate> rates = settings.rates;
    std::sort(rates.begin(), rates.end(),
              [](const PaymentRate& a, const PaymentRate& b) { return a.from < b.from; });
    for (const auto& rate : rates)
        t.add_row({rate.from.str(), money(rate.session_pence), std::to_string(rate.prep_minutes),
                   money(rate.hourly_pence)});
    s.tables.push_back(
        {"From vfi.yaml; each activity is paid at the rate in force on its date", t, ""});
    return s;
}

// The finance CSV: one row per partner owed, no total row, to load into a payment run.
Table finance_csv(const Programme& p, const Settings& settings, const ReportScope& scope,
                  const std::map<std::string, Owed>& owed) {
    Table csv;
    for (const char* c : {"period_from", "period_to", "partner_id", "name", "sessions",
                          "preparation_minutes", "involvement_minutes", "amount", "currency"})
        csv.add_column(c);
    for (const auto& [id, o] : owed)
        csv.add_row({scope.from.str(), scope.to.str(), id, partner_name(p, id),
                     std::to_string(o.sessions), std::to_string(o.prep_minutes),
                     std::to_string(o.involvement_minutes), money(o.amount), settings.currency});
    return csv;
}

}  // namespace

Report build_payments(const RecordStore& store, const Programme& p, const ReportScope& scope) {
    const Settings& settings = store.settings();
    Report r = new_report("payments", "Payments", store, scope);
    Ledger ledger = work_out(p, settings, scope);
    auto owed = owed_by_partner(ledger.lines);
    if (!ledger.attention.empty()) {
        r.warnings = ledger.attention;
        r.sections.push_back({"Needs attention before paying", ledger.attention, {}, {}});
    }
    r.sections.push_back(owed_section(p, settings, owed));
    r.sections.push_back(lines_section(settings, ledger.lines));
    r.sections.push_back(not_paid_section(p, ledger));
    r.sections.push_back(rates_section(settings));
    r.flat_csv = finance_csv(p, settings, scope, owed);
    return r;
}

}  // namespace vfi
