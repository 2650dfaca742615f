// Typed views of validated records, for the rules and reports that reason about them.
// The YAML tree (Record::doc) stays the source of truth for writing, so unknown keys survive.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/bytes.hpp"
#include "vfi/base/date.hpp"
#include "vfi/format/status.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// One step of a record's story: the status it took and the day it began. `date` is Date{}
// (before every real date) for a status held since before the history was kept.
template <class E>
struct Step {
    Date date;
    E status;
};

// Every status a partner, leader or match has had, oldest first: the `history` of its record,
// or, for an older record without one, what its dates tell (history_words). Reports read "in
// the period" and "at the end of the period" from it.
template <class E>
struct History {
    std::vector<Step<E>> steps;

    // The status at the end of day `d`; none before the first step (not yet in the programme).
    std::optional<E> on(const Date& d) const {
        std::optional<E> status;
        for (const auto& s : steps)
            if (!(d < s.date)) status = s.status;
        return status;
    }
    // The first day it took `status`, if it ever did.
    std::optional<Date> first(E status) const {
        for (const auto& s : steps)
            if (s.status == status) return s.date;
        return std::nullopt;
    }
    // Did it take `status` on a day from `from` to `to`?
    bool entered(E status, const Date& from, const Date& to) const {
        for (const auto& s : steps)
            if (s.status == status && !(s.date < from) && !(to < s.date)) return true;
        return false;
    }
    // The first step into any final status (left, completed, ended) from `from` to `to`.
    std::optional<E> finished(const Date& from, const Date& to) const {
        for (const auto& s : steps)
            if (final(s.status) && !(s.date < from) && !(to < s.date)) return s.status;
        return std::nullopt;
    }
    // In the programme on some day from `from` to `to`: begun by `to`, and not already gone
    // (a final status) on the day before `from`.
    bool during(const Date& from, const Date& to) const {
        if (steps.empty() || to < steps.front().date) return false;
        auto before = on(Date::from_days(from.days() - 1));
        return !(before && final(*before));
    }
    // Was it at `status` on some day from `from` to `to`?
    bool was(E status, const Date& from, const Date& to) const {
        if (on(from) == status) return true;
        for (const auto& s : steps)
            if (s.status == status && !(s.date < from) && !(to < s.date)) return true;
        return false;
    }
};

// A status or type is none when the record's word is not in the format (a record that fails
// `vfi check`); every predicate on it is then false.
// A weekly limit on earnings a partner declared (confidential): a named rule from vfi.yaml
// (`payments.limits`), or their own figures.
struct PartnerLimit {
    std::string rule;
    std::optional<long> pay_up_to;      // pence a week, at most
    std::optional<long> minutes_under;  // minutes a week, fewer than
    std::optional<Date> from;           // declared then: weeks before its week are not held to it
    bool declared() const { return !rule.empty() || pay_up_to || minutes_under; }
};

// A partner's equality monitoring answers, as written (never used to match).
struct EqualityAnswers {
    std::string age_band, ethnicity, gender, disability, carer, imd_decile;
};
// Each answer: its key under `equality:` in a partner's record, and where it is kept. The one
// list of them, for reading a record, the cache's form and the Equality Report's key.
struct EqualityQuestion {
    std::string_view key;
    std::string EqualityAnswers::*answer;
};
inline constexpr EqualityQuestion equality_questions[] = {
    {"age_band", &EqualityAnswers::age_band}, {"ethnicity", &EqualityAnswers::ethnicity},
    {"gender", &EqualityAnswers::gender},     {"disability", &EqualityAnswers::disability},
    {"carer", &EqualityAnswers::carer},       {"imd_decile", &EqualityAnswers::imd_decile}};

struct Partner {
    std::string id, name, region;
    std::optional<PartnerStatus> status;
    History<PartnerStatus> history;
    std::optional<Date> joined, left, training_completed;
    std::vector<std::string> roles, lived_experience, interests, modes, conflicts;
    long capacity = 0;
    std::optional<bool> payment_eligible;  // none when the record does not say
    PayPreference pay_preference = PayPreference::fee;
    PartnerLimit limit;
    std::optional<bool> consent_quotes;  // none when the record does not say
    // Only of a partner who consented to their answers being counted (consent.equality: true):
    // an answer that may not be counted is never carried.
    std::optional<EqualityAnswers> equality;
    bool forgotten = false;  // erased at their request: never matched again
    // Paid for involvement, but not a Lived Experience Partner (an outside interview panel
    // member): never matched, needs no training, and left out of every partner figure.
    bool contributor = false;
};

struct Leader {
    std::string id, name, organisation, sector, region, cohort;
    std::optional<LeaderStatus> status;
    History<LeaderStatus> history;
    std::optional<Date> enquired;
    std::vector<std::string> focus, modes;
    bool forgotten = false;  // erased at their request: never matched again
};

