// The fixed words of the record format that the rules reason about: the statuses of
// partners, leaders, matches and sessions, the types of session and the stages of a
// reflection. Each is an enum with one table below giving its word in records (in the
// format's order, which `vfi.yaml` cannot change) and, for the lifecycles, where a record may
// move next (product.md). No code outside this file compares these words as strings: records
// are decoded into the enums (model/records.hpp) and the words come back out of `word()`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace vfi {

// Each is a byte: a record holds several, most of them optional (two bytes, not eight).
enum class PartnerStatus : std::uint8_t { enquiry, training, active, paused, alumni, withdrawn };
enum class LeaderStatus : std::uint8_t { enquiry, waiting, matched, completed, withdrawn };
enum class MatchStatus : std::uint8_t { proposed, active, paused, completed, ended };
enum class SessionStatus : std::uint8_t { held, cancelled, no_show };
enum class SessionType : std::uint8_t {
    coaching,
    action_learning,
    advisory_group,
    check_and_challenge,
    interview_panel,
    co_design,
    training
};
enum class Stage : std::uint8_t { baseline, midpoint, end, ad_hoc };
enum class Missed : std::uint8_t { leader, partner, both };  // who did not come to a no-show
// What a payment line pays for: a session's fee (held, cancelled late, or a no-show the leader
// missed), its preparation, or involvement paid by the hour.
enum class PayItem : std::uint8_t {
    session,
    late_cancellation,
    leader_no_show,
    preparation,
    involvement,
    expenses  // what a partner spent, reimbursed: never earnings
};
// What an expense a partner claims is for: travel by receipt, mileage at the rate per mile,
// care cover (someone to care while they took part), or another cost.
enum class ExpenseKind : std::uint8_t { travel, mileage, care, other };
// How a partner wants to be paid for their time (NHS England's involvement payment policy
// lets people on benefits choose): a fee, a voucher, expenses only, or nothing.
enum class PayPreference : std::uint8_t { fee, voucher, expenses_only, declined };

// One row of a table: the value, its word in records and, for a lifecycle, where it may go.
template <class E>
struct Row {
    E value;
    std::string_view word;
    std::span<const E> next = {};
};

template <class E>
struct WordTable;  // WordTable<E>::rows, in the format's order

namespace status_moves {
using P = PartnerStatus;
using L = LeaderStatus;
using M = MatchStatus;
// enquiry → training → active ⇄ paused → alumni | withdrawn
inline constexpr P p_enquiry[] = {P::training, P::withdrawn};
inline constexpr P p_training[] = {P::active, P::withdrawn};
inline constexpr P p_active[] = {P::paused, P::alumni, P::withdrawn};
inline constexpr P p_paused[] = {P::active, P::alumni, P::withdrawn};
// enquiry → waiting → matched → completed | withdrawn (and back to waiting if a match ends)
inline constexpr L l_enquiry[] = {L::waiting, L::withdrawn};
inline constexpr L l_waiting[] = {L::matched, L::withdrawn};
inline constexpr L l_matched[] = {L::waiting, L::completed, L::withdrawn};
// proposed → active ⇄ paused → completed | ended
inline constexpr M m_proposed[] = {M::active, M::ended};
inline constexpr M m_active[] = {M::paused, M::completed, M::ended};
inline constexpr M m_paused[] = {M::active, M::completed, M::ended};
}  // namespace status_moves

template <>
struct WordTable<PartnerStatus> {
    using E = PartnerStatus;
    static constexpr std::string_view vocabulary = "partner_status";
    static constexpr std::array<Row<E>, 6> rows = {
        {{E::enquiry, "enquiry", status_moves::p_enquiry},
         {E::training, "training", status_moves::p_training},
         {E::active, "active", status_moves::p_active},
         {E::paused, "paused", status_moves::p_paused},
         {E::alumni, "alumni"},
         {E::withdrawn, "withdrawn"}}};
};

template <>
struct WordTable<LeaderStatus> {
    using E = LeaderStatus;
    static constexpr std::string_view vocabulary = "leader_status";
    static constexpr std::array<Row<E>, 5> rows = {
        {{E::enquiry, "enquiry", status_moves::l_enquiry},
         {E::waiting, "waiting", status_moves::l_waiting},
         {E::matched, "matched", status_moves::l_matched},
         {E::completed, "completed"},
         {E::withdrawn, "withdrawn"}}};
};

template <>
struct WordTable<MatchStatus> {
    using E = MatchStatus;
    static constexpr std::string_view vocabulary = "match_status";
    static constexpr std::array<Row<E>, 5> rows = {
        {{E::proposed, "proposed", status_moves::m_proposed},
         {E::active, "active", status_moves::m_active},
         {E::paused, "paused", status_moves::m_paused},
         {E::completed, "completed"},
         {E::ended, "ended"}}};
};

template <>
struct WordTable<SessionStatus> {
    using E = SessionStatus;
    static constexpr std::string_view vocabulary = "session_status";
    static constexpr std::array<Row<E>, 3> rows = {
        {{E::held, "held"}, {E::cancelled, "cancelled"}, {E::no_show, "no-show"}}};
};

template <>
struct WordTable<SessionType> {
    using E = SessionType;
    static constexpr std::string_view vocabulary = "session_type";
    static constexpr std::array<Row<E>, 7> rows = {{{E::coaching, "coaching"},
                                                    {E::action_learning, "action-learning"},
                                                    {E::advisory_group, "advisory-group"},
                                                    {E::check_and_challenge, "check-and-challenge"},
                                                    {E::interview_panel, "interview-panel"},
                                                    {E::co_design, "co-design"},
                                                    {E::training, "training"}}};
};

