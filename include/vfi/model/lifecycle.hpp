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

// Plans moving `id` to `to` on `date`. Refuses (Error refused) a move the programme does not
// allow, saying which are allowed. The store must hold partners, leaders and matches.
StatusPlan plan_status_change(const RecordStore& store, const Programme& programme, Kind kind,
                              const std::string& id, const std::string& to, const Date& date,
                              const std::string& reason);

}  // namespace vfi
