// A record's history in plain words, read from git: which fields each commit changed, from
// what to what, when and by whom (`vfi log`). Commit messages never name people, so the files
// themselves are compared, version by version.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/table.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct LogAsked {
    std::string id;                   // one record (any kind); "" for the whole programme
    std::vector<std::string> fields;  // only these fields (and the fields inside them)
    std::optional<Date> since;        // only commits made on or after this day
    std::string after;                // only commits made after this one (a full id)
    // Values only of the fields figures are counted from (dates, numbers, statuses, ids): for
    // a report's list of changes, which a funder may read.
    bool structural_only = false;
};

// One field changed by one commit. A record made or removed is one row with `field` empty
// (unless fields were asked for: then its value of each of them).
struct FieldChange {
    Date date;  // the commit's day where the programme is
    std::string by, commit, record, field, was, now;
};

// The history of `asked.id` (or of every record and vfi.yaml), oldest first, up to the commit
// the store reads (HEAD, or --as-of). A confidential field's values are shown only when it is
// named in `fields`; a record marked forgotten shows no value at all. Throws Error(not_found)
// for an id no record ever had, Error(usage) for a field its kind does not have.
std::vector<FieldChange> record_log(const RecordStore& store, const LogAsked& asked);

// The rows as a table: date, by, commit, record (for the whole programme), field, was, now.
Table log_table(const std::vector<FieldChange>& rows, bool with_record);

}  // namespace vfi
