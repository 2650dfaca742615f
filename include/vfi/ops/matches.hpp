// Making and moving matches: a new match (every hard constraint checked), accept, pause,
// resume and end, each with what follows for the leader.
#pragma once

#include <string>
#include <vector>

#include "vfi/model/lifecycle.hpp"
#include "vfi/ops/suggest.hpp"

namespace vfi {

struct NewMatch {
    std::string partner, leader;
    MatchStatus status = MatchStatus::proposed;  // or active
    Date date;                                   // proposed on; also started on when active
    std::string group;
    std::optional<Score> score;  // from a suggestion; else worked out
    std::vector<std::string> reasons;
    bool rematch = false;  // the pair's earlier match has finished: match them again
};

// The match record and the leader's new status (matched when active). Throws Error(refused)
// when a hard constraint is broken. The store must hold partners, leaders and matches.
StatusPlan plan_new_match(const RecordStore& store, const Programme& programme,
                          const std::string& id, const NewMatch& m);

// `vfi match add`: the match `m` (its partner and leader by id or a unique start of one)
// under a new id, and plan_new_match's plan for it; Errors as plan_new_match's (`status`
// names the field).
struct AddedMatch {
    std::string id;
    StatusPlan plan;  // the match record first
};
AddedMatch plan_match_add(const RecordStore& store, const Programme& programme, NewMatch m);

// What `match suggest --apply` writes: each suggested pair as a match proposed on `today`,
// with its score and reasons, under a new id of its own (no two alike), and what follows for
// each leader (plan_new_match; throws as it does).
struct NewMatches {
    std::vector<std::string> ids;  // in the order of the pairs
    StatusPlan plan;               // each match record, and the leaders' that follow
};
NewMatches plan_suggested_matches(const RecordStore& store, const Programme& programme,
                                  const Suggestions& suggestions, const Date& today);

// accept (proposed -> active), pause, resume, end (completed or ended): the match and its
// leader. `to` is active, paused, completed or ended; an ending keeps `category` (one of
// end_categories, else Error(usage)) as end_category and `reason` as end_reason. Errors about
// a value given name its field: `date` (a start before the proposal), `end_category`.
StatusPlan plan_match_move(const RecordStore& store, const Programme& programme,
                           const std::string& id, MatchStatus to, const Date& date,
                           const std::string& reason, const std::string& category = {});

}  // namespace vfi
