// The tables `partner list` and `leader list` print: filters a coordinator needs, columns
// chosen by name, confidential fields only when asked for by name.
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
    std::string sort;                 // a column; empty for the default order
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

}  // namespace vfi
