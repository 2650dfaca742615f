// The tables the list commands print and what `show` adds to a record: partners and leaders
// (filters a coordinator needs, columns chosen by name, confidential fields only when asked
// for by name), matches and sessions (their fixed columns; notes never).
#pragma once

#include <string>
#include <vector>

#include "vfi/base/table.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct ListOptions {
    std::vector<std::string> statuses;  // any of these
    std::string region;
    std::string cohort;               // partners: training.cohort; leaders: cohort
    std::string tag;                  // partners: an interest; leaders: a focus area
    bool available = false;           // partners who can take a leader now
    bool waiting = false;             // leaders waiting for a partner
    std::vector<std::string> fields;  // columns; empty for the defaults
    std::string sort;                 // a column (`-column`: descending); empty for the default
};

// Columns vfi works out rather than reads: places, spare, sessions, last_session (partners);
// partner, match, sessions, last_session (leaders).
std::vector<std::string> computed_columns(Kind kind);
std::vector<std::string> default_columns(Kind kind);
// The kinds a listing must load: the people listed, the matches, and sessions only when a
// sessions column is shown.
std::vector<Kind> kinds_for_listing(Kind kind, const std::vector<std::string>& fields,
                                    const std::string& sort);

// Throws Error(usage) for a column that is neither a field nor a computed column.
Table list_people(const RecordStore& store, const Programme& programme, Kind kind,
                  const ListOptions& options);

// The same columns for one record, for `show`.
std::vector<std::pair<std::string, std::string>> person_context(const Programme& programme,
                                                                Kind kind, const std::string& id);

// `session list`'s filters; empty is any. Ids may be a unique start of one.
struct SessionFilter {
    std::string match, partner, leader, group, type;
    std::vector<std::string> statuses;        // any of these
    Date from{1900, 1, 1}, to{9999, 12, 31};  // both included
};

// Sessions by date, then id: id, date, type, match, partners (a coaching session's is its
// match's partner), status, minutes, mode, topics. `partner` finds a coaching session through
// its match and other involvement by name; `group` a session of the group or of a match in
// it. Throws Error(usage) naming the field (`status`, `type`) for a value no session could
// have, and store.resolve's errors for an id.
Table list_sessions(const RecordStore& store, const Programme& programme,
                    const SessionFilter& filter);

// `match list`'s filters; empty is any. Ids may be a unique start of one.
struct MatchFilter {
    std::vector<std::string> statuses;  // any of these
    std::string partner, leader, group;
    std::string cohort;  // the leader's
};

// Matches by id: id, partner, partner_name, leader, leader_name, status, proposed, started,
// ended, sessions (held), group. Throws Error(usage) naming the field (`status`) for a status no
// match could have, and store.resolve's errors for an id.
Table list_matches(const RecordStore& store, const Programme& programme, const MatchFilter& filter);

// What `match show` adds to the record: the partner's name, the leader's with their
// organisation, and the sessions held with their time.
std::vector<std::pair<std::string, std::string>> match_context(const Programme& programme,
                                                               const std::string& id);
// The match's sessions so far, by date (notes never): session, date, status, minutes, mode.
Table match_sessions(const Programme& programme, const std::string& id);

// The columns of a listing holding people's names (`partner_name`, `by_name`): shown on the
// screen beside the ids, and in an export only when --fields names them.
bool is_name_column(const std::string& column);

// A listing's --fields, once every region is in: only the columns named, in that order
// (Error(usage) naming `option`, with "did you mean", for one the listing has not). With none
// named, every column for the table on screen, and for an export (`with_names` false) all but
// the name columns.
Table choose_columns(const Table& t, const std::vector<std::string>& fields, bool with_names,
                     const std::string& option = "--fields");

// Sorts the rows by the column named (`-column`: the other way round), figures as numbers,
// ties in the order they were; Error(usage) naming `option` for a column the table has not.
void sort_rows(Table& t, const std::string& by, const std::string& option = "--sort");

}  // namespace vfi
