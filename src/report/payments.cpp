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

struct Line {
    Date date;
    std::string session;
    std::string partner;
    std::string type;
    std::string item;
    long minutes = 0;  // 0 for a session fee
    long rate = 0;     // pence per session, or per hour
    long amount = 0;
};

struct Owed {
    long sessions = 0, prep_minutes = 0, involvement_minutes = 0, amount = 0;
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

Report build_payments(const RecordStore& store, const Programme& p, const ReportScope& scope) {
    const Settings& settings = store.settings();
    Report r = new_report("payments", "Payments", store, scope);
    std::string currency = settings.currency;
    bool pay_cancelled = settings.pay_late_cancellations;

    std::vector<const Session*> sessions;
    for (const auto& x : p.sessions)
        if (in_period(x.date, scope)) sessions.push_back(&x);
    std::stable_sort(sessions.begin(), sessions.end(), [](const Session* a, const Session* b) {
        return a->date < b->date || (a->date == b->date && a->id < b->id);
    });

    std::vector<Line> lines;
    std::vector<std::string> attention;
    std::map<std::string, long> not_eligible;  // partner -> activities not paid
    long cancelled_unpaid = 0, no_shows = 0;
    for (const Session* x : sessions) {
        // Who took part: a coaching session's partner (when its leader is in the cohort
        // asked for); everyone named on other involvement, which belongs to no cohort.
        std::vector<std::string> who;
        if (x->type == SessionType::coaching) {
            const Match* m = p.match(x->match);
            if (!m) continue;
            if (!in_cohort(p, scope, m->leader)) continue;
            who.push_back(m->partner);
        } else {
            if (!scope.cohort.empty()) continue;
            who = x->partners;
        }
        if (x->status == SessionStatus::no_show) {
            ++no_shows;
            continue;
        }
        // A late cancellation pays the session fee and preparation, which were given up
        // for it; involvement paid by the hour is paid only for hours that took place.
        if (x->status == SessionStatus::cancelled &&
            (!pay_cancelled || !(x->type && paid_per_session(*x->type)))) {
            ++cancelled_unpaid;
            continue;
        }
        if (x->status != SessionStatus::held && x->status != SessionStatus::cancelled) continue;
        const PaymentRate* rate = rate_on(settings.rates, x->date);
        if (!rate) {
            attention.push_back(fmt::format(
                "{} on {} is not paid: no payment rate is in force on that date — add a rate "
                "starting on or before {} under payments.rates in vfi.yaml.",
                x->id, x->date.str(), x->date.str()));
            continue;
        }
        bool per_session = x->type && paid_per_session(*x->type);
        if (!per_session && x->minutes <= 0) {
            attention.push_back(fmt::format(
                "{} ({} on {}) is not paid: it has no minutes, and involvement is paid by the "
                "hour — record them with `vfi session set {} minutes=90`.",
                x->id, word(x->type), x->date.str(), x->id));
            continue;
        }
        for (const auto& id : who) {
            const Partner* partner = p.partner(id);
            if (!partner) continue;  // `vfi check` reports the dangling reference
            if (!partner->payment_eligible) {
                ++not_eligible[id];
                continue;
            }
            if (per_session) {
                std::string item =
                    x->status == SessionStatus::cancelled ? "session (cancelled late)" : "session";
                lines.push_back({.date = x->date,
                                 .session = x->id,
                                 .partner = id,
                                 .type = std::string(word(x->type)),
                                 .item = item,
                                 .rate = rate->session_pence,
                                 .amount = rate->session_pence});
                if (rate->prep_minutes > 0)
                    lines.push_back(
                        {.date = x->date,
                         .session = x->id,
                         .partner = id,
                         .type = std::string(word(x->type)),
                         .item = "preparation",
                         .minutes = rate->prep_minutes,
                         .rate = rate->hourly_pence,
                         .amount = pay_for_minutes(rate->prep_minutes, rate->hourly_pence)});
            } else {
                lines.push_back({.date = x->date,
                                 .session = x->id,
                                 .partner = id,
                                 .type = std::string(word(x->type)),
                                 .item = "involvement",
                                 .minutes = x->minutes,
                                 .rate = rate->hourly_pence,
                                 .amount = pay_for_minutes(x->minutes, rate->hourly_pence)});
            }
        }
    }

    std::map<std::string, Owed> owed;
    for (const auto& l : lines) {
        Owed& o = owed[l.partner];
        o.amount = checked_add(o.amount, l.amount);
        if (l.item == "preparation")
            o.prep_minutes = checked_add(o.prep_minutes, l.minutes);
        else if (l.item == "involvement")
            o.involvement_minutes = checked_add(o.involvement_minutes, l.minutes);
        else
            ++o.sessions;
    }
    auto name_of = [&](const std::string& id) {
        const Partner* x = p.partner(id);
        return x ? x->name : std::string();
    };

    if (!attention.empty()) {
        ReportSection s{"Needs attention before paying", attention, {}, {}};
        r.warnings = attention;
        r.sections.push_back(std::move(s));
    }

    std::string amount_column = fmt::format("amount ({})", currency);
    {
        ReportSection s{"Owed to each partner", {}, {}, {}};
        s.paragraphs.push_back(fmt::format(
            "Each session held is paid at the session rate in force on its date, with "
            "paid preparation at the hourly rate; other involvement is paid by the "
            "hour. {} No-shows are not paid.",
            pay_cancelled ? "Cancelled coaching and action learning sessions are paid as late "
                            "cancellations (payments.late_cancellations is true in "
                            "vfi.yaml); cancelled involvement paid by the hour is not."
                          : "Cancelled sessions are not paid "
                            "(payments.late_cancellations is false in vfi.yaml)."));
        Table t;
        t.add_column("partner");
        t.add_column("name");
        t.add_column("sessions", ColumnType::number);
        t.add_column("preparation hours", ColumnType::number);
        t.add_column("involvement hours", ColumnType::number);
        t.add_column(amount_column, ColumnType::number);
        Owed total;
        for (const auto& [id, o] : owed) {
            t.add_row({id, name_of(id), std::to_string(o.sessions),
                       hours_to_hundredth(o.prep_minutes),
                       hours_to_hundredth(o.involvement_minutes), money(o.amount)});
            total.sessions += o.sessions;
            total.prep_minutes = checked_add(total.prep_minutes, o.prep_minutes);
            total.involvement_minutes =
                checked_add(total.involvement_minutes, o.involvement_minutes);
            total.amount = checked_add(total.amount, o.amount);
        }
        t.add_row({"total", counted(owed.size(), "partner"), std::to_string(total.sessions),
                   hours_to_hundredth(total.prep_minutes),
                   hours_to_hundredth(total.involvement_minutes), money(total.amount)});
        s.tables.push_back({"", t, ""});
        r.sections.push_back(std::move(s));
    }

    {
        ReportSection s{"Every payment line", {}, {}, {}};
        Table t;
        t.add_column("date");
        t.add_column("session");
        t.add_column("partner");
        t.add_column("type");
        t.add_column("item");
        t.add_column("minutes", ColumnType::number);
        t.add_column(fmt::format("rate ({})", currency));
        t.add_column(amount_column, ColumnType::number);
        std::vector<const Line*> sorted;
        for (const auto& l : lines)
            sorted.push_back(&l);
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const Line* a, const Line* b) { return a->partner < b->partner; });
        for (const Line* l : sorted)
            t.add_row({l->date.str(), l->session, l->partner, l->type, l->item,
                       l->minutes ? std::to_string(l->minutes) : "",
                       money(l->rate) + (l->minutes ? " an hour" : " a session"),
                       money(l->amount)});
        s.tables.push_back({"", t, ""});
        r.sections.push_back(std::move(s));
    }

    {
        ReportSection s{"Not paid", {}, {}, {}};
        s.paragraphs.push_back(
            fmt::format("Cancelled sessions not paid: {}. No-shows (never paid): {}.",
                        cancelled_unpaid, no_shows));
        if (!not_eligible.empty()) {
            Table t;
            t.add_column("partner");
            t.add_column("name");
            t.add_column("activities", ColumnType::number);
            t.add_column("why");
            for (const auto& [id, n] : not_eligible) {
                const Record* rec = store.find(id);
                bool recorded = rec && !field_text(rec->doc, "payment.eligible").empty();
                t.add_row({id, name_of(id), std::to_string(n),
                           recorded ? "not eligible for payment (payment.eligible: false)"
                                    : fmt::format("eligibility not recorded — if they are to be "
                                                  "paid: vfi partner set {} payment.eligible=true",
                                                  id)});
            }
            s.tables.push_back({"Partners who took part but are not paid", t, ""});
        }
        r.sections.push_back(std::move(s));
    }

    {
        ReportSection s{"Rates", {}, {}, {}};
        Table t;
        t.add_column("from");
        t.add_column(fmt::format("per session ({})", currency), ColumnType::number);
        t.add_column("preparation minutes", ColumnType::number);
        t.add_column(fmt::format("per hour ({})", currency), ColumnType::number);
        std::vector<PaymentRate> rates = settings.rates;
        std::sort(rates.begin(), rates.end(),
                  [](const PaymentRate& a, const PaymentRate& b) { return a.from < b.from; });
        for (const auto& rate : rates)
            t.add_row({rate.from.str(), money(rate.session_pence),
                       std::to_string(rate.prep_minutes), money(rate.hourly_pence)});
        s.tables.push_back(
            {"From vfi.yaml; each activity is paid at the rate in force on its date", t, ""});
        r.sections.push_back(std::move(s));
    }

    // The finance CSV: one row per partner owed, no total row, to load into a payment run.
    Table csv;
    for (const char* c : {"period_from", "period_to", "partner_id", "name", "sessions",
                          "preparation_minutes", "involvement_minutes", "amount", "currency"})
        csv.add_column(c);
    for (const auto& [id, o] : owed)
        csv.add_row({scope.from.str(), scope.to.str(), id, name_of(id), std::to_string(o.sessions),
                     std::to_string(o.prep_minutes), std::to_string(o.involvement_minutes),
                     money(o.amount), currency});
    r.flat_csv = std::move(csv);
    return r;
}

}  // namespace vfi
