// Making a new partner or leader from typed-in values (add and import share this). Erasing a
// person's personal data on request is in forget.hpp.
#pragma once

#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/model/lifecycle.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct Assignment {
    std::string key;    // dotted field key
    std::string text;   // as typed
    std::string shown;  // how the user named it, for messages: `--region`, `Region`
};

// A new record with `values`, the defaults a new person gets (status enquiry; a leader's
// enquired date; an active partner's joined date; a leaver's left date), its history begun
// and every check `vfi check` would make of it alone. The history's first step is the date
// field given for that status (`joined`, `left`, `enquired`), else `since` (the day their
// status began, `--date`), else `today`; `since` is also the default of those fields. Throws
// Error(bad_data/usage) naming the value at fault (`date` for `since`).
yaml::Node new_person(Kind kind, const std::string& id, const std::vector<Assignment>& values,
                      const Vocabularies& vocabularies, const Date& today,
                      const std::optional<Date>& since = {});

// Same name (ignoring case and spaces) and same email: the same person.
bool same_person(const yaml::Node& a, const yaml::Node& b);

// What `add` writes: a new id from `store`, the record new_person makes with it, and the people
// of that kind already there whom same_person finds (worth a warning, not a refusal).
struct NewPerson {
    std::string id;
    yaml::Node doc;
    std::vector<std::string> same_name_and_email;  // their ids
};
NewPerson plan_new_person(const RecordStore& store, Kind kind,
                          const std::vector<Assignment>& values, const Date& today,
                          const std::optional<Date>& since = {});

}  // namespace vfi
