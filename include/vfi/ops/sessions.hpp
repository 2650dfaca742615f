// Sessions: logging one (every rule checked before it is written) and the list of active
// matches that have gone too long without one, for a coordinator's weekly cron job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/model/programme.hpp"
#include "vfi/ops/people.hpp"

namespace vfi {

// A new session from typed-in values: status held and type coaching unless given. Refuses
// (Error refused) a coaching session whose match is not active or paused, and partners who
// are not in the programme (training, active or paused); and (Error bad_data) what `vfi
// check` would report, such as a held session in the future.
yaml::Node new_session(const RecordStore& store, const Programme& programme, const std::string& id,
                       const std::vector<Assignment>& values, const Date& today);

struct DueMatch {
    std::string match, partner, partner_name, leader, leader_name;
    std::optional<Date> last_held;  // nullopt: no session held since it started
    Date since;                     // the last held session, else the start
    long days = 0;
};

// Active matches with no held session in `weeks` weeks, and those with none since they
// started (once `weeks` have passed), oldest first.
std::vector<DueMatch> sessions_due(const Programme& programme, const Date& today, long weeks);

}  // namespace vfi
