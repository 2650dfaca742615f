// `import`: the spreadsheet a team already keeps, as partner or leader records. Every row is
// checked before anything is written.
#pragma once

#include <optional>
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
    // --day-first: a date written 18/03/2024 (or 18/3/2024, 18-03-2024) is day/month/year;
    // without it such a date is refused, with a hint to say so
    bool day_first = false;
    // --accept-suggestions: a value written another way than a listed or used one (`West
    // Midlands` for west-midlands, `Mental Health` for the tag mental-health, `2024 Cohort`
    // when others have 2024-cohort) is taken as that one, and said in `notes`; without it the
    // listed value is refused and the used one noted, each hint naming the suggestion
    bool accept_suggestions = false;
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
    // Every problem of each invalid row, with its line: each value's own, then (when its values
    // are right) what is wrong between them or with the records already there.
    std::vector<Problem> problems;
    std::size_t invalid_rows = 0;  // the rows with a problem, which are not imported
    // Said and not stopping the import, with their lines: a suggestion taken, a value new to
    // the records that is close to one already used ("did you mean").
    std::vector<Problem> notes;
};

// The field a spreadsheet header names, or "" (case, spaces and punctuation forgiven;
// `Email` is contact.email, `Job title` is title).
std::string field_for_header(Kind kind, const std::string& header);

// Reads the CSV text and checks every row; rows of empty cells are skipped. Throws
// Error(usage) for a --map naming no field or no column, or no column for a required field
// (the name; a leader's organisation), Error(bad_data) for a file that is not CSV.
ImportPlan plan_import(const RecordStore& store, Kind kind, const std::string& csv_text,
                       const std::string& file, const ImportOptions& options);

}  // namespace vfi