// No free-text reasons here: `end_reason` and `cancel_reason` are confidential and never
// reported; reports count the categories.
struct Match {
    std::string id, partner, leader, group, end_category;
    std::optional<MatchStatus> status;
    History<MatchStatus> history;
    std::optional<Date> proposed, started, ended;
    long planned_sessions = 0;
};

// An expense a partner claimed for a session: an amount spent, or miles at the rate per mile
// in force on the session's day. Paid with a run once approved; never earnings.
struct Expense {
    std::string partner, receipt;
    std::optional<ExpenseKind> kind;
    std::optional<long> pence;       // the amount spent, when given
    std::optional<long> hundredths;  // miles, in hundredths of a mile, when given
    std::optional<Date> approved;
};

// (The small fields sit together: a national programme holds hundreds of thousands.)
struct Session {
    std::string id, match, group, mode, cancel_category;
    std::optional<Missed> missed;     // who did not come to a no-show; none when not recorded
    std::optional<SessionType> type;  // coaching when the record has none
    std::optional<SessionStatus> status;
    bool again = false;  // another session of its match held the same day, on purpose
    Date date;
    long minutes = 0;
    std::vector<std::string> partners, leaders, topics;
    std::vector<std::string> fee_declined;  // partners who turned down its fee
    std::vector<Expense> expenses;
};

struct Quote {
    std::string text;
    bool consent = false;  // the quote's own: the person's record may still say no
};

struct Reflection {
    std::string id, by, about;
    std::optional<Stage> stage;
    Date date;
    std::string changing, how, why;  // what is changing, how, and why
    std::vector<std::string> themes, barriers, enablers;
    std::vector<Quote> quotes;
    // Self-ratings in the record's order: those that are whole numbers (a valid record's are).
    std::vector<std::pair<std::string, long>> scores;
};

// One line of a closed payment run: what one partner was paid for one item of one session.
struct PaidLine {
    std::string session, partner;
    Date date;
    PayItem item = PayItem::session;
    long minutes = 0;
    long rate = 0;  // pence per session, or per hour with minutes
    long pence = 0;
};

// A closed payment run (`vfi pay close`): what was paid for a month.
struct PaymentRun {
    std::string id;
    Date month;  // its first day
    Date closed;
    std::vector<PaidLine> lines;
};

// Decoding assumes the record passed validation; a missing optional field is left empty.
Partner to_partner(const Record& r);
Leader to_leader(const Record& r);
Match to_match(const Record& r);
Session to_session(const Record& r);
// A session as bytes and back, for a form kept in the cache (RecordStore::TypedStream).
void put_session(std::string& out, const Session& s);
// False when the bytes are not a whole session as put_session writes it.
bool get_session(bytes::Reader& in, Session& s);
// The same for a reflection.
void put_reflection(std::string& out, const Reflection& x);
bool get_reflection(bytes::Reader& in, Reflection& x);
// The same for a leader.
void put_leader(std::string& out, const Leader& l);
bool get_leader(bytes::Reader& in, Leader& l);
// The same for a partner, and a match.
void put_partner(std::string& out, const Partner& p);
bool get_partner(bytes::Reader& in, Partner& p);
void put_match(std::string& out, const Match& m);
bool get_match(bytes::Reader& in, Match& m);
Reflection to_reflection(const Record& r);
PaymentRun to_payment_run(const Record& r);

// A record's history as words: its `history` when it has one (steps it cannot read left out),
// else what an older record's dates tell — a partner active from `joined`; a leader in enquiry
// from `enquired`; a match proposed from `proposed` and active from `started`; a final status
// from `left` or `ended` — and then its status today, from its last dated step (or from before
// the history was kept, when it has none) if no step gave it.
struct WordStep {
    Date date;  // Date{}: before the history was kept
    std::string status;
};
std::vector<WordStep> history_words(Kind kind, const yaml::Node& doc);

// What makes one held session the same as another: the day, and its match, or, for
// involvement naming no match, its type, group and partners: `DATE<TAB>M-…` or
// `DATE<TAB>TYPE GROUP P-…,P-…`. Two held sessions with one identity are one logged twice,
// unless all but the first say `again: true`.
std::string session_identity(const Session& s);
// The part of it after the day: `M-…`, or `TYPE GROUP P-…,P-…`.
std::string session_party(const Session& s);

// May this quote be published? Only when it says so and the person who said it has not said
// no on their own record (`consent.quotes: false`): the person's word always wins. `by` is the
// reflection's author when a partner, else null.
bool quote_may_be_used(const Quote& quote, const Partner* by);

// Field access on a record tree, for dotted keys: `training.completed`.
const yaml::Node* field_node(const yaml::Node& doc, std::string_view dotted_key);
std::string field_text(const yaml::Node& doc, std::string_view dotted_key);
std::optional<Date> field_date(const yaml::Node& doc, std::string_view dotted_key);
std::vector<std::string> field_list(const yaml::Node& doc, std::string_view dotted_key);

}  // namespace vfi
