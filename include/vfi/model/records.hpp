// Typed views of validated records, for the rules and reports that reason about them.
// The YAML tree (Record::doc) stays the source of truth for writing, so unknown keys survive.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/format/status.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// A status or type is none when the record's word is not in the format (a record that fails
// `vfi check`); every predicate on it is then false.
struct Partner {
    std::string id, name, region;
    std::optional<PartnerStatus> status;
    std::optional<Date> joined, left, training_completed;
    std::vector<std::string> roles, lived_experience, interests, modes, conflicts;
    long capacity = 0;
    std::optional<bool> payment_eligible;  // none when the record does not say
    std::optional<bool> consent_quotes;    // none when the record does not say
    bool forgotten = false;                // erased at their request: never matched again
};

struct Leader {
    std::string id, name, organisation, sector, region, cohort;
    std::optional<LeaderStatus> status;
    std::optional<Date> enquired;
    std::vector<std::string> focus, modes;
    bool forgotten = false;  // erased at their request: never matched again
};

// No free-text reasons here: `end_reason` and `cancel_reason` are confidential and never
// reported; reports count the categories.
struct Match {
    std::string id, partner, leader, group, end_category;
    std::optional<MatchStatus> status;
    std::optional<Date> proposed, started, ended;
    long planned_sessions = 0;
};

struct Session {
    std::string id, match, group, mode, cancel_category;
    std::optional<SessionType> type;  // coaching when the record has none
    std::optional<SessionStatus> status;
    std::vector<std::string> partners, topics;
    Date date;
    long minutes = 0;
    bool again = false;  // another session of its match held the same day, on purpose
};

struct Quote {
    std::string text;
    bool consent = false;  // the quote's own: the person's record may still say no
};

struct Reflection {
    std::string id, by, about;
    std::optional<Stage> stage;
    Date date;
    std::vector<std::string> themes, barriers, enablers;
    std::vector<Quote> quotes;
};

// Decoding assumes the record passed validation; a missing optional field is left empty.
Partner to_partner(const Record& r);
Leader to_leader(const Record& r);
Match to_match(const Record& r);
Session to_session(const Record& r);
Reflection to_reflection(const Record& r);

// What makes one held session the same as another: the day, and its match, or, for
// involvement naming no match, its type, group and partners: `DATE<TAB>M-…` or
// `DATE<TAB>TYPE GROUP P-…,P-…`. Two held sessions with one identity are one logged twice,
// unless all but the first say `again: true`.
std::string session_identity(const Session& s);

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
