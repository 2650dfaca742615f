#include "vfi/ops/import.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "vfi/base/csv.hpp"
#include "vfi/base/text.hpp"
#include "vfi/format/field_input.hpp"
#include "vfi/format/schema.hpp"
#include "vfi/format/vocabulary.hpp"
#include "vfi/model/records.hpp"
#include "vfi/ops/check.hpp"
#include "vfi/ops/people.hpp"

namespace vfi {
namespace {

// Headers teams use for fields named otherwise here.
const std::vector<std::pair<std::string, std::string>>& aliases() {
    static const std::vector<std::pair<std::string, std::string>> list = {
        {"full_name", "name"},
        {"email", "contact.email"},
        {"e_mail", "contact.email"},
        {"email_address", "contact.email"},
        {"phone", "contact.phone"},
        {"telephone", "contact.phone"},
        {"mobile", "contact.phone"},
        {"phone_number", "contact.phone"},
        {"job_title", "title"},
        {"role", "title"},
        {"position", "title"},
        {"organization", "organisation"},
        {"org", "organisation"},
        {"organisation_name", "organisation"},
        {"organization_name", "organisation"},
        {"employer", "organisation"},
        {"date_joined", "joined"},
        {"joined_date", "joined"},
        {"enquiry_date", "enquired"},
        {"date_of_enquiry", "enquired"},
        {"date_enquired", "enquired"},
        {"enquired_date", "enquired"},
        {"date_left", "left"},
        {"left_date", "left"},
        {"interest", "interests"},
        {"areas_of_interest", "interests"},
        {"focus_areas", "focus"},
        {"areas_of_focus", "focus"},
        {"access_requirements", "access_needs"},
        {"reasonable_adjustments", "access_needs"},
        {"meeting_modes", "modes"},
        {"programme", "cohort"},
    };
    return list;
}

}  // namespace

std::string field_for_header(Kind kind, const std::string& header) {
    std::string h = column_key(header);
    if (h.empty()) return {};
    auto keys = settable_keys(kind);
    for (const auto& key : keys)
        if (column_key(key) == h) return key;
    for (const auto& [alias, key] : aliases())
        if (alias == h && std::find(keys.begin(), keys.end(), key) != keys.end()) return key;
    // The last part of a grouped field, when only one field ends so: `Completed` is
    // training.completed.
    std::string found;
    for (const auto& key : keys) {
        auto dot = key.rfind('.');
        if (dot != std::string::npos && column_key(key.substr(dot + 1)) == h) {
            if (!found.empty()) return {};
            found = key;
        }
    }
    return found;
}

namespace {

// The fields a new record cannot be without, but for those vfi fills (id, status): a column
// must give each.
std::vector<std::string> required_keys(Kind kind) {
    std::vector<std::string> out;
    for (const auto& f : fields_of(kind))
        if (f.required && f.key != "id" && f.key != "status" && f.type != FieldType::map)
            out.emplace_back(f.key);
    return out;
}

// `a name`, `an organisation`
std::string with_article(std::string_view word) {
    bool vowel = !word.empty() && std::string_view("aeiou").find(word.front()) != std::string::npos;
    return (vowel ? "an " : "a ") + std::string(word);
}

// Which field each column of the header fills, and the columns none fills. Throws
// Error(usage) for a --map naming no column or no field, two columns filling one field, or
// no column for a required field.
void plan_columns(Kind kind, const CsvRow& header_row, const std::string& file,
                  const ImportOptions& options, ImportPlan& plan) {
    const auto& header = header_row.cells;
    auto keys = settable_keys(kind);
    for (const auto& [column, field] : options.map) {
        std::string wanted = column_key(column);  // (clang 14 cannot capture a structured binding)
        bool found = std::any_of(header.begin(), header.end(),
                                 [&](const std::string& h) { return column_key(h) == wanted; });
        if (!found)
            throw Error(ExitCode::usage, {}, "--map",
                        fmt::format("the file has no column '{}'", column),
                        "its columns are " + join(header, ", "));
        if (!field.empty() && std::find(keys.begin(), keys.end(), field) == keys.end()) {
            std::string near = nearest(field, keys);
            throw Error(ExitCode::usage, {}, "--map",
                        fmt::format("'{}' is not a {} field", field, kind_name(kind)),
                        near.empty() ? "the fields are " + join(keys, ", ")
                                     : fmt::format("did you mean '{}'?", near));
        }
    }
    std::set<std::string> used;
    for (const auto& h : header) {
        std::string field = field_for_header(kind, h);
        for (const auto& [column, mapped] : options.map)
            if (column_key(column) == column_key(h)) field = mapped;
        if (field == "id") field.clear();  // vfi makes the ids
        if (!field.empty() && !used.insert(field).second)
            throw Error(ExitCode::usage, Location{file, header_row.line, 0}, {},
                        fmt::format("two columns would fill {} (the second is '{}')", field, h),
                        fmt::format("choose one with --map \"{}=\" to leave the other out", h));
        bool left_out = std::any_of(options.map.begin(), options.map.end(), [&](const auto& m) {
            return column_key(m.first) == column_key(h) && m.second.empty();
        });
        if (field.empty() && !h.empty() && !left_out) plan.ignored.push_back(h);
        plan.columns.push_back({h, field});
    }
    for (const auto& key : required_keys(kind))
        if (!used.count(key)) {
            std::string column = key;
            column[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(column[0])));
            throw Error(
                ExitCode::usage, Location{file, header_row.line, 0}, {},
                fmt::format("no column gives the {}", key),
                fmt::format("name the column {}, or use --map \"YOUR COLUMN={}\"", column, key));
        }
}

// Values compared with those other records have, to catch one value written two ways: the
// cohorts, and the free tags people are matched and counted by.
bool compared_with_used(std::string_view key) {
    return key == "cohort" || key == "training.cohort" || key == "interests" ||
           key == "lived_experience" || key == "focus" || key == "training.modules";
}

// The digits of a text, in order: `2024 Cohrt` is near 2024-cohort, but 2025-cohort is
// another cohort, not a typing slip.
std::string digits_of(std::string_view text) {
    std::string out;
    for (char c : text)
        if (c >= '0' && c <= '9') out += c;
    return out;
}

// How a row is the same person as a record: by name and email (same_person); a leader also by
// name and organisation, unless both have an email and they differ. "" when not.
std::string same_as(Kind kind, const yaml::Node& a, const yaml::Node& b) {
    if (same_person(a, b)) return "name and email";
    if (kind != Kind::leader) return {};
    auto same = [&](std::string_view key) {
        return squash(field_text(a, key)) == squash(field_text(b, key));
    };
    bool both_emails =
        !field_text(a, "contact.email").empty() && !field_text(b, "contact.email").empty();
    return same("name") && same("organisation") && !both_emails ? "name and organisation" : "";
}

// What one row's values come to: the values to make the record of, and what is wrong or
// worth saying about them.
struct RowValues {
    std::vector<Assignment> values;
    std::vector<Problem> problems;
    std::vector<Problem> notes;
};

// Reads each row of the file into a record, or its problems. Knows the records already there
// (for duplicates, references and values used) and the rows read so far.
class RowReader {
  public:
    RowReader(const RecordStore& store, Kind kind, const std::string& file,
              const ImportOptions& options, ImportPlan& plan)
        : store_(store),
          kind_(kind),
          file_(file),
          options_(options),
          plan_(plan),
          vocab_(store.settings().vocabularies) {
        for (const auto& id : store.ids(kind))
            ids_.insert(id);
        for (const auto& r : store.records(kind))
            remember_values(r.doc);
    }

