// Making a new partner or leader from typed-in values (add and import share this), and
// erasing a person's personal data on request (forget).
#pragma once

#include <string>
#include <vector>

#include "vfi/date.hpp"
#include "vfi/lifecycle.hpp"
#include "vfi/store.hpp"

namespace vfi {

struct Assignment {
    std::string key;    // dotted field key
    std::string text;   // as typed
    std::string shown;  // how the user named it, for messages: `--region`, `Region`
};

// A new record with `values`, the defaults a new person gets (status enquiry; a leader's
// enquired date; an active partner's joined date) and every check `vfi check` would make of
// it alone. Throws Error(bad_data/usage) naming the value at fault.
yaml::Node new_person(Kind kind, const std::string& id, const std::vector<Assignment>& values,
                      const Vocabularies& vocabularies, const Date& today);

// Throws Error(refused) when `doc`'s capacity is below the partner's active and paused
// matches. The store must hold the matches.
void require_capacity(const RecordStore& store, const std::string& partner_id,
                      const yaml::Node& doc);

// Same name (ignoring case and spaces) and same email: the same person.
bool same_person(const yaml::Node& a, const yaml::Node& b);

// The fields a forgotten record keeps (name and a leader's organisation as "(forgotten)").
const std::vector<std::string>& kept_when_forgotten(Kind kind);

struct ForgetPlan {
    std::vector<Update> updates;       // the person, then sessions and reflections
    std::vector<std::string> removed;  // fields erased from the person's record
    std::vector<std::string> notes;    // what else was cleared
};

// Erases every personal field of the person, keeping the id and anonymous activity
// (status, dates, region, cohort, capacity) so reports stay true; also clears the notes of
// their sessions and the words of reflections they gave. The store must hold every kind.
ForgetPlan plan_forget(const RecordStore& store, Kind kind, const std::string& id,
                       const Date& today);

}  // namespace vfi
