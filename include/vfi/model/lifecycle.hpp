// Where a partner, leader or match may go next, and what else moves with it: dates that
// follow a status, and the matches (and their leaders) a person's leaving ends.
#pragma once

#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct Update {
    Kind kind;
    std::string id;
    yaml::Node doc;
};

struct StatusPlan {
    std::vector<Update> updates;     // the record itself first, then what followed from it
    std::vector<std::string> notes;  // one line each for the user: what else changed
};

// Moves the record `doc` (of `id`) to `status` on `date`: sets `status` and adds the step to
// its `history` (an older record's history, read from its dates, is written out first). Every
// status change is made through this. Throws Error(bad_data) naming `date` for a day before
// the history's last step or after today.
void move_to(yaml::Node& doc, Kind kind, const std::string& id, std::string_view status,
             const Date& date);

// The step of a history a date field stands for, so that the two never disagree: `joined`
// and `started` the first step into active; `proposed` and `enquired` the first into
// proposed or enquiry; `left` and `ended` the last step, when it is a final status. After
// `set` changes such a field of a record with a `history`, keep_history_in_step moves that
// step to the new date (a record whose history the field no longer matches is told by
// `vfi check`, history_disagreements). Nothing for other keys, or a record without one.
void keep_history_in_step(yaml::Node& doc, Kind kind, std::string_view key);
// "joined: 2020-07-03 is not the day the history says they became active (2020-07-01)", one
// a field, for `vfi check`: the field's key and the sentence.
std::vector<std::pair<std::string, std::string>> history_disagreements(const yaml::Node& doc,
                                                                       Kind kind);

// A new record's history: `status` from `date`.
yaml::Node first_history(std::string_view status, const Date& date);

// Plans moving `id` to `to` on `date`. Refuses (Error refused) a move the programme does not
// allow, saying which are allowed. The store must hold partners, leaders and matches.
StatusPlan plan_status_change(const RecordStore& store, const Programme& programme, Kind kind,
                              const std::string& id, const std::string& to, const Date& date,
                              const std::string& reason);

}  // namespace vfi