    void read(const CsvRow& row, std::size_t header_size);

  private:
    void read_cell(Assignment a, RowValues& out, int line);
    bool read_date(const Field& f, Assignment& a, RowValues& out, int line);
    void listed_spelling(const Field& f, Assignment& a, RowValues& out, int line);
    void free_tags(const Field& f, Assignment& a, RowValues& out, int line);
    void compare_with_used(Assignment& a, RowValues& out, int line);
    enum class Spelling { listed, tag, used };  // what the value is written another way than
    void take_or_refuse(const Field& f, Assignment& a, const std::string& taken, Spelling spelling,
                        RowValues& out, int line);
    void make_record(const CsvRow& row, std::vector<Assignment> values);
    void remember_values(const yaml::Node& doc);
    Problem at(int line, const std::string& field, std::string message, std::string hint) const {
        return Problem{Location{file_, line, 0}, field, std::move(message), std::move(hint)};
    }

    const RecordStore& store_;
    Kind kind_;
    const std::string& file_;
    const ImportOptions& options_;
    ImportPlan& plan_;
    const Vocabularies& vocab_;
    std::set<std::string> ids_;
    std::map<std::string, std::set<std::string>> used_;         // key -> values records have
    std::map<Kind, std::set<std::string, std::less<>>> known_;  // the ids of each kind named
};

void RowReader::remember_values(const yaml::Node& doc) {
    for (const auto& key : settable_keys(kind_))
        if (compared_with_used(key))
            for (auto& value : field_list(doc, key))
                used_[key].insert(std::move(value));
}

// A date the way the file writes it: 18/03/2024 is read day first with --day-first, and
// refused without. False when it is refused.
bool RowReader::read_date(const Field& f, Assignment& a, RowValues& out, int line) {
    auto parts = day_first_parts(trim(a.text));
    if (!parts) return true;
    std::string iso = parts->str();
    std::string shown = f.confidential ? "the value given" : fmt::format("'{}'", trim(a.text));
    if (options_.day_first && parse_date(iso)) {
        a.text = iso;
        return true;
    }
    if (options_.day_first) {
        std::string problem = date_problem(iso);
        // `'2024-18-03' has no month 18` as the file wrote it: `'03/18/2024' has no month 18`
        auto quoted = fmt::format("'{}'", iso);
        problem.replace(problem.find(quoted), quoted.size(), shown);
        out.problems.push_back(at(line, a.shown, problem + ", read day first",
                                  "--day-first reads dates as day/month/year: write e.g. "
                                  "18/03/2024, or YYYY-MM-DD"));
        return false;
    }
    out.problems.push_back(at(
        line, a.shown, fmt::format("{} is not a date written YYYY-MM-DD", shown),
        parse_date(iso) && !f.confidential
            ? fmt::format("pass --day-first to read it as day/month/year ({}), or write it as {}",
                          iso, iso)
        : parse_date(iso) ? std::string("pass --day-first to read it as day/month/year, or write "
                                        "it as YYYY-MM-DD")
                          : std::string("write the date as YYYY-MM-DD, e.g. 2024-03-18")));
    return false;
}

// A suggestion vfi is sure of: with --accept-suggestions the value becomes `taken`, said in a
// note; without, a value the field refuses (a listed value or a tag written otherwise) is a
// problem, and one it allows (a cohort others write otherwise) a note, each hint naming the
// suggestion.
void RowReader::take_or_refuse(const Field& f, Assignment& a, const std::string& taken,
                               Spelling spelling, RowValues& out, int line) {
    std::string was = trim(a.text);
    if (options_.accept_suggestions) {
        a.text = taken;
        out.notes.push_back(at(
            line, a.shown,
            f.confidential ? std::string("took the value given as spelt in the list (not repeated "
                                         "here, as the field is confidential)")
                           : fmt::format("took '{}' as {}", was, taken),
            {}));
        return;
    }
    if (f.confidential) {
        out.problems.push_back(at(line, a.shown,
                                  "the value given is written another way than the list",
                                  "it is not repeated here, as the field is confidential; spell "
                                  "it as the list does, or pass --accept-suggestions to take the "
                                  "list's spelling"));
        a.text.clear();
        return;
    }
    std::string fix =
        fmt::format("write it as {}, or pass --accept-suggestions to take that", taken);
    if (spelling == Spelling::used)
        out.notes.push_back(
            at(line, a.shown,
               fmt::format("'{}' is kept as written, though other {}s have it as {}", was,
                           kind_name(kind_), taken),
               "if it is the same, " + fix));
    else
        out.problems.push_back(at(line, a.shown,
                                  spelling == Spelling::tag
                                      ? fmt::format("'{}' is not written as tags are", was)
                                      : fmt::format("'{}' is not written as vfi lists it", was),
                                  fix));
}

// A value of a list (region, modes, status...) written another way: `West Midlands`.
void RowReader::listed_spelling(const Field& f, Assignment& a, RowValues& out, int line) {
    const auto* list = vocab_.find(f.vocabulary);
    if (!list) return;
    auto items = is_list(f.type) ? split(a.text, ',') : std::vector<std::string>{trim(a.text)};
    bool changed = false;
    for (auto& item : items) {
        if (vocab_.contains(f.vocabulary, item)) continue;
        for (const auto& word : *list)
            if (column_key(word) == column_key(item)) {
                item = word;
                changed = true;
            }
    }
    if (changed) take_or_refuse(f, a, join(items, ", "), Spelling::listed, out, line);
}

// Free tags (interests, focus...): `Mental Health` is the tag mental-health.
void RowReader::free_tags(const Field& f, Assignment& a, RowValues& out, int line) {
    auto items = is_list(f.type) ? split(a.text, ',') : std::vector<std::string>{trim(a.text)};
    bool changed = false;
    for (auto& item : items)
        if (!valid_tag(item) && valid_tag(to_tag(item))) {
            item = to_tag(item);
            changed = true;
        }
    if (changed) take_or_refuse(f, a, join(items, ", "), Spelling::tag, out, line);
}

// A cohort or tag new to the records, but the same as one they have written another way (taken
// or noted), or close to one ("did you mean", noted).
void RowReader::compare_with_used(Assignment& a, RowValues& out, int line) {
    const auto& used = used_[a.key];
    if (used.empty()) return;
    const Field& f = *find_field(kind_, a.key);
    bool tags = f.type == FieldType::tag || f.type == FieldType::tags;
    auto items = tags ? split(a.text, ',') : std::vector<std::string>{trim(a.text)};
    bool changed = false;
    std::vector<std::string> near;
    for (auto& item : items) {
        if (used.count(item)) continue;
        auto same = std::find_if(used.begin(), used.end(), [&](const std::string& u) {
            return column_key(u) == column_key(item);
        });
        if (same != used.end()) {
            item = *same;
            changed = true;
            continue;
        }
        std::vector<std::string> alike;
        for (const auto& u : used)
            if (digits_of(u) == digits_of(item)) alike.push_back(lower(u));
        std::string close = nearest(lower(item), alike);
        if (!close.empty())
            for (const auto& u : used)
                if (lower(u) == close) {
                    out.notes.push_back(
                        at(line, a.shown,
                           fmt::format("'{}' is new to the {}s' {}, kept as written", item,
                                       kind_name(kind_), a.key),
                           fmt::format("did you mean '{}'? If so, correct the cell, or the record "
                                       "afterwards with `vfi {} set ID {}={}`",
                                       u, kind_command(kind_), a.key, u)));
                    break;
                }
    }
    if (changed) take_or_refuse(f, a, join(items, tags ? ", " : ""), Spelling::used, out, line);
}

// One cell as a value: its date read as --day-first says, a suggestion taken or named, then
// checked alone, so that each problem of the row is told at once.
void RowReader::read_cell(Assignment a, RowValues& out, int line) {
    const Field* f = find_field(kind_, a.key);
    if (f && f->type == FieldType::date && !read_date(*f, a, out, line)) return;
    std::size_t before = out.problems.size();
    if (f && !f->vocabulary.empty()) listed_spelling(*f, a, out, line);
    if (f && f->vocabulary.empty() && (f->type == FieldType::tag || f->type == FieldType::tags))
        free_tags(*f, a, out, line);
    if (out.problems.size() != before) return;
    if (compared_with_used(a.key)) compare_with_used(a, out, line);
    try {
        auto scratch = yaml::Node::map();
        assign(scratch, kind_, a.key, a.text, vocab_, a.shown, Assigning::new_record);
        out.values.push_back(std::move(a));
    } catch (const Error& e) {
        // A list vfi.yaml cannot extend, and no value near: any of the list will do.
        std::string hint = e.hint().empty() && f && !f->vocabulary.empty()
                               ? std::string("write one of those")
                               : e.hint();
        out.problems.push_back(at(line, e.field(), e.message(), hint));
    }
}

void RowReader::read(const CsvRow& row, std::size_t header_size) {
    if (row.cells.size() > header_size &&
        std::any_of(row.cells.begin() + static_cast<long>(header_size), row.cells.end(),
                    [](const std::string& c) { return !c.empty(); })) {
        plan_.problems.push_back(
            at(row.line, {},
               fmt::format("the row has {} cells but the header names {} columns", row.cells.size(),
                           header_size),
               "check for a comma inside a cell that is not in quotes"));
        ++plan_.invalid_rows;
        return;
    }
    RowValues out;
    const auto& columns = plan_.columns;
    for (std::size_t c = 0; c < columns.size() && c < row.cells.size(); ++c)
        if (!columns[c].second.empty() && !row.cells[c].empty())
            read_cell(Assignment{columns[c].second, row.cells[c], columns[c].first}, out, row.line);
    for (const auto& key : required_keys(kind_))
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c].second == key && (c >= row.cells.size() || row.cells[c].empty()))
                out.problems.push_back(at(row.line, columns[c].first,
                                          fmt::format("the cell is empty, and every {} needs {}",
                                                      kind_name(kind_), with_article(key)),
                                          "fill it in, or remove the row"));
    for (auto& n : out.notes)
        plan_.notes.push_back(std::move(n));
    if (!out.problems.empty()) {
        for (auto& p : out.problems)
            plan_.problems.push_back(std::move(p));
        ++plan_.invalid_rows;
        return;
    }
    make_record(row, std::move(out.values));
}