template <>
struct WordTable<Stage> {
    using E = Stage;
    static constexpr std::string_view vocabulary = "stages";
    static constexpr std::array<Row<E>, 4> rows = {{{E::baseline, "baseline"},
                                                    {E::midpoint, "midpoint"},
                                                    {E::end, "end"},
                                                    {E::ad_hoc, "ad-hoc"}}};
};

template <>
struct WordTable<Missed> {
    using E = Missed;
    static constexpr std::string_view vocabulary = "missed";
    static constexpr std::array<Row<E>, 3> rows = {
        {{E::leader, "leader"}, {E::partner, "partner"}, {E::both, "both"}}};
};

template <>
struct WordTable<PayItem> {
    using E = PayItem;
    static constexpr std::string_view vocabulary = "pay_items";
    static constexpr std::array<Row<E>, 6> rows = {{{E::session, "session"},
                                                    {E::late_cancellation, "late-cancellation"},
                                                    {E::leader_no_show, "leader-no-show"},
                                                    {E::preparation, "preparation"},
                                                    {E::involvement, "involvement"},
                                                    {E::expenses, "expenses"}}};
};

template <>
struct WordTable<ExpenseKind> {
    using E = ExpenseKind;
    static constexpr std::string_view vocabulary = "expense_kinds";
    static constexpr std::array<Row<E>, 4> rows = {
        {{E::travel, "travel"}, {E::mileage, "mileage"}, {E::care, "care"}, {E::other, "other"}}};
};

template <>
struct WordTable<PayPreference> {
    using E = PayPreference;
    static constexpr std::string_view vocabulary = "pay_preferences";
    static constexpr std::array<Row<E>, 4> rows = {{{E::fee, "fee"},
                                                    {E::voucher, "voucher"},
                                                    {E::expenses_only, "expenses-only"},
                                                    {E::declined, "declined"}}};
};

template <class E>
concept Worded = requires {
    WordTable<E>::rows;
};

// The word a record holds for `value`.
template <Worded E>
constexpr std::string_view word(E value) {
    for (const auto& row : WordTable<E>::rows)
        if (row.value == value) return row.word;
    return {};
}

// The value a record's word names; none for a word the table does not have.
template <Worded E>
constexpr std::optional<E> parse_word(std::string_view text) {
    for (const auto& row : WordTable<E>::rows)
        if (row.word == text) return row.value;
    return std::nullopt;
}

// Every word, in the format's order (the built-in vocabulary).
template <Worded E>
std::vector<std::string> words() {
    std::vector<std::string> out;
    for (const auto& row : WordTable<E>::rows)
        out.emplace_back(row.word);
    return out;
}

// Where a record may move from `from`, in the format's order; none from a final status.
template <Worded E>
constexpr std::span<const E> next(E from) {
    for (const auto& row : WordTable<E>::rows)
        if (row.value == from) return row.next;
    return {};
}

template <Worded E>
constexpr bool can_move(E from, E to) {
    for (E e : next(from))
        if (e == to) return true;
    return false;
}

// A final status: the record has left the programme (or the match is over).
template <Worded E>
constexpr bool final(E value) {
    return next(value).empty();
}

// A match that holds one of its partner's places: proposed, active or paused.
constexpr bool holds_a_place(MatchStatus s) {
    return !final(s);
}
// A match under way, sessions being held or paused: active or paused.
constexpr bool running(MatchStatus s) {
    return s == MatchStatus::active || s == MatchStatus::paused;
}
// A partner in the programme who has finished training: active or paused.
constexpr bool trained_and_in(PartnerStatus s) {
    return s == PartnerStatus::active || s == PartnerStatus::paused;
}
// A partner who may take part in a session: in training, active or paused.
constexpr bool may_take_part(PartnerStatus s) {
    return s == PartnerStatus::training || trained_and_in(s);
}
// A session that was due and came: held, or a no-show (someone did not come). Either is in
// the past, within its match's dates, and one of its match a day (a no-show the leader
// missed may be paid as held).
constexpr bool was_due(SessionStatus s) {
    return s == SessionStatus::held || s == SessionStatus::no_show;
}
// A session a partner is paid for by the session, not by the hour.
constexpr bool paid_per_session(SessionType t) {
    return t == SessionType::coaching || t == SessionType::action_learning;
}

// The same for a value decoded from a record that may not have passed validation: a word
// the table does not know is none of these.
constexpr bool holds_a_place(std::optional<MatchStatus> s) {
    return s && holds_a_place(*s);
}
constexpr bool running(std::optional<MatchStatus> s) {
    return s && running(*s);
}
constexpr bool trained_and_in(std::optional<PartnerStatus> s) {
    return s && trained_and_in(*s);
}
constexpr bool may_take_part(std::optional<PartnerStatus> s) {
    return s && may_take_part(*s);
}
constexpr bool was_due(std::optional<SessionStatus> s) {
    return s && was_due(*s);
}
template <Worded E>
constexpr bool final(std::optional<E> value) {
    return value && final(*value);
}
// The word of a decoded value, empty for none.
template <Worded E>
constexpr std::string_view word(std::optional<E> value) {
    return value ? word(*value) : std::string_view();
}

}  // namespace vfi

// fmt prints a value as its word: fmt::format("{} is {}", id, status).
template <vfi::Worded E>
struct fmt::formatter<E> : fmt::formatter<std::string_view> {
    template <class Context>
    auto format(E value, Context& ctx) const {
        return fmt::formatter<std::string_view>::format(vfi::word(value), ctx);
    }
};
