// Sessions: logging one (every rule checked before it is written) and the list of active
// matches that have gone too long without one, for a coordinator's weekly cron job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/table.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/model/programme.hpp"
#include "vfi/ops/people.hpp"

namespace vfi {

// A new session from typed-in values: status held and type coaching unless given. Refuses
// (Error refused) a coaching session whose match is not active or paused, and partners who
// are not in the programme (training, active or paused); and (Error bad_data) a held session
// dated before its match started. An error about a value names it as its Assignment's
// `shown`; the others name the field (`match`, `partners`, `date`). What `vfi check` would
// say of the record alone (a held session in the future) is left to the write gate
// (Transaction::commit), which says it of every record written.
yaml::Node new_session(const RecordStore& store, const Programme& programme, const std::string& id,
                       const std::vector<Assignment>& values);

// What `vfi session log` is given, as typed: the match and the partners by id or a unique
// start of one, lists comma-separated; empty when not given.
struct SessionLog {
    std::string match, type, group, partners, leaders, date, minutes, mode, status, cancel_category,
        missed, topics, follow_ups, notes;
    bool again = false;  // another session of the match held the same day, on purpose
};

// Why partner `p` took no part in a session on `day`, by their history: "P-… was alumni on
// 2024-03-01, not in the programme", or "… was not yet in the programme on …".
std::string not_taking_part(const Partner& p, const Date& day);

struct NewSession {
    std::string id;
    yaml::Node doc;
};

// `vfi session log`: the ids resolved (Error not_found, or usage when a start is ambiguous),
// a new id, and new_session's record, every error naming the field at fault (`date`,
// `minutes`, `cancel_category`...).
NewSession plan_new_session(const RecordStore& store, const Programme& programme,
                            const SessionLog& log);

struct DueMatch {
    std::string match, partner, partner_name, leader, leader_name;
    std::optional<Date> last_held;  // nullopt: no session held since it started
    Date since;                     // the last held session, else the start
    long days = 0;
};

// Active matches with no held session in `weeks` weeks, and those with none since they
// started (once `weeks` have passed), oldest first.
std::vector<DueMatch> sessions_due(const Programme& programme, const Date& today, long weeks);
// The same, loading from `store` only what it needs: partners and matches, and leaders and
// sessions streamed in their typed form alone, so a national programme's list is made in
// little memory. `weeks` 0: sessions.due_after_weeks in vfi.yaml.
struct FoundDue {
    std::vector<DueMatch> due;
    std::vector<Problem> problems;  // what `vfi check` finds: then nothing is due-listed
};
FoundDue find_sessions_due(RecordStore& store, const Date& today, long weeks);
// As `session due` lists them: match, partner, partner_name, leader, leader_name,
// last_session (`none since` the start when none was held), days.
Table due_table(const std::vector<DueMatch>& due);

// `vfi session cancel`: the session `id` (a unique start will do) marked cancelled, with
// `category` (one of cancel_categories, else Error(usage) naming cancel_category) and `reason`
// (confidential) when given. Refuses (Error refused) a session already cancelled. The store
// must hold the sessions.
Update plan_session_cancel(const RecordStore& store, const std::string& id,
                           const std::string& category, const std::string& reason);

}  // namespace vfi
