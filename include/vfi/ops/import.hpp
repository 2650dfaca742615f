// `import`: the spreadsheet a team already keeps, as partner or leader records. Every row is
// checked before anything is written.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

struct ImportOptions {
    std::vector<std::pair<std::string, std::string>>
        map;     // column -> field ("" ignores the column)
    Date today;  // what "in the future" is measured from
    // --date: the day each row's status began, unless its own joined/left/enquired says;
    // none: that date, else today (new_person)
    std::optional<Date> since;
};

struct ImportRow {
    int line = 0;
    std::string id;
    yaml::Node doc;
};

struct ImportPlan {
    std::vector<std::pair<std::string, std::string>> columns;  // header -> field, "" when ignored
    std::vector<std::string> ignored;                          // headers matching no field
    std::vector<ImportRow> rows;                               // valid rows, ready to write
    std::vector<Problem> problems;                             // one per invalid row, with its line
};

// The field a spreadsheet header names, or "" (case, spaces and punctuation forgiven;
// `Email` is contact.email, `Job title` is title).
std::string field_for_header(Kind kind, const std::string& header);

// Reads the CSV text and checks every row. Throws Error(usage) for a --map naming no field
// or no column, Error(bad_data) for a file that is not CSV.
ImportPlan plan_import(const RecordStore& store, Kind kind, const std::string& csv_text,
                       const std::string& file, const ImportOptions& options);

}  // namespace vfi
