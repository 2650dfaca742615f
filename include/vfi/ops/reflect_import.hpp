// `reflect import`: the responses to an online form (Microsoft Forms, Google Forms) exported as
// CSV, as reflections. A map file says which column fills which field; each respondent is found
// by their email among partners and leaders (the email is never kept), and a response already
// imported is known by the form's name and the response's id, kept in the reflection's `source`.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "vfi/base/date.hpp"
#include "vfi/base/error.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/store/store.hpp"

namespace vfi {

// How a form's timestamps write the day: `18/03/2024` (day-first, a UK sheet) or `3/18/2024`
// and `3/18/24` (month-first, a US sheet and Microsoft's export). `2024-03-18` is always read.
enum class DateOrder { day_first, month_first };

// A column the map file names, and where it names it (for its messages).
struct MapColumn {
    std::string name;  // as written in the map file
    int line = 0;      // its line in the map file
    std::string key;   // the map file's key naming it: `email`, `columns`
};

// Answers as written in the form -> what to keep (a stage, a theme, a score, yes or no).
using AnswerValues = std::vector<std::pair<std::string, std::string>>;

// A column of answers and the field it fills: changing, how, why, barriers, enablers, themes,
// quote, quote_consent or scores.NAME.
struct FormColumn {
    MapColumn column;
    std::string field;
    std::optional<std::string> split;  // list fields: between answers; "" keeps the cell whole
    AnswerValues values;
};

// A map file (docs/format.md, "Map files of online forms"), read and checked.
struct FormMap {
    std::string file;                   // as named in messages
    std::string form;                   // a tag, kept in each reflection's source.form
    std::string service;                // microsoft, google or "" (neither)
    std::optional<MapColumn> response;  // none: the timestamp is the response's id
    MapColumn timestamp, email;
    std::optional<DateOrder> dates;          // none: Microsoft's month-first, else required
    std::string separator;                   // between the answers of a multi-choice question
    std::string stage;                       // a fixed stage, or "" ...
    std::optional<FormColumn> stage_column;  // ... a column of answers mapped to stages
    std::string about = "programme";         // programme, a match id or a session id
    int about_line = 0;
    std::vector<FormColumn> columns;
    std::vector<MapColumn> left_out;  // columns mapped to nothing: not noted as ignored
};

// Reads the map file's text. Throws Error(bad_data) naming `file`, the line and key of the
// first mistake and how to fix it (a score name not in vocabularies.scores, a stage that is
// not one).
FormMap read_form_map(const std::string& text, const std::string& file,
                      const Vocabularies& vocabularies);

// A form's timestamp (`3/18/24 9:41:07`, `18/03/2024 09:41:07`, `2024-03-18 09:41`) as its day
// and the moment written as `2024-03-18T09:41:07`; nullopt when it is not one in that order.
struct FormTime {
    Date date;
    std::string moment;
};
std::optional<FormTime> parse_form_time(std::string_view text, DateOrder order);

struct ReflectImportRow {
    int line = 0;
    std::string id;
    yaml::Node doc;
};

struct ReflectImportPlan {
    std::vector<ReflectImportRow> rows;  // new reflections, ready to write
    std::vector<Problem> problems;       // one per row that cannot be imported, with its line
    std::size_t already = 0;             // responses imported before (same form and response)
    std::vector<std::string> ignored;    // columns the map file does not name
};

// Reads the export and plans a reflection for each response not imported before. `store` has
// partners, leaders, matches, sessions and reflections loaded. Throws Error(bad_data) for a
// file that is not CSV, and at the map file's line for a column the export lacks.
ReflectImportPlan plan_reflect_import(const RecordStore& store, const FormMap& map,
                                      const std::string& csv_text, const std::string& csv_file,
                                      const Date& today);

}  // namespace vfi