// The record of a row whose values are each right: refused if they disagree (active without
// training), if it is someone already there, or if it names a record that does not exist.
void RowReader::make_record(const CsvRow& row, std::vector<Assignment> values) {
    std::string id;
    do
        id = random_id(kind_);
    while (ids_.count(id));
    std::vector<Problem> problems;
    yaml::Node doc;
    try {
        doc = new_person(kind_, id, values, vocab_, options_.today, options_.since);
    } catch (const Error& e) {
        problems.push_back(at(row.line, e.field(), e.message(), e.hint()));
    }
    if (problems.empty()) {
        for (const auto& existing : store_.records(kind_))
            if (auto how = same_as(kind_, existing.doc, doc); !how.empty())
                problems.push_back(
                    at(row.line, {}, fmt::format("the same person ({}) as {}", how, existing.id),
                       fmt::format("remove the row: they are already there (`vfi {} show {}`)",
                                   kind_command(kind_), existing.id)));
        for (const auto& earlier : plan_.rows)
            if (auto how = same_as(kind_, earlier.doc, doc); !how.empty())
                problems.push_back(
                    at(row.line, {},
                       fmt::format("the same person ({}) as the row on line {}", how, earlier.line),
                       "remove one of the two rows"));
    }
    if (problems.empty()) {
        // What the row names must exist (a conflict with a leader id), as the write gate will
        // insist: told here, by line, so --dry-run and --skip-invalid see it.
        auto named = [&](std::string_view other) {
            Kind k = *kind_of_id(other);
            if (!known_.count(k))
                for (auto& i : store_.ids(k))
                    known_[k].insert(std::move(i));
            return known_[k].count(other) != 0;
        };
        missing_references(Record{kind_, id, file_, doc}, named, problems);
        for (auto& p : problems)
            p.where = Location{file_, row.line, 0};
    }
    if (!problems.empty()) {
        for (auto& p : problems)
            plan_.problems.push_back(std::move(p));
        ++plan_.invalid_rows;
        return;
    }
    ids_.insert(id);
    remember_values(doc);
    plan_.rows.push_back(ImportRow{row.line, id, std::move(doc)});
}

}  // namespace

ImportPlan plan_import(const RecordStore& store, Kind kind, const std::string& csv_text,
                       const std::string& file, const ImportOptions& options) {
    ImportPlan plan;
    auto rows = parse_csv(csv_text, file);
    if (rows.empty())
        throw Error(ExitCode::bad_data, Location{file, 0, 0}, {}, "the file has no rows",
                    "the first row names the columns, e.g. Name,Email,Region");
    plan_columns(kind, rows.front(), file, options, plan);
    RowReader reader(store, kind, file, options, plan);
    for (std::size_t r = 1; r < rows.size(); ++r)
        reader.read(rows[r], rows.front().cells.size());
    return plan;
}

}  // namespace vfi
